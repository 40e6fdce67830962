#include "media/mediaroutes.h"

#include "media/mediarefs.h"
#include "media/mediaservice.h"
#include "media/mediatype.h"

namespace tessera::server {

namespace {

HttpResponse notFound()
{
    // The same answer whether the medium does not exist or the person may not see it.
    return http::error(
        404, QStringLiteral("not_found"), QStringLiteral("There is no such medium."));
}

} // namespace

MediaRoutes::MediaRoutes(MediaService &service)
    : m_service(service)
{ }

void MediaRoutes::addRoutes(RouteTable &routes)
{
    using M = RouteTable::Method;
    const QString uploads = QStringLiteral("/v1/subsystem/media");
    routes.add(M::Post, uploads, ApiScope::CardsWrite,
        [this](const HttpRequest &request) { return upload(request); });
    routes.setMaxBodyBytes(M::Post, uploads, MediaService::maxBytes);
    const QString publisherUploads = QStringLiteral("/v1/news/media");
    routes.add(M::Post, publisherUploads, Access::Publisher,
        [this](const HttpRequest &request) { return upload(request); });
    routes.setMaxBodyBytes(M::Post, publisherUploads, MediaService::maxBytes);
    routes.add(M::Get, QStringLiteral("/v1/media/{id}"), Access::SignedIn,
        [this](const HttpRequest &request) { return fetch(request); });
}

HttpResponse MediaRoutes::upload(const HttpRequest &request)
{
    const QString declared = MediaType::essence(request.header(QByteArrayLiteral("Content-Type")));
    if (!MediaType::accepted().contains(declared))
        return http::error(415, QStringLiteral("unsupported_media_type"),
            QStringLiteral("A medium is an image: Content-Type %1.")
                .arg(MediaType::accepted().join(QStringLiteral(", "))));
    const QString sniffed = MediaType::sniff(request.body);
    if (sniffed != declared)
        return http::error(422, QStringLiteral("media_type_mismatch"),
            sniffed.isEmpty()
                ? QStringLiteral("The body is not a %1 image (its first bytes are not one's).")
                      .arg(declared)
                : QStringLiteral("The body is a %1 image, not %2 as Content-Type says.")
                      .arg(sniffed, declared));
    const Principal &caller = *request.principal;
    const MediaService::Upload result =
        m_service.upload(caller.apiKeyId.isEmpty() ? MediaService::Owner::person(caller.userId)
                                                   : MediaService::Owner::key(caller.apiKeyId),
            declared, request.body);
    if (result.outcome == MediaService::Upload::Outcome::Failed)
        return http::internalError();
    const MediaService::Medium &medium = result.medium;
    return http::json(
        QJsonObject {
            { QStringLiteral("id"), medium.id },
            { QStringLiteral("url"), m_service.refs().urlOf(medium.id) },
            { QStringLiteral("contentType"), medium.contentType },
            { QStringLiteral("size"), medium.size },
            { QStringLiteral("sha256"), medium.sha256 },
        },
        result.outcome == MediaService::Upload::Outcome::Created ? 201 : 200);
}

HttpResponse MediaRoutes::fetch(const HttpRequest &request)
{
    MediaService::Medium medium;
    switch (m_service.fetchFor(request.principal->userId, request.params.value(0), &medium)) {
    case MediaService::Fetch::Found:
        break;
    case MediaService::Fetch::NotFound:
        return notFound();
    case MediaService::Fetch::Failed:
        return http::internalError();
    }
    const QByteArray etag = '"' + medium.sha256.toLatin1() + '"';
    HttpResponse response;
    response.setHeader(QByteArrayLiteral("Cache-Control"),
        QByteArrayLiteral("private, max-age=") + QByteArray::number(maxAgeSeconds));
    response.setHeader(QByteArrayLiteral("X-Content-Type-Options"), QByteArrayLiteral("nosniff"));
    response.setHeader(QByteArrayLiteral("ETag"), etag);
    // An app that has these bytes already gets 304 without them.
    for (const QByteArray &tag : request.header(QByteArrayLiteral("If-None-Match")).split(',')) {
        if (tag.trimmed() == etag) {
            response.status = 304;
            return response;
        }
    }
    response.status = 200;
    response.contentType = medium.contentType.toLatin1();
    response.body = medium.bytes;
    return response;
}

} // namespace tessera::server
