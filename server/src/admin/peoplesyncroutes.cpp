#include "admin/peoplesyncroutes.h"

#include "identity/peoplesync.h"

namespace tessera::server {

PeopleSyncRoutes::PeopleSyncRoutes(const PeopleSync &sync)
    : m_sync(sync)
{ }

void PeopleSyncRoutes::addRoutes(RouteTable &routes)
{
    routes.add(RouteTable::Method::Post, QStringLiteral("/v1/admin/people/sync"), Access::Admin,
        [this](const HttpRequest &request) { return sync(request); });
}

HttpResponse PeopleSyncRoutes::sync(const HttpRequest &request) const
{
    // No body, or an empty JSON object.
    if (!request.body.isEmpty()) {
        QString error;
        const auto body = request.jsonBody(&error);
        if (!body || !body->isEmpty())
            return http::badRequest(
                QStringLiteral("This request takes no body (or an empty JSON object)."));
    }
    const PeopleSync::Result result = m_sync.run(request.principal->userId);
    switch (result.outcome) {
    case PeopleSync::Outcome::Synced:
        return http::json(result.counts());
    case PeopleSync::Outcome::NotConfigured:
        return http::error(409, QStringLiteral("directory_not_configured"),
            QStringLiteral("This server has no directory: its people are local IDs only."));
    case PeopleSync::Outcome::Unavailable:
        return http::error(503, QStringLiteral("directory_unavailable"),
            QStringLiteral("The directory could not be read in full; nothing was changed. Try "
                           "again later."));
    case PeopleSync::Outcome::Failed:
        break;
    }
    return http::internalError();
}

} // namespace tessera::server
