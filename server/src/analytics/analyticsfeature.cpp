#include "analytics/analyticsfeature.h"

#include "analytics/analyticsroutes.h"
#include "analytics/analyticsstore.h"
#include "base/clock.h"
#include "maintenance/scheduledjob.h"

namespace tessera::server {

AnalyticsFeature::AnalyticsFeature(Storage &storage, const Clock &clock, bool defaultConsent)
    : m_store(std::make_unique<AnalyticsStore>(storage))
    , m_routes(std::make_unique<AnalyticsRoutes>(*m_store, clock, defaultConsent))
{
    // Hourly on one node: a raw event lives at most 7 days and an hour.
    m_job = std::make_unique<ScheduledJob>(storage, clock,
        ScheduledJob::Schedule { QStringLiteral("analytics-retention"), std::chrono::hours(1),
            std::chrono::minutes(30) },
        [store = m_store.get(), &clock](const ScheduledJob::Confirm &) {
            return store->prune(clock.now()) ? QString()
                                             : QStringLiteral("the database refused a deletion");
        });
}

AnalyticsFeature::~AnalyticsFeature() = default;

void AnalyticsFeature::addRoutes(RouteTable &routes)
{
    m_routes->addRoutes(routes);
}

void AnalyticsFeature::start(QThreadPool *pool)
{
    m_job->start(pool);
}

} // namespace tessera::server
