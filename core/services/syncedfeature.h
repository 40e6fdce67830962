#pragma once

#include "feed/streamclient.h"
#include "inbox/inboxsync.h"
#include "services/clientfeature.h"
#include "services/clientstack.h"

#include <memory>

namespace tessera {

// What News, Events and Surveys share in the client stack: the feature's cache in the session's
// database (Store), its delta sync (Sync, woken by the inbox's live stream: one stream for every
// feature), its outbox (Outbox: sent at start, on return to the foreground and when the stream,
// the server, is back) and its list model (Model, shown offline with the stream). Built in that
// order, dropped in the reverse. A feature names its four types, explicitly instantiates this in
// its .cpp (extern template in its header) and gives how its model is made.
template<typename Store, typename Sync, typename Outbox, typename Model>
class SyncedFeature : public ClientFeature
{
public:
    ~SyncedFeature() override;

    QList<QObject *> parts() const override;
    void start() override;
    void stop() override;
    void setForeground(bool foreground) override;

protected:
    using MakeModel = std::unique_ptr<Model> (*)(Store &store, Outbox &outbox);
    SyncedFeature(ClientStack &stack, MakeModel makeModel);

private:
    std::unique_ptr<Store> m_store;
    std::unique_ptr<Sync> m_sync;
    std::unique_ptr<Outbox> m_outbox;
    std::unique_ptr<Model> m_model;
};

template<typename Store, typename Sync, typename Outbox, typename Model>
SyncedFeature<Store, Sync, Outbox, Model>::SyncedFeature(ClientStack &stack, MakeModel makeModel)
    : m_store(std::make_unique<Store>())
    , m_sync(std::make_unique<Sync>(stack.api(), stack.scope(), *m_store))
    , m_outbox(std::make_unique<Outbox>(stack.api(), stack.scope(), *m_store))
    , m_model(makeModel(*m_store, *m_outbox))
{
    if (const auto &delays = stack.options().retryDelays) {
        m_sync->setRetryDelays(delays->first, delays->last);
        m_outbox->setRetryDelays(delays->first, delays->last);
    }
    // The inbox's stream carries every feature's hints: no second stream. What waits in the
    // outbox goes when the stream (the server) is back.
    if (const InboxSync *inbox = stack.part<InboxSync>()) {
        m_sync->attachStream(inbox->stream());
        Outbox *outbox = m_outbox.get();
        Model *model = m_model.get();
        QObject::connect(&inbox->stream(), &StreamClient::opened, outbox, &Outbox::sendNow);
        model->setOffline(inbox->isOffline());
        QObject::connect(inbox, &InboxSync::offlineChanged, model, [inbox, model, outbox]() {
            model->setOffline(inbox->isOffline());
            if (!inbox->isOffline())
                outbox->sendNow();
        });
    }
    m_model->setSync(m_sync.get());
}

template<typename Store, typename Sync, typename Outbox, typename Model>
SyncedFeature<Store, Sync, Outbox, Model>::~SyncedFeature()
{
    m_model.reset();
    m_outbox.reset();
    m_sync.reset();
    m_store.reset();
}

template<typename Store, typename Sync, typename Outbox, typename Model>
QList<QObject *> SyncedFeature<Store, Sync, Outbox, Model>::parts() const
{
    return { m_store.get(), m_sync.get(), m_outbox.get(), m_model.get() };
}

template<typename Store, typename Sync, typename Outbox, typename Model>
void SyncedFeature<Store, Sync, Outbox, Model>::start()
{
    m_sync->start();
    m_outbox->sendNow();
}

template<typename Store, typename Sync, typename Outbox, typename Model>
void SyncedFeature<Store, Sync, Outbox, Model>::stop()
{
    m_sync->stop();
}

template<typename Store, typename Sync, typename Outbox, typename Model>
void SyncedFeature<Store, Sync, Outbox, Model>::setForeground(bool foreground)
{
    m_sync->setForeground(foreground);
    if (foreground)
        m_outbox->sendNow();
}

} // namespace tessera
