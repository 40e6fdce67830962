#include "services/newsfeature.h"

#include "feed/streamclient.h"
#include "inbox/inboxsync.h"
#include "news/newsmodel.h"
#include "news/newsreadoutbox.h"
#include "news/newsstore.h"
#include "news/newssync.h"
#include "services/clientstack.h"

namespace tessera {

std::unique_ptr<ClientFeature> NewsFeature::create(ClientStack &stack)
{
    return std::make_unique<NewsFeature>(stack);
}

NewsFeature::NewsFeature(ClientStack &stack)
    : m_store(std::make_unique<NewsStore>())
    , m_sync(std::make_unique<NewsSync>(stack.session(), *m_store))
    , m_outbox(std::make_unique<NewsReadOutbox>(stack.session(), *m_store))
    , m_model(std::make_unique<NewsModel>(*m_store))
{
    if (const auto &delays = stack.options().retryDelays) {
        m_sync->setRetryDelays(delays->first, delays->last);
        m_outbox->setRetryDelays(delays->first, delays->last);
    }
    // The inbox's stream carries every feature's hints: no second stream. What waits in the read
    // outbox goes when the stream (the server) is back.
    if (const InboxSync *inbox = stack.part<InboxSync>()) {
        m_sync->attachStream(inbox->stream());
        NewsReadOutbox *outbox = m_outbox.get();
        NewsModel *model = m_model.get();
        QObject::connect(&inbox->stream(), &StreamClient::opened, outbox, &NewsReadOutbox::sendNow);
        model->setOffline(inbox->isOffline());
        QObject::connect(inbox, &InboxSync::offlineChanged, model, [inbox, model, outbox]() {
            model->setOffline(inbox->isOffline());
            if (!inbox->isOffline())
                outbox->sendNow();
        });
    }
    m_model->setSync(m_sync.get());
}

NewsFeature::~NewsFeature()
{
    m_model.reset();
    m_outbox.reset();
    m_sync.reset();
    m_store.reset();
}

QList<QObject *> NewsFeature::parts() const
{
    return { m_store.get(), m_sync.get(), m_outbox.get(), m_model.get() };
}

void NewsFeature::start()
{
    m_sync->start();
    m_outbox->sendNow();
}

void NewsFeature::stop()
{
    m_sync->stop();
}

void NewsFeature::setForeground(bool foreground)
{
    m_sync->setForeground(foreground);
    if (foreground)
        m_outbox->sendNow();
}

} // namespace tessera
