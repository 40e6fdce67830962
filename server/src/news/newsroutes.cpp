#include "news/newsroutes.h"

#include "base/clock.h"
#include "cards/formcheck.h"
#include "feed/deltaroute.h"
#include "http/ownobjectroutes.h"
#include "news/newsservice.h"

#include <QJsonArray>

namespace tessera::server {

namespace {

// The key's or the signed-in publisher's own posts (a person's routes have no key).
NewsOwner ownerOf(const HttpRequest &request)
{
    return request.principal->isSubsystem() ? NewsOwner::key(request.principal->apiKeyId)
                                            : NewsOwner::person(request.principal->userId);
}

HttpResponse notFound(const HttpRequest &request)
{
    return http::error(404, QStringLiteral("not_found"),
        request.principal->isSubsystem() ? QStringLiteral("This API key has no post with that id.")
                                         : QStringLiteral("You have no post with that id."));
}

} // namespace

NewsRoutes::NewsRoutes(NewsService &service)
    : m_service(service)
{ }

void NewsRoutes::addRoutes(RouteTable &routes)
{
    using M = RouteTable::Method;
    const auto putPost = [this](const HttpRequest &request) { return put(request); };
    const auto removePost = [this](const HttpRequest &request) { return remove(request); };
    OwnObjectRoutes::addPutAndDelete(routes, QStringLiteral("/v1/subsystem/news/{postId}"),
        ApiScope::NewsWrite, postBodyBytes, putPost, removePost);
    routes.add(M::Get, QStringLiteral("/v1/subsystem/news/{postId}/stats"), ApiScope::NewsWrite,
        [this](const HttpRequest &request) { return stats(request); });
    // A person with the publisher role: the same answers, on their own posts.
    OwnObjectRoutes::addPutAndDelete(routes, QStringLiteral("/v1/news/posts/{postId}"),
        Access::Publisher, postBodyBytes, putPost, removePost);
    routes.add(M::Get, QStringLiteral("/v1/news/posts/{postId}/stats"), Access::Publisher,
        [this](const HttpRequest &request) { return stats(request); });
    routes.add(M::Get, QStringLiteral("/v1/news"), Access::SignedIn,
        [this](const HttpRequest &request) { return changes(request); });
    routes.add(M::Post, QStringLiteral("/v1/news/read"), Access::SignedIn,
        [this](const HttpRequest &request) { return markRead(request); });
}

HttpResponse NewsRoutes::put(const HttpRequest &request)
{
    const NewsOwner owner = ownerOf(request);
    HttpResponse refused;
    const std::optional<OwnObjectRoutes::Put> given =
        OwnObjectRoutes::readPut(request, QStringLiteral("A post id"), m_service, owner, &refused);
    if (!given)
        return refused;
    NewsRequest::Problem problem;
    const std::optional<NewsRequest> post =
        NewsRequest::read(given->body, given->hosts, m_service.clock().now(), &problem);
    if (!post)
        return FormCheck::refusal(problem.code, problem.path, problem.message);
    const NewsService::PutResult result = m_service.put(owner, given->id, *post);
    using Outcome = NewsService::PutResult::Outcome;
    if (result.outcome == Outcome::Failed)
        return http::internalError();
    return http::json(
        QJsonObject {
            { QStringLiteral("id"), result.post.id },
            { QStringLiteral("postId"), result.post.postId },
            { QStringLiteral("version"), result.post.version },
            { QStringLiteral("publishAt"), result.post.publishAt },
            { QStringLiteral("state"),
                result.post.published ? QStringLiteral("published") : QStringLiteral("scheduled") },
        },
        result.outcome == Outcome::Created ? 201 : 200);
}

HttpResponse NewsRoutes::remove(const HttpRequest &request)
{
    return OwnObjectRoutes::remove(request, notFound(request),
        [&](const QString &postId) { return m_service.remove(ownerOf(request), postId); });
}

HttpResponse NewsRoutes::stats(const HttpRequest &request)
{
    const QString postId = request.params.value(0);
    if (!OwnObjectRoutes::isOwnId(postId))
        return notFound(request);
    const NewsService::Stats stats = m_service.stats(ownerOf(request), postId);
    switch (stats.outcome) {
    case NewsService::Stats::Outcome::Found:
        return http::json(QJsonObject { { QStringLiteral("id"), stats.id },
            { QStringLiteral("audience"), qint64(stats.audience) },
            { QStringLiteral("read"), qint64(stats.read) } });
    case NewsService::Stats::Outcome::NotFound:
        return notFound(request);
    case NewsService::Stats::Outcome::Failed:
        break;
    }
    return http::internalError();
}

HttpResponse NewsRoutes::changes(const HttpRequest &request)
{
    // The page answers itself (each object serialized once, straight into the answer).
    return DeltaRoute::answer(
        request, m_service.connection(), [this](const QString &userId, qint64 since) {
            const NewsService::Page page = m_service.changesFor(userId, since);
            return page.ok ? page.answer() : http::internalError();
        });
}

HttpResponse NewsRoutes::markRead(const HttpRequest &request)
{
    QString error;
    const std::optional<QJsonObject> body = request.jsonBody(&error);
    if (!body)
        return FormCheck::refusal(QStringLiteral("invalid_field"), QStringLiteral("$"), error);
    for (auto it = body->begin(); it != body->end(); ++it) {
        if (it.key() != QLatin1String("ids"))
            return FormCheck::refusal(QStringLiteral("invalid_field"),
                QStringLiteral("$.") + it.key(),
                QStringLiteral("is not a field of a read mark (ids)"));
    }
    const QJsonValue ids = body->value(QStringLiteral("ids"));
    const QJsonArray list = ids.toArray();
    if (!ids.isArray() || list.isEmpty() || list.size() > NewsService::maxReadIds)
        return FormCheck::refusal(QStringLiteral("invalid_field"), QStringLiteral("$.ids"),
            QStringLiteral("must be a list of 1 to %1 post ids").arg(NewsService::maxReadIds));
    QStringList given;
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QJsonValue id = list.at(i);
        if (!id.isString() || id.toString().isEmpty() || id.toString().size() > 128)
            return FormCheck::refusal(QStringLiteral("invalid_field"),
                QStringLiteral("$.ids[%1]").arg(i),
                QStringLiteral("must be a post id (text of 1 to 128 characters)"));
        given.append(id.toString());
    }
    const NewsService::ReadResult result = m_service.markRead(request.principal->userId, given);
    if (!result.ok)
        return http::internalError();
    return http::json(
        QJsonObject { { QStringLiteral("read"), QJsonArray::fromStringList(result.read) },
            { QStringLiteral("ignored"), QJsonArray::fromStringList(result.ignored) } });
}

} // namespace tessera::server
