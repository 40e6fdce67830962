#include "privacy/privacymigrations.h"

namespace tessera::server {

const QList<Migration> &privacyMigrations()
{
    static const QList<Migration> migrations = {
        { 1,
            QStringLiteral(
                "privacy requests: correction and deletion, decided by the privacy role"),
            {
                // user_id: the person who asked; a pseudonym once they were erased (the row is
                // the audit trail of the request). No foreign key: the person's row goes first.
                QStringLiteral(
                    "CREATE TABLE privacy_requests ("
                    " seq {{ID}}," // the order they were made in (times may be equal)
                    " id TEXT NOT NULL UNIQUE,"
                    " user_id TEXT NOT NULL,"
                    " kind TEXT NOT NULL CHECK (kind IN ('correction', 'deletion')),"
                    " comment TEXT NOT NULL,"
                    " state TEXT NOT NULL CHECK (state IN ('pending', 'approved', 'rejected',"
                    " 'done')),"
                    " notification_id TEXT," // the privacy officers' inbox item
                    " created_at TEXT NOT NULL,"
                    " decided_at TEXT,"
                    " decided_by TEXT," // the privacy officer's user id
                    " decision_comment TEXT,"
                    " done_at TEXT)"), // a deletion: when the erasure committed
                                       // One open request of a kind per person, whatever the race.
                QStringLiteral("CREATE UNIQUE INDEX privacy_requests_open ON privacy_requests"
                               " (user_id, kind) WHERE state = 'pending'"),
                QStringLiteral(
                    "CREATE INDEX privacy_requests_user ON privacy_requests (user_id, created_at)"),
                QStringLiteral("CREATE INDEX privacy_requests_state ON privacy_requests (state)"),
            } },
        { 2,
            QStringLiteral("the stand-in accounts of erased people marked: never listed, enabled,"
                           " signed in to or given roles"),
            {
                // Read by the admin's account changes and local sign-in (standInMade() sets it).
                QStringLiteral("ALTER TABLE users ADD COLUMN stand_in INTEGER NOT NULL DEFAULT 0"),
                // The stand-ins made before: a disabled local account without password, named
                // "Former employee", whose id, user name and key are the erasure's pseudonym.
                QStringLiteral("UPDATE users SET stand_in = 1 WHERE kind = 'local' AND"
                               " display_name = 'Former employee' AND password_hash IS NULL AND"
                               " id LIKE 'erased\\_%' ESCAPE '\\' AND username = id AND"
                               " username_key = id"),
            } },
    };
    return migrations;
}

} // namespace tessera::server
