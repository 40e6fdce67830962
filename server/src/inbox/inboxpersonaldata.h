#pragma once

#include "privacy/personaldata.h"

namespace tessera::server {

// A person's inbox: which notifications reached them and when they read them.
inline QList<PersonalTable> inboxPersonalData()
{
    return { { QStringLiteral("inbox"), QStringLiteral("inbox_items"),
        { QStringLiteral("user_id") } } };
}

} // namespace tessera::server
