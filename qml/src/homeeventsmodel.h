#pragma once

#include "events/eventsmodel.h"

namespace tessera {

// Home's events: an EventsModel over the same store with goingOnly set (the upcoming, not
// cancelled events the person is going to). Its own type only so that QML can name it as a
// second singleton (HomeEvents) beside Events.
class HomeEventsModel : public EventsModel
{
    Q_OBJECT
public:
    explicit HomeEventsModel(EventStore &store, QObject *parent = nullptr)
        : EventsModel(store, parent)
    {
        setGoingOnly(true);
    }
};

} // namespace tessera
