#pragma once

#include "events/eventsmodel.h"

namespace tessera {

// Home's events: an EventsModel over the same store with goingOnly set (the upcoming, not
// cancelled events the person is going to). Its own type only so that QML can name it as a
// second singleton (HomeEvents) beside Events. (The base is named in full: Qt 6.4's QML type
// registrar matches a base by its full name.)
class HomeEventsModel : public tessera::EventsModel
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
