#pragma once

#include "privacy/personaldata.h"

namespace tessera::server {

// The audit trail names the person as the one who acted or the one acted on.
inline QList<PersonalTable> storagePersonalData()
{
    return {
        { QStringLiteral("audit"), QStringLiteral("audit_log"),
            { QStringLiteral("actor"), QStringLiteral("target"), QStringLiteral("detail") },
            QStringLiteral("actor = {user} OR target = {user}") },
    };
}

} // namespace tessera::server
