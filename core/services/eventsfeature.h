#pragma once

#include "services/syncedfeature.h"

namespace tessera {

class EventRsvpOutbox;
class EventStore;
class EventSync;
class EventsModel;

extern template class SyncedFeature<EventStore, EventSync, EventRsvpOutbox, EventsModel>;

// Events: the events cache in the session's database, its delta sync (woken by the inbox's live
// stream: one stream for every feature), the RSVP outbox (sent when the server is back) and the
// list model.
class EventsFeature final
    : public SyncedFeature<EventStore, EventSync, EventRsvpOutbox, EventsModel>
{
public:
    static std::unique_ptr<ClientFeature> create(ClientStack &stack);
    explicit EventsFeature(ClientStack &stack);
    ~EventsFeature() override;
};

} // namespace tessera
