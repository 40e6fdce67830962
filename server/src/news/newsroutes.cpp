#include "news/newsroutes.h"

#include "base/clock.h"
#include "feed/deltareset.h"
#include "news/newsservice.h"

#include <QJsonArray>
#include <QRegularExpression>

namespace tessera::server {

namespace {

// A sub-system's own post id: [A-Za-z0-9._-]{1,64}.
bool isPostId(const QString &id)
{
    static const QRegularExpression pattern(QStringLiteral("^[A-Za-z0-9._-]{1,64}$"));
    return pattern.match(id).hasMatch();
}

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

HttpResponse refusal(const QString &code, const QString &path, const QString &message)
{
    return http::errorWith(422, code, message, QJsonObject { { QStringLiteral("path"), path } });
}

} // namespace

NewsRoutes::NewsRoutes(NewsService &service)
    : m_service(service)
{ }

void NewsRoutes::addRoutes(RouteTable &routes)
{
    using M = RouteTable::Method;
    const QString one = QStringLiteral("/v1/subsystem/news/{postId}");
    routes.add(M::Put, one, ApiScope::NewsWrite,
        [this](const HttpRequest &request) { return put(request); });
    routes.setMaxBodyBytes(M::Put, one, postBodyBytes);
    routes.add(M::Delete, one, ApiScope::NewsWrite,
        [this](const HttpRequest &request) { return remove(request); });
    routes.add(M::Get, QStringLiteral("/v1/subsystem/news/{postId}/stats"), ApiScope::NewsWrite,
        [this](const HttpRequest &request) { return stats(request); });
    // A person with the publisher role: the same answers, on their own posts.
    const QString own = QStringLiteral("/v1/news/posts/{postId}");
    routes.add(M::Put, own, Access::Publisher,
        [this](const HttpRequest &request) { return put(request); });
    routes.setMaxBodyBytes(M::Put, own, postBodyBytes);
    routes.add(M::Delete, own, Access::Publisher,
        [this](const HttpRequest &request) { return remove(request); });
    routes.add(M::Get, QStringLiteral("/v1/news/posts/{postId}/stats"), Access::Publisher,
        [this](const HttpRequest &request) { return stats(request); });
    routes.add(M::Get, QStringLiteral("/v1/news"), Access::SignedIn,
        [this](const HttpRequest &request) { return changes(request); });
    routes.add(M::Post, QStringLiteral("/v1/news/read"), Access::SignedIn,
        [this](const HttpRequest &request) { return markRead(request); });
}

HttpResponse NewsRoutes::put(const HttpRequest &request)
{
    const QString postId = request.params.value(0);
    if (!isPostId(postId))
        return http::badRequest(
            QStringLiteral("A post id is 1 to 64 letters, digits, dots, hyphens or underscores."));
    QString error;
    const std::optional<QJsonObject> body = request.jsonBody(&error);
    if (!body)
        return http::badRequest(error);
    const NewsOwner owner = ownerOf(request);
    QSqlDatabase db = m_service.connection();
    const std::optional<QStringList> hosts = m_service.allowedHosts(db, owner);
    if (!hosts)
        return http::internalError();
    NewsRequest::Problem problem;
    const std::optional<NewsRequest> post =
        NewsRequest::read(*body, *hosts, m_service.clock().now(), &problem);
    if (!post)
        return refusal(problem.code, problem.path, problem.message);
    const NewsService::PutResult result = m_service.put(owner, postId, *post);
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
    const QString postId = request.params.value(0);
    if (!isPostId(postId))
        return notFound(request);
    switch (m_service.remove(ownerOf(request), postId)) {
    case NewsService::RemoveOutcome::Removed:
        return http::noContent();
    case NewsService::RemoveOutcome::NotFound:
        return notFound(request);
    case NewsService::RemoveOutcome::Failed:
        break;
    }
    return http::internalError();
}

HttpResponse NewsRoutes::stats(const HttpRequest &request)
{
    const QString postId = request.params.value(0);
    if (!isPostId(postId))
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
    const std::optional<qint64> since = request.sinceCursor();
    const std::optional<qint64> honoured = DeltaReset::honoured(request);
    if (!since || !honoured)
        return http::badRequest(
            QStringLiteral("“since” or “reset” is not a cursor this server gave."));
    const NewsService::Page page = m_service.changesFor(request.principal->userId, *since);
    if (!page.ok)
        return http::internalError();
    QSqlDatabase db = m_service.connection();
    if (std::optional<HttpResponse> reset =
            DeltaReset::instead(db, request.principal->userId, *since, *honoured))
        return *reset;
    return page.answer();
}

HttpResponse NewsRoutes::markRead(const HttpRequest &request)
{
    QString error;
    const std::optional<QJsonObject> body = request.jsonBody(&error);
    if (!body)
        return refusal(QStringLiteral("invalid_field"), QStringLiteral("$"), error);
    for (auto it = body->begin(); it != body->end(); ++it) {
        if (it.key() != QLatin1String("ids"))
            return refusal(QStringLiteral("invalid_field"), QStringLiteral("$.") + it.key(),
                QStringLiteral("is not a field of a read mark (ids)"));
    }
    const QJsonValue ids = body->value(QStringLiteral("ids"));
    const QJsonArray list = ids.toArray();
    if (!ids.isArray() || list.isEmpty() || list.size() > NewsService::maxReadIds)
        return refusal(QStringLiteral("invalid_field"), QStringLiteral("$.ids"),
            QStringLiteral("must be a list of 1 to %1 post ids").arg(NewsService::maxReadIds));
    QStringList given;
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QJsonValue id = list.at(i);
        if (!id.isString() || id.toString().isEmpty() || id.toString().size() > 128)
            return refusal(QStringLiteral("invalid_field"), QStringLiteral("$.ids[%1]").arg(i),
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
