#pragma once

#include "privacy/personaldata.h"

namespace tessera::server {

// What the notifications hold about a person: the notifications they received (through their
// inbox rows), requested or decided, each approval step that was theirs, and the webhook
// deliveries and sub-system events whose stored bodies name them.
inline QList<PersonalTable> notificationsPersonalData()
{
    return {
        { QStringLiteral("inbox"), QStringLiteral("notifications"),
            { QStringLiteral("decided_by"), QStringLiteral("decided_by_name"),
                QStringLiteral("requester"), QStringLiteral("data"), QStringLiteral("body"),
                QStringLiteral("decision_inputs") },
            QStringLiteral("id IN (SELECT notification_id FROM inbox_items WHERE user_id = {user})"
                           " OR decided_by = {user} OR requester = {user}") },
        { QStringLiteral("inbox"), QStringLiteral("notification_approvals"),
            { QStringLiteral("user_id"), QStringLiteral("name") },
            QStringLiteral("user_id = {user}") },
        { QStringLiteral("webhooks"), QStringLiteral("webhook_deliveries"),
            { QStringLiteral("body") }, QStringLiteral("body LIKE '%\"' || {user} || '\"%'") },
        { QStringLiteral("webhooks"), QStringLiteral("subsystem_events"),
            { QStringLiteral("payload") },
            QStringLiteral("payload LIKE '%\"' || {user} || '\"%'") },
    };
}

} // namespace tessera::server
