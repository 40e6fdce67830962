#pragma once

#include "privacy/personaldata.h"

namespace tessera::server {

// A person's passes, the scans of their passes, and the scans they made as scanner staff.
// An erasure revokes the person's live passes (scanners learn it offline through the revocation
// list), deletes the scans of them and the passes no revocation lists, and keeps the scans they
// made with a pseudonym. A listed pass stays (the list refers to it) until the list drops it at
// its expiry, revoked, with the stand-in account (standInMade) in the person's place.
inline QList<PersonalTable> passPersonalData()
{
    PersonalTable passes { QStringLiteral("pass"), QStringLiteral("passes"),
        { QStringLiteral("user_id") } };
    passes.erase = {
        QStringLiteral("INSERT INTO revocations (pass_id, expires_at, at) SELECT id, expires_at,"
                       " {now} FROM passes WHERE user_id = {user} AND revoked_at IS NULL AND"
                       " expires_at > {now}"),
        QStringLiteral("DELETE FROM passes WHERE user_id = {user} AND id NOT IN (SELECT pass_id"
                       " FROM revocations)"),
        standInMade(passes.table, QStringLiteral("user_id")),
        QStringLiteral("UPDATE passes SET user_id = {pseudonym}, device_id = {pseudonym},"
                       " revoked_at = COALESCE(revoked_at, {now}) WHERE user_id = {user}"),
    };
    passes.kept = QStringLiteral("a revoked pass stays on the revocation list the scanners hold"
                                 " until it expires, under a stand-in account");
    PersonalTable scans { QStringLiteral("pass"), QStringLiteral("scan_records"),
        { QStringLiteral("scanner_user_id") },
        QStringLiteral("scanner_user_id = {user}"
                       " OR pass_id IN (SELECT id FROM passes WHERE user_id = {user})") };
    scans.erase = { QStringLiteral("DELETE FROM scan_records WHERE pass_id IN (SELECT id FROM"
                                   " passes WHERE user_id = {user})"),
        pseudonymized(scans.table, QStringLiteral("scanner_user_id")) };
    return { passes, scans };
}

} // namespace tessera::server
