#pragma once

#include "services/clientfeature.h"

#include <memory>

namespace tessera {

class SurveyAnswerOutbox;
class SurveysModel;
class SurveyStore;
class SurveySync;

// Surveys: the surveys cache in the session's database, its delta sync (woken by the inbox's live
// stream), the answer outbox (sent when the server is back) and the list model.
class SurveysFeature final : public ClientFeature
{
public:
    static std::unique_ptr<ClientFeature> create(ClientStack &stack);
    explicit SurveysFeature(ClientStack &stack);
    ~SurveysFeature() override;

    QList<QObject *> parts() const override;
    void start() override;
    void stop() override;
    void setForeground(bool foreground) override;

private:
    std::unique_ptr<SurveyStore> m_store;
    std::unique_ptr<SurveySync> m_sync;
    std::unique_ptr<SurveyAnswerOutbox> m_outbox;
    std::unique_ptr<SurveysModel> m_model;
};

} // namespace tessera
