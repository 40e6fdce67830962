#include "attest/attestmigrations.h"

namespace tessera::server {

const QList<Migration> &attestMigrations()
{
    static const QList<Migration> migrations = {
        { 1, QStringLiteral("The attestation form and people's daily answers"),
            {
                // The admin's form: one row (id 1). card is the Adaptive Card's compact JSON;
                // version counts its changes; answers are kept retention_days days.
                QStringLiteral("CREATE TABLE attestation_form ("
                               " id INTEGER PRIMARY KEY,"
                               " card TEXT NOT NULL,"
                               " version INTEGER NOT NULL,"
                               " retention_days INTEGER NOT NULL,"
                               " updated_at TEXT NOT NULL)"),
                // A person's answer for a day (the server's day, UTC, "YYYY-MM-DD"): one a day,
                // the unique index is the guard. inputs: compact JSON of what the form sent;
                // form_version: the form it answered.
                QStringLiteral("CREATE TABLE attestations ("
                               " id TEXT PRIMARY KEY,"
                               " user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
                               " day TEXT NOT NULL,"
                               " inputs TEXT NOT NULL,"
                               " form_version INTEGER NOT NULL,"
                               " answered_at TEXT NOT NULL)"),
                QStringLiteral(
                    "CREATE UNIQUE INDEX attestations_person_day ON attestations (user_id, day)"),
                QStringLiteral("CREATE INDEX attestations_day ON attestations (day)"),
            } },
    };
    return migrations;
}

} // namespace tessera::server
