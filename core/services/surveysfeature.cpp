#include "services/surveysfeature.h"

#include "feed/streamclient.h"
#include "inbox/inboxsync.h"
#include "services/clientstack.h"
#include "surveys/surveyansweroutbox.h"
#include "surveys/surveysmodel.h"
#include "surveys/surveystore.h"
#include "surveys/surveysync.h"

namespace tessera {

std::unique_ptr<ClientFeature> SurveysFeature::create(ClientStack &stack)
{
    return std::make_unique<SurveysFeature>(stack);
}

SurveysFeature::SurveysFeature(ClientStack &stack)
    : m_store(std::make_unique<SurveyStore>())
    , m_sync(std::make_unique<SurveySync>(stack.session(), *m_store))
    , m_outbox(std::make_unique<SurveyAnswerOutbox>(stack.session(), *m_store))
    , m_model(std::make_unique<SurveysModel>(*m_store, m_outbox.get()))
{
    if (const auto &delays = stack.options().retryDelays) {
        m_sync->setRetryDelays(delays->first, delays->last);
        m_outbox->setRetryDelays(delays->first, delays->last);
    }
    // The inbox's stream carries every feature's hints; what waits in the outbox goes when the
    // stream (the server) is back.
    if (const InboxSync *inbox = stack.part<InboxSync>()) {
        m_sync->attachStream(inbox->stream());
        SurveyAnswerOutbox *outbox = m_outbox.get();
        SurveysModel *model = m_model.get();
        QObject::connect(
            &inbox->stream(), &StreamClient::opened, outbox, &SurveyAnswerOutbox::sendNow);
        model->setOffline(inbox->isOffline());
        QObject::connect(inbox, &InboxSync::offlineChanged, model, [inbox, model, outbox]() {
            model->setOffline(inbox->isOffline());
            if (!inbox->isOffline())
                outbox->sendNow();
        });
    }
    m_model->setSync(m_sync.get());
}

SurveysFeature::~SurveysFeature()
{
    m_model.reset();
    m_outbox.reset();
    m_sync.reset();
    m_store.reset();
}

QList<QObject *> SurveysFeature::parts() const
{
    return { m_store.get(), m_sync.get(), m_outbox.get(), m_model.get() };
}

void SurveysFeature::start()
{
    m_sync->start();
    m_outbox->sendNow();
}

void SurveysFeature::stop()
{
    m_sync->stop();
}

void SurveysFeature::setForeground(bool foreground)
{
    m_sync->setForeground(foreground);
    if (foreground)
        m_outbox->sendNow();
}

} // namespace tessera
