#include "attest/attestfeature.h"

#include "attest/attestroutes.h"
#include "attest/attestservice.h"
#include "maintenance/scheduledjob.h"

namespace tessera::server {

AttestFeature::AttestFeature(
    Storage &storage, const Clock &clock, const FormCheck &formCheck, RouteTable &routes)
    : m_service(std::make_unique<AttestService>(storage, clock, formCheck))
    , m_routes(std::make_unique<AttestRoutes>(*m_service))
{
    m_routes->addRoutes(routes);
    // Every hour of the server's clock on one node (a day's answers go within the hour the
    // retention ends; --clock-file moves it on).
    m_job = std::make_unique<ScheduledJob>(storage, clock,
        ScheduledJob::Schedule { QStringLiteral("attestation-retention"), std::chrono::hours(1),
            std::chrono::minutes(10) },
        [service = m_service.get()](const ScheduledJob::Confirm &) {
            return service->sweep() ? QString() : QStringLiteral("the database refused a deletion");
        });
}

AttestFeature::~AttestFeature() = default;

void AttestFeature::start(QThreadPool *pool)
{
    m_job->start(pool);
}

} // namespace tessera::server
