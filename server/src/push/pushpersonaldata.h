#pragma once

#include "privacy/personaldata.h"

namespace tessera::server {

// A person's push subscriptions (one per device: where pushes go) and the pushes queued for
// them. The export leaves out the device's push keys; an erasure deletes both, and takes the
// person's name out of the titles of pushes still queued for others (an item naming them, as
// the notification's own title is rewritten: the push then shows the pseudonym).
inline QList<PersonalTable> pushPersonalData()
{
    PersonalTable queue { QStringLiteral("push"), QStringLiteral("push_queue"),
        { QStringLiteral("user_id") } };
    queue.erase = { QStringLiteral("DELETE FROM push_queue WHERE user_id = {user}"),
        nameReplaced(queue.table, QStringLiteral("title")) };
    return {
        { QStringLiteral("push"), QStringLiteral("push_subscriptions"),
            { QStringLiteral("user_id") }, {}, { QStringLiteral("p256dh"), QStringLiteral("auth") },
            QStringLiteral("the device's push keys are secrets of the device") },
        queue,
    };
}

} // namespace tessera::server
