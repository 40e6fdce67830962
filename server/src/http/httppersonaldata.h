#pragma once

#include "privacy/personaldata.h"

namespace tessera::server {

// What the front door holds about a person: the access log (with addresses) and the stored
// answers of their requests that carried an Idempotency-Key (scope "user:<id>").
inline QList<PersonalTable> httpPersonalData()
{
    return {
        { QStringLiteral("accessLog"), QStringLiteral("access_log"),
            { QStringLiteral("user_id") } },
        { QStringLiteral("requests"), QStringLiteral("idempotency_keys"),
            { QStringLiteral("scope") }, QStringLiteral("scope = 'user:' || {user}"),
            { QStringLiteral("request_hash") },
            QStringLiteral("a request's hash only tells a retry from another request") },
    };
}

} // namespace tessera::server
