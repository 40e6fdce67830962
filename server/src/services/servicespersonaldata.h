#pragma once

#include "privacy/personaldata.h"

namespace tessera::server {

// A person's self-service submissions; a service's audience may name them.
inline QList<PersonalTable> servicesPersonalData()
{
    return {
        { QStringLiteral("submissions"), QStringLiteral("submissions"),
            { QStringLiteral("user_id") } },
        audienceTable(QStringLiteral("services"),
            { QStringLiteral("audience"), QStringLiteral("audiences") }),
    };
}

} // namespace tessera::server
