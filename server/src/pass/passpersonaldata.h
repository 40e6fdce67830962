#pragma once

#include "privacy/personaldata.h"

namespace tessera::server {

// A person's passes, the scans of their passes, and the scans they made as scanner staff.
inline QList<PersonalTable> passPersonalData()
{
    return {
        { QStringLiteral("pass"), QStringLiteral("passes"), { QStringLiteral("user_id") } },
        { QStringLiteral("pass"), QStringLiteral("scan_records"),
            { QStringLiteral("scanner_user_id") },
            QStringLiteral("scanner_user_id = {user}"
                           " OR pass_id IN (SELECT id FROM passes WHERE user_id = {user})") },
    };
}

} // namespace tessera::server
