#include "surveys/surveysfeature.h"

#include "maintenance/scheduledjob.h"
#include "subsystems/webhookdispatcher.h"
#include "surveys/surveyroutes.h"
#include "surveys/surveyservice.h"
#include "surveys/surveywebhooks.h"

namespace tessera::server {

SurveysFeature::SurveysFeature(
    Storage &storage, ChangeFeed &feed, const Clock &clock, const FormCheck &formCheck)
    : m_service(std::make_unique<SurveyService>(feed, clock, formCheck))
    , m_routes(std::make_unique<SurveyRoutes>(*m_service))
{
    // Every 5 s on one node: a survey closes within seconds of its closesAt.
    m_job = std::make_unique<ScheduledJob>(storage, clock,
        ScheduledJob::Schedule {
            QStringLiteral("surveys-schedule"), std::chrono::seconds(5), std::chrono::minutes(2) },
        [service = m_service.get()](const ScheduledJob::Confirm &) {
            return service->closeDue() ? QString()
                                       : QStringLiteral("the database refused a closing");
        });
}

SurveysFeature::~SurveysFeature() = default;

void SurveysFeature::addRoutes(RouteTable &routes)
{
    m_routes->addRoutes(routes);
}

void SurveysFeature::addWebhooks(WebhookDispatcher &webhooks)
{
    for (const QString &event : { SurveyWebhooks::answerEvent(), SurveyWebhooks::batchEvent() }) {
        webhooks.addBuilder(event,
            WebhookDispatcher::Builder { [event](QSqlDatabase &db, const QString &ref,
                                             const QString &deliveryId, bool *failed) {
                                            return SurveyWebhooks::body(
                                                db, event, ref, deliveryId, failed);
                                        },
                [event](QSqlDatabase &db, const QString &ref) {
                    return SurveyWebhooks::delivered(db, event, ref);
                } });
    }
    m_service->setDeliveryListener([&webhooks] { webhooks.kick(); });
}

void SurveysFeature::start(QThreadPool *pool)
{
    m_job->start(pool);
}

} // namespace tessera::server
