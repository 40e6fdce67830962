#pragma once

#include "privacy/personaldata.h"

namespace tessera::server {

// A person's RSVPs (with their waiting-list place) and the notices owed or sent to them; an
// event's audience may name them.
inline QList<PersonalTable> eventsPersonalData()
{
    return {
        { QStringLiteral("events"), QStringLiteral("event_rsvps"), { QStringLiteral("user_id") } },
        { QStringLiteral("events"), QStringLiteral("event_notices"),
            { QStringLiteral("user_id") } },
        audienceTable(QStringLiteral("events")),
    };
}

} // namespace tessera::server
