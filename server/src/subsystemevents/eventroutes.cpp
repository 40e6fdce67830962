#include "subsystemevents/eventroutes.h"

#include "storage/storage.h"
#include "subsystemevents/eventlog.h"

namespace tessera::server {

EventRoutes::EventRoutes(Storage &storage)
    : m_storage(storage)
{ }

void EventRoutes::addRoutes(RouteTable &routes)
{
    routes.add(RouteTable::Method::Get, QStringLiteral("/v1/subsystem/events"),
        ApiScope::EventsRead, [this](const HttpRequest &request) { return events(request); });
}

HttpResponse EventRoutes::events(const HttpRequest &request)
{
    const std::optional<qint64> since = request.sinceCursor();
    if (!since)
        return http::badRequest(QStringLiteral("“since” is not a cursor this server gave."));
    const std::optional<int> limit =
        request.pageLimit(EventLog::defaultPageSize, EventLog::maxPageSize);
    if (!limit)
        return http::badRequest(
            QStringLiteral("“limit” must be a number from 1 to %1.").arg(EventLog::maxPageSize));
    QSqlDatabase db = m_storage.connection();
    const std::optional<EventLog::Page> page =
        EventLog::since(db, request.principal->apiKeyId, *since, *limit);
    if (!page)
        return http::internalError();
    return http::json(QJsonObject { { QStringLiteral("events"), page->events },
        { QStringLiteral("cursor"), QString::number(page->cursor) },
        { QStringLiteral("hasMore"), page->hasMore } });
}

} // namespace tessera::server
