#pragma once

#include "privacy/personaldata.h"

namespace tessera::server {

// The stored answers of requests with an Idempotency-Key (idempotency_keys.response, declared
// with the front door) that name the person although another made the request: a decision on an
// item whose title names them, a sub-system's send to them. The person's own (scope "user:<id>")
// go with httpPersonalData(). Such answers are rewritten, not deleted: the person's id (as a JSON
// string) and name become the pseudonym, so a retry within the key's lifetime still gets its first
// answer and is never run twice (a sub-system's send would make a second item). Whatever still
// holds the id or name after that (inside a longer string, a name JSON-escaped) is deleted: a
// retry of it runs again, which a decision answers already_decided.
inline QStringList storedAnswersErased()
{
    const QString table = QStringLiteral("idempotency_keys");
    const QString column = QStringLiteral("response");
    return {
        jsonPseudonymized(table, column),
        nameReplaced(table, column),
        QStringLiteral("DELETE FROM idempotency_keys WHERE response LIKE '%' || {user} || '%' OR"
                       " ({name} <> '' AND response LIKE '%' || REPLACE(REPLACE({name}, '\\',"
                       " '\\\\'), '\"', '\\\"') || '%')"),
    };
}

// What the notifications hold about a person: the notifications they received (through their
// inbox rows), requested or decided, each approval step that was theirs, and the webhook
// deliveries and sub-system events whose stored bodies name them.
// An erasure keeps the notifications (others received them too, and their sub-systems refer to
// them) with a pseudonym in the person's place, and their name taken out of the texts.
inline QList<PersonalTable> notificationsPersonalData()
{
    const QString table = QStringLiteral("notifications");
    PersonalTable notifications { QStringLiteral("inbox"), table,
        { QStringLiteral("decided_by"), QStringLiteral("decided_by_name"),
            QStringLiteral("requester"), QStringLiteral("data"), QStringLiteral("title"),
            QStringLiteral("body"), QStringLiteral("decision_inputs"), QStringLiteral("card") },
        QStringLiteral("id IN (SELECT notification_id FROM inbox_items WHERE user_id = {user})"
                       " OR decided_by = {user} OR requester = {user}"),
        { QStringLiteral("callback_url") },
        QStringLiteral("the sub-system's own address for its decisions, not about the person") };
    notifications.erase = {
        QStringLiteral("UPDATE notifications SET decided_by_name = {pseudonym} WHERE decided_by ="
                       " {user}"),
        pseudonymized(table, QStringLiteral("decided_by")),
        pseudonymized(table, QStringLiteral("requester")),
    };
    for (const QString &column :
        { QStringLiteral("data"), QStringLiteral("decision_inputs"), QStringLiteral("card") })
        notifications.erase.append(jsonPseudonymized(table, column));
    for (const QString &column : { QStringLiteral("title"), QStringLiteral("body") })
        notifications.erase.append(nameReplaced(table, column));
    notifications.erase.append(storedAnswersErased());
    PersonalTable approvals { QStringLiteral("inbox"), QStringLiteral("notification_approvals"),
        { QStringLiteral("user_id"), QStringLiteral("name") }, QStringLiteral("user_id = {user}") };
    approvals.erase = { QStringLiteral("UPDATE notification_approvals SET name = {pseudonym},"
                                       " user_id = {pseudonym} WHERE user_id = {user}") };
    PersonalTable deliveries { QStringLiteral("webhooks"), QStringLiteral("webhook_deliveries"),
        { QStringLiteral("body") }, QStringLiteral("body LIKE '%\"' || {user} || '\"%'") };
    deliveries.erase = { jsonPseudonymized(deliveries.table, QStringLiteral("body")),
        nameReplaced(deliveries.table, QStringLiteral("body")) };
    PersonalTable events { QStringLiteral("webhooks"), QStringLiteral("subsystem_events"),
        { QStringLiteral("payload") }, QStringLiteral("payload LIKE '%\"' || {user} || '\"%'") };
    events.erase = { jsonPseudonymized(events.table, QStringLiteral("payload")),
        nameReplaced(events.table, QStringLiteral("payload")) };
    return { notifications, approvals, deliveries, events };
}

} // namespace tessera::server
