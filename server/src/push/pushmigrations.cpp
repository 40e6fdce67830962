#include "push/pushmigrations.h"

namespace tessera::server {

const QList<Migration> &pushMigrations()
{
    static const QList<Migration> migrations = {
        { 1, QStringLiteral("Web Push subscriptions and the persistent push queue"),
            {
                // One subscription per device (a new one replaces it); gone with the device.
                // p256dh and auth: the device's push keys, base64url.
                QStringLiteral("CREATE TABLE push_subscriptions ("
                               " user_id TEXT NOT NULL,"
                               " device_id TEXT NOT NULL,"
                               " transport TEXT NOT NULL,"
                               " endpoint TEXT NOT NULL,"
                               " p256dh TEXT NOT NULL,"
                               " auth TEXT NOT NULL,"
                               " created_at TEXT NOT NULL,"
                               " PRIMARY KEY (user_id, device_id),"
                               " FOREIGN KEY (user_id, device_id) REFERENCES devices (user_id, id)"
                               " ON DELETE CASCADE)"),
                // A push to send: written in the transaction that puts the item in the inbox,
                // claimed by a lease (next_attempt_at moved past the call, leased_until set),
                // deleted once the push service accepted it or the subscription is gone.
                QStringLiteral("CREATE TABLE push_queue ("
                               " id {{ID}},"
                               " user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
                               " device_id TEXT NOT NULL,"
                               " item_id TEXT NOT NULL,"
                               " title TEXT NOT NULL,"
                               " actions TEXT NOT NULL,"
                               " urgency TEXT NOT NULL,"
                               " ttl INTEGER NOT NULL,"
                               " attempts INTEGER NOT NULL,"
                               " next_attempt_at TEXT NOT NULL,"
                               " leased_until TEXT,"
                               " created_at TEXT NOT NULL)"),
                QStringLiteral("CREATE INDEX push_queue_due ON push_queue (next_attempt_at)"),
                QStringLiteral("CREATE INDEX push_queue_device ON push_queue (user_id, device_id)"),
            } },
    };
    return migrations;
}

} // namespace tessera::server
