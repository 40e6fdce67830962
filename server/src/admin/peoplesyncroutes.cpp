#include "admin/peoplesyncroutes.h"

#include "identity/peoplesync.h"
#include "maintenance/scheduledjob.h"

namespace tessera::server {

PeopleSyncRoutes::PeopleSyncRoutes(const PeopleSync &sync, ScheduledJob &job)
    : m_sync(sync)
    , m_job(job)
{ }

void PeopleSyncRoutes::addRoutes(RouteTable &routes)
{
    routes.add(RouteTable::Method::Post, QStringLiteral("/v1/admin/people/sync"), Access::Admin,
        [this](const HttpRequest &request) { return sync(request); });
}

namespace {

// heldUntil: when another node's lease lapses, empty when unknown (a sync on this node, or one
// that began just now).
HttpResponse inProgress(const QString &heldUntil)
{
    if (heldUntil.isEmpty())
        return http::error(409, QStringLiteral("sync_in_progress"),
            QStringLiteral("A people sync is running now; this sync was not started. Its result "
                           "will be there in a moment: try again then."));
    return http::error(409, QStringLiteral("sync_in_progress"),
        QStringLiteral("Another server node holds the people sync's lease until %1: it is "
                       "syncing now, or it stopped mid-sync and its lease lapses then. This sync "
                       "was not started: try again later.")
            .arg(heldUntil));
}

} // namespace

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
    PeopleSync::Result result;
    QString heldUntil;
    const ScheduledJob::Run run = m_job.runNow(
        [this, &result, actor = request.principal->userId](const ScheduledJob::Confirm &confirm) {
            result = m_sync.run(actor, confirm);
            return result.failure();
        },
        &heldUntil);
    if (run == ScheduledJob::Run::Busy)
        return inProgress(heldUntil);
    if (run != ScheduledJob::Run::Ran)
        return http::internalError();
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
    case PeopleSync::Outcome::LeaseLost:
        return inProgress({});
    case PeopleSync::Outcome::Failed:
        break;
    }
    return http::internalError();
}

} // namespace tessera::server
