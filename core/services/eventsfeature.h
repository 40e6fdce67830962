#pragma once

#include "services/clientfeature.h"

#include <memory>

namespace tessera {

class EventsModel;
class EventRsvpOutbox;
class EventStore;
class EventSync;

// Events: the events cache in the session's database, its delta sync (woken by the inbox's live
// stream: one stream for every feature), the RSVP outbox (sent when the server is back) and the
// list model.
class EventsFeature final : public ClientFeature
{
public:
    static std::unique_ptr<ClientFeature> create(ClientStack &stack);
    explicit EventsFeature(ClientStack &stack);
    ~EventsFeature() override;

    QList<QObject *> parts() const override;
    void start() override;
    void stop() override;
    void setForeground(bool foreground) override;

private:
    std::unique_ptr<EventStore> m_store;
    std::unique_ptr<EventSync> m_sync;
    std::unique_ptr<EventRsvpOutbox> m_outbox;
    std::unique_ptr<EventsModel> m_model;
};

} // namespace tessera
