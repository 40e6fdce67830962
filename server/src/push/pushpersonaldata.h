#pragma once

#include "privacy/personaldata.h"

namespace tessera::server {

// A person's push subscriptions (one per device: where pushes go) and the pushes queued for
// them. The export leaves out the device's push keys; an erasure deletes both.
inline QList<PersonalTable> pushPersonalData()
{
    return {
        { QStringLiteral("push"), QStringLiteral("push_subscriptions"),
            { QStringLiteral("user_id") }, {}, { QStringLiteral("p256dh"), QStringLiteral("auth") },
            QStringLiteral("the device's push keys are secrets of the device") },
        { QStringLiteral("push"), QStringLiteral("push_queue"), { QStringLiteral("user_id") } },
    };
}

} // namespace tessera::server
