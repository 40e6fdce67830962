#include "services/serviceroutes.h"

#include "base/clock.h"
#include "cards/cardlimits.h"
#include "feed/changefeed.h"
#include "feed/deltaroute.h"
#include "http/idempotentrequest.h"
#include "services/servicecatalogue.h"
#include "services/servicerequest.h"
#include "services/submissionservice.h"
#include "storage/storage.h"

namespace tessera::server {

namespace {

HttpResponse badCursor()
{
    return http::badRequest(QStringLiteral("“since” is not a cursor this server gave."));
}

} // namespace

ServiceRoutes::ServiceRoutes(ServiceCatalogue &catalogue, SubmissionService &submissions)
    : m_catalogue(catalogue)
    , m_submissions(submissions)
{ }

void ServiceRoutes::addRoutes(RouteTable &routes)
{
    using M = RouteTable::Method;
    const QString service = QStringLiteral("/v1/subsystem/services/{serviceId}");
    const QString submissions = QStringLiteral("/v1/services/{id}/submissions");
    const QString status = QStringLiteral("/v1/subsystem/submissions/{id}/status");
    routes.add(M::Put, service, ApiScope::ServicesWrite,
        [this](const HttpRequest &request) { return putService(request); });
    routes.add(M::Delete, service, ApiScope::ServicesWrite,
        [this](const HttpRequest &request) { return withdrawService(request); });
    routes.add(M::Post, status, ApiScope::ServicesWrite,
        [this](const HttpRequest &request) { return setStatus(request); });
    routes.add(M::Get, QStringLiteral("/v1/subsystem/submissions"), ApiScope::SubmissionsRead,
        [this](const HttpRequest &request) { return keySubmissions(request); });
    routes.add(M::Get, QStringLiteral("/v1/services"), Access::SignedIn,
        [this](const HttpRequest &request) { return catalogue(request); });
    routes.add(M::Post, submissions, Access::SignedIn,
        [this](const HttpRequest &request) { return submit(request); });
    routes.add(M::Get, QStringLiteral("/v1/submissions"), Access::SignedIn,
        [this](const HttpRequest &request) { return myRequests(request); });
    // A card's limit is the body's: a form or a result card with the fields around it.
    routes.setMaxBodyBytes(M::Put, service, cards::maxCardBytes);
    routes.setMaxBodyBytes(M::Post, submissions, cards::maxCardBytes);
    routes.setMaxBodyBytes(M::Post, status, cards::maxCardBytes);
}

HttpResponse ServiceRoutes::putService(const HttpRequest &request)
{
    QString error;
    const std::optional<QJsonObject> body = request.jsonBody(&error);
    if (!body)
        return http::badRequest(error);
    return m_catalogue.put(request.principal->apiKeyId, request.params.value(0), *body);
}

HttpResponse ServiceRoutes::withdrawService(const HttpRequest &request)
{
    return m_catalogue.withdraw(request.principal->apiKeyId, request.params.value(0));
}

HttpResponse ServiceRoutes::catalogue(const HttpRequest &request)
{
    // The catalogue builds its answer itself; its 400 names only "since", as it did before
    // "reset" (the message stays what apps and tests have seen).
    return DeltaRoute::answer(
        request, m_catalogue.feed().storage().connection(),
        [this](const QString &userId, qint64 since) {
            return m_catalogue.changedSince(userId, since);
        },
        badCursor());
}

HttpResponse ServiceRoutes::submit(const HttpRequest &request)
{
    const Principal &caller = *request.principal;
    return answerIdempotently(request, QStringLiteral("user:") + caller.userId,
        m_submissions.feed().storage().connection(), m_submissions.clock().now(),
        [&](const IdempotentComplete &complete) -> HttpResponse {
            QString error;
            return m_submissions.submit(
                caller.userId, request.params.value(0), *request.jsonBody(&error), complete);
        });
}

HttpResponse ServiceRoutes::myRequests(const HttpRequest &request)
{
    const std::optional<qint64> since = request.sinceCursor();
    if (!since)
        return badCursor();
    return m_submissions.ofPerson(request.principal->userId, *since);
}

HttpResponse ServiceRoutes::setStatus(const HttpRequest &request)
{
    QString error;
    const std::optional<QJsonObject> body = request.jsonBody(&error);
    if (!body)
        return http::badRequest(error);
    return m_submissions.setStatus(request.principal->apiKeyId, request.params.value(0), *body);
}

HttpResponse ServiceRoutes::keySubmissions(const HttpRequest &request)
{
    const std::optional<qint64> since = request.sinceCursor();
    if (!since)
        return badCursor();
    const std::optional<int> limit =
        request.pageLimit(SubmissionService::defaultKeyPageSize, SubmissionService::maxKeyPageSize);
    if (!limit)
        return http::badRequest(QStringLiteral("“limit” must be a number from 1 to %1.")
                                    .arg(SubmissionService::maxKeyPageSize));
    const QString serviceId = request.query.queryItemValue(QStringLiteral("serviceId"));
    if (request.query.hasQueryItem(QStringLiteral("serviceId"))
        && !ServiceRequest::isValidOwnId(serviceId))
        return http::badRequest(QStringLiteral("“serviceId” is not a service id."));
    return m_submissions.ofKey(request.principal->apiKeyId, serviceId, *since, *limit);
}

} // namespace tessera::server
