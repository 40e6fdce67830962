#include "events/eventsfeature.h"

#include "events/eventsroutes.h"
#include "events/eventsservice.h"
#include "maintenance/scheduledjob.h"

namespace tessera::server {

EventsFeature::EventsFeature(Storage &storage, ChangeFeed &feed, const Clock &clock,
    const FormCheck &formCheck, NotificationService &notifications, RouteTable &routes)
    : m_service(std::make_unique<EventsService>(feed, clock, formCheck, notifications))
    , m_routes(std::make_unique<EventsRoutes>(*m_service))
{
    m_routes->addRoutes(routes);
    // Every 5 s on one node: a reminder reaches the inbox within seconds of its time; the
    // sent-marks keep it to once however often the job runs.
    m_job = std::make_unique<ScheduledJob>(storage, clock,
        ScheduledJob::Schedule {
            QStringLiteral("events-schedule"), std::chrono::seconds(5), std::chrono::minutes(2) },
        [service = m_service.get()](const ScheduledJob::Confirm &) {
            return service->sweep() ? QString()
                                    : QStringLiteral("the database refused an expiry or reminder");
        });
}

EventsFeature::~EventsFeature() = default;

void EventsFeature::start(QThreadPool *pool)
{
    m_job->start(pool);
}

} // namespace tessera::server
