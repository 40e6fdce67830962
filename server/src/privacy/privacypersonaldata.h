#pragma once

#include "privacy/personaldata.h"

namespace tessera::server {

// What the privacy requests hold about a person: their own requests, and the ones they decided as
// a privacy officer. An erasure keeps the requests as the audit trail of what was asked and done,
// with a pseudonym in the person's place and their comments (and the officer's answer, which may
// quote them) removed, also from the officers' inbox item.
inline QList<PersonalTable> privacyPersonalData()
{
    const QString table = QStringLiteral("privacy_requests");
    PersonalTable requests { QStringLiteral("privacyRequests"), table,
        { QStringLiteral("user_id"), QStringLiteral("decided_by"), QStringLiteral("comment"),
            QStringLiteral("decision_comment") },
        QStringLiteral("user_id = {user} OR decided_by = {user}") };
    requests.kept =
        QStringLiteral("the audit trail of privacy requests (what was asked, decided and "
                       "done, and when): an erasure keeps each request with a pseudonym "
                       "in the person's place and the comments removed");
    requests.erase = {
        QStringLiteral("UPDATE notifications SET body = '' WHERE id IN (SELECT notification_id"
                       " FROM privacy_requests WHERE user_id = {user})"),
        // The officers' stored answers to their decisions (Idempotency-Key) hold the item, with
        // the person's name and words: a retry of such a decision answers already_decided.
        QStringLiteral("DELETE FROM idempotency_keys WHERE EXISTS (SELECT 1 FROM privacy_requests"
                       " r WHERE r.user_id = {user} AND r.notification_id IS NOT NULL AND"
                       " idempotency_keys.response LIKE '%' || r.notification_id || '%')"),
        QStringLiteral("UPDATE privacy_requests SET comment = '', decision_comment = NULL"
                       " WHERE user_id = {user}"),
        pseudonymized(table, QStringLiteral("user_id")),
        pseudonymized(table, QStringLiteral("decided_by")),
    };
    return { requests };
}

} // namespace tessera::server
