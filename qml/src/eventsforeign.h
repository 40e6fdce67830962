#pragma once

#include "events/eventsmodel.h"
#include "foreignsingleton.h"
#include "homeeventsmodel.h"

namespace tessera {

// `Events`: core's EventsModel (upcoming first by start; count, loading, offline, error,
// details(id), rsvp(id, answer), fetchDetail(id), addToCalendar(id), syncNow()).
struct EventsForeign : ForeignSingleton<EventsModel>
{
    Q_GADGET
    QML_FOREIGN(tessera::EventsModel)
    QML_SINGLETON
    QML_NAMED_ELEMENT(Events)
};

// `HomeEvents`: the same events, only the upcoming ones the person is going to (goingOnly), for
// Home's section.
struct HomeEventsForeign : ForeignSingleton<HomeEventsModel>
{
    Q_GADGET
    QML_FOREIGN(tessera::HomeEventsModel)
    QML_SINGLETON
    QML_NAMED_ELEMENT(HomeEvents)
};

} // namespace tessera
