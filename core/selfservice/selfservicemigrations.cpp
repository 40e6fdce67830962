#include "selfservice/selfservicemigrations.h"

namespace tessera {

QList<Migration> selfServiceMigrations()
{
    return {
        Migration::fromSql(1, QStringLiteral("catalogue, requests, submission outbox"),
            QByteArrayLiteral(
                // The catalogue as the server last sent it: one row a service; form is the
                // card's JSON as sent (it parsed when stored).
                "CREATE TABLE selfservice_services ("
                " id TEXT PRIMARY KEY NOT NULL, title TEXT NOT NULL, category TEXT NOT NULL,"
                " icon TEXT, description TEXT, sort_order INTEGER NOT NULL,"
                " form TEXT NOT NULL, version INTEGER NOT NULL, updated_at TEXT NOT NULL,"
                " source TEXT NOT NULL);"
                // The delta cursors by name (services, requests).
                "CREATE TABLE selfservice_cursors ("
                " name TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL);"
                // My requests: the person's submissions as the server last sent them.
                "CREATE TABLE selfservice_requests ("
                " id TEXT PRIMARY KEY NOT NULL, service_id TEXT NOT NULL,"
                " service_title TEXT NOT NULL, inputs TEXT NOT NULL, status TEXT NOT NULL,"
                " message TEXT, result_card TEXT, submitted_at TEXT NOT NULL,"
                " updated_at TEXT NOT NULL);"
                // What this device submits: written before the first attempt with its
                // Idempotency-Key, which every retry reuses. state: pending (to send), sent
                // (the server stored it: submission_id), failed (refused for good: message,
                // errors as a JSON array of {input, message}).
                "CREATE TABLE selfservice_outbox ("
                " seq INTEGER PRIMARY KEY AUTOINCREMENT, service_id TEXT NOT NULL,"
                " form_version INTEGER NOT NULL, action TEXT NOT NULL, inputs TEXT NOT NULL,"
                " idempotency_key TEXT NOT NULL UNIQUE, state TEXT NOT NULL DEFAULT 'pending',"
                " attempts INTEGER NOT NULL DEFAULT 0, next_attempt_at TEXT,"
                " last_error TEXT, submission_id TEXT, message TEXT, errors TEXT,"
                " created_at TEXT NOT NULL);")),
        // stale: marked by a reset of the server's (DeltaStore::beginReset) until a page of it
        // lists the services again (INSERT OR REPLACE writes the default); the sweep deletes the
        // rest.
        Migration::fromSql(2, QStringLiteral("Services a reset has not listed again"),
            QByteArrayLiteral(
                "ALTER TABLE selfservice_services ADD COLUMN stale INTEGER NOT NULL DEFAULT 0;")),
    };
}

} // namespace tessera
