#pragma once

#include "privacy/personaldata.h"

namespace tessera::server {

// The change feed's rows list the people a change was for: plumbing of the sync, whose objects
// are exported in their own sections.
inline QList<PersonalTable> feedPersonalData()
{
    PersonalTable changes { QStringLiteral("feed"), QStringLiteral("changes"),
        { QStringLiteral("people"), QStringLiteral("audience") } };
    changes.exported = false;
    changes.reason = QStringLiteral("which changes of the sync were for the person: the objects"
                                    " themselves are in their sections");
    changes.erase = { jsonPseudonymized(QStringLiteral("changes"), QStringLiteral("people")),
        jsonPseudonymized(QStringLiteral("changes"), QStringLiteral("audience")) };
    return { changes };
}

} // namespace tessera::server
