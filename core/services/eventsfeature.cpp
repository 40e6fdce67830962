#include "services/eventsfeature.h"

#include "events/eventrsvpoutbox.h"
#include "events/eventsmodel.h"
#include "events/eventstore.h"
#include "events/eventsync.h"

namespace tessera {

template class SyncedFeature<EventStore, EventSync, EventRsvpOutbox, EventsModel>;

std::unique_ptr<ClientFeature> EventsFeature::create(ClientStack &stack)
{
    return std::make_unique<EventsFeature>(stack);
}

EventsFeature::EventsFeature(ClientStack &stack)
    : SyncedFeature(
        stack, [](EventStore &store, EventRsvpOutbox & /*outbox*/) -> std::unique_ptr<EventsModel> {
            return std::make_unique<EventsModel>(store);
        })
{ }

EventsFeature::~EventsFeature() = default;

} // namespace tessera
