#pragma once

#include "events/eventseraser.h"
#include "privacy/personaldata.h"

namespace tessera::server {

// A person's RSVPs (with their waiting-list place) and the notices owed or sent to them; an
// event's audience may name them. An erasure gives up their places first (EventsEraser: the
// first waiting person moves up), then deletes their answers.
inline QList<PersonalTable> eventsPersonalData()
{
    PersonalTable rsvps { QStringLiteral("events"), QStringLiteral("event_rsvps"),
        { QStringLiteral("user_id") } };
    rsvps.eraser = EventsEraser::erase;
    return {
        rsvps,
        { QStringLiteral("events"), QStringLiteral("event_notices"),
            { QStringLiteral("user_id") } },
        audienceTable(QStringLiteral("events")),
    };
}

} // namespace tessera::server
