#include "services/servicesmigrations.h"

namespace tessera::server {

const QList<Migration> &servicesMigrations()
{
    static const QList<Migration> migrations = {
        { 1, QStringLiteral("the service catalogue and its submissions"),
            {
                // A sub-system's service (ServiceRepository): id is the server's (opaque),
                // service_id the sub-system's own, unique per key; form the Adaptive Card as sent
                // (validated), audience as Audience::toText. A withdrawn service stays (withdrawn
                // = 1) with its submissions, so that a delta read names it under removed;
                // change_id is the change feed's cursor of its last change.
                QStringLiteral("CREATE TABLE services ("
                               " id TEXT PRIMARY KEY,"
                               " api_key_id TEXT NOT NULL REFERENCES api_keys(id),"
                               " service_id TEXT NOT NULL,"
                               " title TEXT NOT NULL,"
                               " category TEXT NOT NULL,"
                               " icon TEXT,"
                               " description TEXT,"
                               " sort_order INTEGER NOT NULL DEFAULT 0,"
                               " audience TEXT NOT NULL,"
                               " form TEXT NOT NULL,"
                               " version INTEGER NOT NULL,"
                               " updated_at TEXT NOT NULL,"
                               " withdrawn INTEGER NOT NULL DEFAULT 0,"
                               " change_id BIGINT NOT NULL)"),
                QStringLiteral("CREATE UNIQUE INDEX services_key_service ON services (api_key_id, "
                               "service_id)"),
                QStringLiteral("CREATE INDEX services_changes ON services (change_id)"),
                // What a person submitted (SubmissionRepository): service is the services row,
                // form_version the version of the form it was validated against, inputs the
                // values (JSON object), status submitted, received, in_progress, done or rejected
                // (done and rejected are final); result_card the sub-system's card (JSON) or NULL.
                QStringLiteral("CREATE TABLE submissions ("
                               " id TEXT PRIMARY KEY,"
                               " service TEXT NOT NULL REFERENCES services(id),"
                               " api_key_id TEXT NOT NULL REFERENCES api_keys(id),"
                               " form_version INTEGER NOT NULL,"
                               " user_id TEXT NOT NULL,"
                               " action TEXT,"
                               " inputs TEXT NOT NULL,"
                               " status TEXT NOT NULL,"
                               " message TEXT,"
                               " result_card TEXT,"
                               " submitted_at TEXT NOT NULL,"
                               " updated_at TEXT NOT NULL,"
                               " change_id BIGINT NOT NULL)"),
                QStringLiteral(
                    "CREATE INDEX submissions_person ON submissions (user_id, change_id)"),
                QStringLiteral(
                    "CREATE INDEX submissions_key ON submissions (api_key_id, change_id)"),
            } },
        { 2, QStringLiteral("a service's callback URL for its submissions' webhooks"),
            {
                // Normalized (CallbackUrl), under a callback prefix of the service's key when it
                // was set; NULL: no webhook, the sub-system reads submissions instead.
                QStringLiteral("ALTER TABLE services ADD COLUMN callback_url TEXT"),
            } },
        { 3, QStringLiteral("the audiences a service has had"),
            {
                // The distinct audiences the service has had (AudienceHistory: a JSON array of
                // Audience::toText objects, at most 16, or "*" past them): a delta read names it
                // under removed only to a person in one of them. Filled from what a row knows: its
                // audience.
                QStringLiteral("ALTER TABLE services ADD COLUMN audiences TEXT"),
                QStringLiteral("UPDATE services SET audiences = '[' || audience || ']'"),
            } },
    };
    return migrations;
}

} // namespace tessera::server
