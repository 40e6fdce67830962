#include "services/eventsfeature.h"

#include "events/eventrsvpoutbox.h"
#include "events/eventsmodel.h"
#include "events/eventstore.h"
#include "events/eventsync.h"
#include "feed/streamclient.h"
#include "inbox/inboxsync.h"
#include "services/clientstack.h"

namespace tessera {

std::unique_ptr<ClientFeature> EventsFeature::create(ClientStack &stack)
{
    return std::make_unique<EventsFeature>(stack);
}

EventsFeature::EventsFeature(ClientStack &stack)
    : m_store(std::make_unique<EventStore>())
    , m_sync(std::make_unique<EventSync>(stack.session(), *m_store))
    , m_outbox(std::make_unique<EventRsvpOutbox>(stack.session(), *m_store))
    , m_model(std::make_unique<EventsModel>(*m_store))
{
    if (const auto &delays = stack.options().retryDelays) {
        m_sync->setRetryDelays(delays->first, delays->last);
        m_outbox->setRetryDelays(delays->first, delays->last);
    }
    // The inbox's stream carries every feature's hints: no second stream. What waits in the read
    // outbox goes when the stream (the server) is back.
    if (const InboxSync *inbox = stack.part<InboxSync>()) {
        m_sync->attachStream(inbox->stream());
        EventRsvpOutbox *outbox = m_outbox.get();
        EventsModel *model = m_model.get();
        QObject::connect(
            &inbox->stream(), &StreamClient::opened, outbox, &EventRsvpOutbox::sendNow);
        model->setOffline(inbox->isOffline());
        QObject::connect(inbox, &InboxSync::offlineChanged, model, [inbox, model, outbox]() {
            model->setOffline(inbox->isOffline());
            if (!inbox->isOffline())
                outbox->sendNow();
        });
    }
    m_model->setSync(m_sync.get());
}

EventsFeature::~EventsFeature()
{
    m_model.reset();
    m_outbox.reset();
    m_sync.reset();
    m_store.reset();
}

QList<QObject *> EventsFeature::parts() const
{
    return { m_store.get(), m_sync.get(), m_outbox.get(), m_model.get() };
}

void EventsFeature::start()
{
    m_sync->start();
    m_outbox->sendNow();
}

void EventsFeature::stop()
{
    m_sync->stop();
}

void EventsFeature::setForeground(bool foreground)
{
    m_sync->setForeground(foreground);
    if (foreground)
        m_outbox->sendNow();
}

} // namespace tessera
