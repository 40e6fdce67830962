#include "services/surveysfeature.h"

#include "surveys/surveyansweroutbox.h"
#include "surveys/surveysmodel.h"
#include "surveys/surveystore.h"
#include "surveys/surveysync.h"

namespace tessera {

template class SyncedFeature<SurveyStore, SurveySync, SurveyAnswerOutbox, SurveysModel>;

std::unique_ptr<ClientFeature> SurveysFeature::create(ClientStack &stack)
{
    return std::make_unique<SurveysFeature>(stack);
}

SurveysFeature::SurveysFeature(ClientStack &stack)
    : SyncedFeature(
        stack, [](SurveyStore &store, SurveyAnswerOutbox &outbox) -> std::unique_ptr<SurveysModel> {
            return std::make_unique<SurveysModel>(store, &outbox);
        })
{ }

SurveysFeature::~SurveysFeature() = default;

} // namespace tessera
