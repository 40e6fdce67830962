#pragma once

#include "services/syncedfeature.h"

namespace tessera {

class SurveyAnswerOutbox;
class SurveyStore;
class SurveySync;
class SurveysModel;

extern template class SyncedFeature<SurveyStore, SurveySync, SurveyAnswerOutbox, SurveysModel>;

// Surveys: the surveys cache in the session's database, its delta sync (woken by the inbox's live
// stream), the answer outbox (sent when the server is back) and the list model.
class SurveysFeature final
    : public SyncedFeature<SurveyStore, SurveySync, SurveyAnswerOutbox, SurveysModel>
{
public:
    static std::unique_ptr<ClientFeature> create(ClientStack &stack);
    explicit SurveysFeature(ClientStack &stack);
    ~SurveysFeature() override;
};

} // namespace tessera
