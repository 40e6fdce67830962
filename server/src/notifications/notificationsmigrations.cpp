#include "notifications/notificationsmigrations.h"

namespace tessera::server {

const QList<Migration> &notificationsMigrations()
{
    static const QList<Migration> migrations = {
        { 1, QStringLiteral("a notification's card and its decision's inputs"),
            {
                // The Adaptive Card shown as the item's body (compact JSON, checked at create
                // by NotificationCard), NULL when none.
                QStringLiteral("ALTER TABLE notifications ADD COLUMN card TEXT"),
                // The inputs the decision was sent with (a JSON object of input id → value,
                // checked against the card), NULL when the notification has no card or is not
                // decided.
                QStringLiteral("ALTER TABLE notifications ADD COLUMN decision_inputs TEXT"),
            } },
        { 2, QStringLiteral("each approver's own inputs in an \"all\" approval"),
            {
                // The card's inputs this approver's approval (or rejection) was sent with (a
                // JSON object), NULL when none: shown to that approver while the others decide.
                QStringLiteral("ALTER TABLE notification_approvals ADD COLUMN inputs TEXT"),
            } },
        { 3, QStringLiteral("the server's own senders (privacy, medical) as internal key rows"),
            {
                // 1: the key row of an InternalSender ("internal_<name>", revoked from the
                // start): never in the admin's list of keys, never authenticates.
                QStringLiteral(
                    "ALTER TABLE api_keys ADD COLUMN internal INTEGER NOT NULL DEFAULT 0"),
            } },
    };
    return migrations;
}

} // namespace tessera::server
