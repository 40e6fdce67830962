#pragma once

#include "privacy/personaldata.h"

namespace tessera::server {

// A person's daily attestations (what they answered, kept for the form's retention); an erasure
// deletes them. The status claim they set lives in user_statuses (the pass's).
inline QList<PersonalTable> attestPersonalData()
{
    return {
        { QStringLiteral("attestations"), QStringLiteral("attestations"),
            { QStringLiteral("user_id") } },
    };
}

} // namespace tessera::server
