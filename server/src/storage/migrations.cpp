#include "storage/migrations.h"

namespace tessera::server {

const QList<Migration> &baseMigrations()
{
    static const QList<Migration> migrations = {
        { 1, QStringLiteral("people, roles, API keys, audit log, settings"),
            {
                QStringLiteral(
                    "CREATE TABLE users ("
                    " id TEXT PRIMARY KEY," // employeeID (directory people) or the local ID
                    " kind TEXT NOT NULL CHECK (kind IN ('ad', 'local')),"
                    " username TEXT NOT NULL,"
                    " username_key TEXT NOT NULL UNIQUE," // lower-cased: case-insensitive sign-in
                    " display_name TEXT NOT NULL,"
                    " email TEXT,"
                    " department TEXT,"
                    " geo TEXT,"
                    " user_type TEXT NOT NULL CHECK (user_type IN ('employee', 'non_employee')),"
                    " manager_id TEXT,"
                    " password_hash TEXT,"
                    " password_temporary INTEGER NOT NULL DEFAULT 0,"
                    " password_expires_at TEXT,"
                    " disabled INTEGER NOT NULL DEFAULT 0,"
                    " created_at TEXT NOT NULL,"
                    " updated_at TEXT NOT NULL)"),
                QStringLiteral(
                    "CREATE TABLE user_roles ("
                    " user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
                    " role TEXT NOT NULL CHECK (role IN ('scanner', 'publisher', 'admin')),"
                    " PRIMARY KEY (user_id, role))"),
                QStringLiteral("CREATE TABLE api_keys ("
                               " id TEXT PRIMARY KEY,"
                               " subsystem TEXT NOT NULL,"
                               " key_hash TEXT NOT NULL UNIQUE,"
                               " webhook_secret TEXT NOT NULL,"
                               " created_at TEXT NOT NULL,"
                               " revoked_at TEXT)"),
                QStringLiteral(
                    "CREATE TABLE api_key_callback_prefixes ("
                    " api_key_id TEXT NOT NULL REFERENCES api_keys(id) ON DELETE CASCADE,"
                    " prefix TEXT NOT NULL,"
                    " PRIMARY KEY (api_key_id, prefix))"),
                QStringLiteral("CREATE TABLE audit_log ("
                               " id {{ID}},"
                               " at TEXT NOT NULL,"
                               " actor TEXT NOT NULL,"
                               " action TEXT NOT NULL,"
                               " target TEXT,"
                               " detail TEXT)"),
                QStringLiteral("CREATE INDEX audit_log_at ON audit_log (at)"),
                QStringLiteral("CREATE TABLE server_settings ("
                               " name TEXT PRIMARY KEY,"
                               " value TEXT NOT NULL)"),
            } },
        { 2, QStringLiteral("devices, tokens, sign-in failures, access log"),
            {
                // Directory people: "manager" as the directory said at the last sign-in/refresh.
                QStringLiteral("ALTER TABLE users ADD COLUMN has_direct_reports INTEGER NOT NULL"
                               " DEFAULT 0"),
                QStringLiteral("CREATE TABLE devices ("
                               " user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
                               " id TEXT NOT NULL," // made by the app, kept across sign-outs
                               " platform TEXT NOT NULL,"
                               " os_version TEXT NOT NULL,"
                               " model TEXT NOT NULL,"
                               " app_version TEXT NOT NULL,"
                               " public_key TEXT," // Ed25519, base64
                               " created_at TEXT NOT NULL,"
                               " last_seen_at TEXT NOT NULL,"
                               " PRIMARY KEY (user_id, id))"),
                // Tokens are stored as SHA-256 hex: 256 random bits need no slow hash.
                QStringLiteral("CREATE TABLE access_tokens ("
                               " token_hash TEXT PRIMARY KEY,"
                               " user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
                               " device_id TEXT NOT NULL,"
                               " family_id TEXT NOT NULL,"
                               " created_at TEXT NOT NULL,"
                               " expires_at TEXT NOT NULL,"
                               " revoked_at TEXT)"),
                QStringLiteral(
                    "CREATE INDEX access_tokens_device ON access_tokens (user_id, device_id)"),
                QStringLiteral("CREATE INDEX access_tokens_family ON access_tokens (family_id)"),
                // One family per sign-in; every refresh adds a token to it and spends the last.
                QStringLiteral("CREATE TABLE refresh_tokens ("
                               " token_hash TEXT PRIMARY KEY,"
                               " family_id TEXT NOT NULL,"
                               " user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
                               " device_id TEXT NOT NULL,"
                               " created_at TEXT NOT NULL,"
                               " expires_at TEXT NOT NULL," // the family's end: 30 days at most
                               " spent_at TEXT,"
                               " revoked_at TEXT)"),
                QStringLiteral("CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id)"),
                QStringLiteral(
                    "CREATE INDEX refresh_tokens_device ON refresh_tokens (user_id, device_id)"),
                QStringLiteral("CREATE TABLE login_failures ("
                               " id {{ID}},"
                               " scope TEXT NOT NULL CHECK (scope IN ('user', 'ip')),"
                               " subject TEXT NOT NULL," // lower-cased username, or client IP
                               " at TEXT NOT NULL)"),
                QStringLiteral(
                    "CREATE INDEX login_failures_subject ON login_failures (scope, subject, at)"),
                QStringLiteral("CREATE TABLE access_log ("
                               " id {{ID}},"
                               " at TEXT NOT NULL,"
                               " user_id TEXT,"
                               " device_id TEXT,"
                               " method TEXT NOT NULL,"
                               " endpoint TEXT NOT NULL,"
                               " status INTEGER NOT NULL,"
                               " client_ip TEXT NOT NULL)"),
                QStringLiteral("CREATE INDEX access_log_at ON access_log (at)"),
            } },
        { 3, QStringLiteral("notifications, inbox items, idempotency keys, webhook deliveries"),
            {
                QStringLiteral("CREATE TABLE notifications ("
                               " id TEXT PRIMARY KEY,"
                               " api_key_id TEXT NOT NULL REFERENCES api_keys(id),"
                               " subsystem TEXT NOT NULL,"
                               " title TEXT NOT NULL,"
                               " body TEXT NOT NULL,"
                               " category TEXT NOT NULL,"
                               " priority TEXT NOT NULL CHECK (priority IN ('normal', 'high')),"
                               " actionable INTEGER NOT NULL,"
                               " actions TEXT NOT NULL," // JSON array
                               " expires_at TEXT,"
                               " reference TEXT NOT NULL,"
                               " callback_url TEXT,"
                               " data TEXT," // JSON object
                               " created_at TEXT NOT NULL,"
                               " state TEXT NOT NULL CHECK (state IN ('open', 'decided',"
                               " 'withdrawn', 'expired')),"
                               " decided_action TEXT,"
                               " decided_by TEXT,"
                               " decided_by_name TEXT,"
                               " decided_at TEXT,"
                               " decided_via TEXT,"
                               " decision_comment TEXT,"
                               " ended_at TEXT," // withdrawn or expired
                               " version INTEGER NOT NULL,"
                               " recipient_count INTEGER NOT NULL)"),
                QStringLiteral(
                    "CREATE INDEX notifications_expiry ON notifications (state, expires_at)"),
                // change_id: when the item last changed for its person (the inbox cursor).
                QStringLiteral("CREATE TABLE inbox_items ("
                               " user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
                               " notification_id TEXT NOT NULL REFERENCES notifications(id),"
                               " read_at TEXT,"
                               " change_id BIGINT NOT NULL,"
                               " PRIMARY KEY (user_id, notification_id))"),
                QStringLiteral(
                    "CREATE INDEX inbox_items_changes ON inbox_items (user_id, change_id)"),
                QStringLiteral("CREATE INDEX inbox_items_notification ON inbox_items"
                               " (notification_id)"),
                QStringLiteral("CREATE TABLE change_counter (id {{ID}}, at TEXT NOT NULL)"),
                QStringLiteral("CREATE TABLE idempotency_keys ("
                               " scope TEXT NOT NULL," // "key:<api key id>" or "user:<user id>"
                               " idem_key TEXT NOT NULL,"
                               " request_hash TEXT NOT NULL,"
                               " state TEXT NOT NULL CHECK (state IN ('running', 'done')),"
                               " status INTEGER,"
                               " response TEXT,"
                               " created_at TEXT NOT NULL,"
                               " PRIMARY KEY (scope, idem_key))"),
                QStringLiteral("CREATE TABLE webhook_deliveries ("
                               " id TEXT PRIMARY KEY,"
                               " notification_id TEXT NOT NULL REFERENCES notifications(id),"
                               " api_key_id TEXT NOT NULL REFERENCES api_keys(id),"
                               " url TEXT NOT NULL,"
                               " body TEXT NOT NULL,"
                               " created_at TEXT NOT NULL,"
                               " attempts INTEGER NOT NULL DEFAULT 0,"
                               " next_attempt_at TEXT NOT NULL,"
                               " delivered_at TEXT)"),
                QStringLiteral("CREATE INDEX webhook_deliveries_due ON webhook_deliveries"
                               " (delivered_at, next_attempt_at)"),
                QStringLiteral("CREATE TABLE webhook_attempts ("
                               " id {{ID}},"
                               " delivery_id TEXT NOT NULL REFERENCES webhook_deliveries(id),"
                               " at TEXT NOT NULL,"
                               " status INTEGER," // HTTP status; NULL when no answer
                               " error TEXT)"),
                QStringLiteral(
                    "CREATE INDEX webhook_attempts_delivery ON webhook_attempts (delivery_id)"),
            } },
        { 4, QStringLiteral("pass issuer keys, passes, revocations, check processes, scans"),
            {
                // The issuer's Ed25519 keys. The secret half is here because every server node
                // on one database signs passes; the database is the server's secret store.
                QStringLiteral("CREATE TABLE issuer_keys ("
                               " id TEXT PRIMARY KEY,"
                               " public_key TEXT NOT NULL," // base64, 32 bytes
                               " secret_key TEXT NOT NULL," // base64, 64 bytes
                               " not_before TEXT NOT NULL,"
                               " not_after TEXT," // set when a newer key takes over
                               " created_at TEXT NOT NULL)"),
                QStringLiteral("CREATE TABLE passes ("
                               " id TEXT PRIMARY KEY,"
                               " user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
                               " device_id TEXT NOT NULL,"
                               " issuer_key_id TEXT NOT NULL REFERENCES issuer_keys(id),"
                               " issued_at TEXT NOT NULL,"
                               " expires_at TEXT NOT NULL,"
                               " revoked_at TEXT)"),
                QStringLiteral("CREATE INDEX passes_device ON passes (user_id, device_id)"),
                QStringLiteral("CREATE TABLE revocations ("
                               " id {{ID}}," // the revocation list's cursor
                               " pass_id TEXT NOT NULL REFERENCES passes(id),"
                               " expires_at TEXT NOT NULL," // the pass's: pruned after it
                               " at TEXT NOT NULL)"),
                QStringLiteral("CREATE TABLE check_processes ("
                               " name TEXT PRIMARY KEY,"
                               " definition TEXT NOT NULL," // JSON, as GET /v1/check-processes
                               " updated_at TEXT NOT NULL)"),
                // A person's status for one check process (the pass's status claims).
                QStringLiteral("CREATE TABLE user_statuses ("
                               " user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
                               " claim TEXT NOT NULL,"
                               " value TEXT NOT NULL,"
                               " until TEXT,"
                               " set_by TEXT NOT NULL,"
                               " set_at TEXT NOT NULL,"
                               " PRIMARY KEY (user_id, claim))"),
                QStringLiteral("CREATE TABLE scan_records ("
                               " id TEXT PRIMARY KEY," // made by the scanner: uploads are retried
                               " scanner_user_id TEXT NOT NULL,"
                               " scanner_device_id TEXT NOT NULL,"
                               " pass_id TEXT,"
                               " process TEXT NOT NULL,"
                               " verdict TEXT NOT NULL CHECK (verdict IN ('allow', 'deny',"
                               " 'action')),"
                               " reason TEXT NOT NULL,"
                               " scanned_at TEXT NOT NULL,"
                               " received_at TEXT NOT NULL)"),
                QStringLiteral("CREATE INDEX scan_records_received ON scan_records (received_at)"),
            } },
        { 5,
            QStringLiteral(
                "refresh retries: a spent token's successor, an access token's first use"),
            {
                // The SHA-256 of the refresh token a rotation made (docs/IDENTITY.md, "A lost
                // answer"): a retry of the same refresh within the grace window replaces it.
                QStringLiteral("ALTER TABLE refresh_tokens ADD COLUMN successor_hash TEXT"),
                // Set at the token's first use: a used successor pair ends the grace.
                QStringLiteral("ALTER TABLE access_tokens ADD COLUMN used_at TEXT"),
            } },
        { 6, QStringLiteral("a pass's device key; access-log lines for several health probes"),
            {
                // The device key the pass binds (base64, as devices.public_key): a sign-in that
                // registers another key revokes the passes bound to the old one. NULL for passes
                // issued before this step (bound to whatever key the device had then).
                QStringLiteral("ALTER TABLE passes ADD COLUMN device_public_key TEXT"),
                // How many requests a line stands for: health probes without a token from one
                // address with one status within one write batch share a line; 1 otherwise.
                QStringLiteral(
                    "ALTER TABLE access_log ADD COLUMN requests INTEGER NOT NULL DEFAULT 1"),
            } },
        { 7, QStringLiteral("the sign-in lockout's lock rows and attempts in flight"),
            {
                // One row per user name (lower-cased) that has tried to sign in: reserving a
                // password check and recording its outcome hold it (LoginLockout), so that the
                // count of failures and attempts in flight is one step across nodes.
                QStringLiteral(
                    "CREATE TABLE login_locks ("
                    " subject TEXT PRIMARY KEY,"
                    " at TEXT NOT NULL)"), // last taken: idle rows are pruned
                                           // A password check under way: counts towards the name's
                                           // 5 until its outcome is recorded, or until it expires
                                           // (a node that stopped mid-check).
                QStringLiteral("CREATE TABLE login_in_flight ("
                               " id TEXT PRIMARY KEY,"
                               " subject TEXT NOT NULL,"
                               " expires_at TEXT NOT NULL)"),
                QStringLiteral("CREATE INDEX login_in_flight_subject ON login_in_flight"
                               " (subject, expires_at)"),
            } },
        { 8, QStringLiteral("the change feed: each change's kind, people and audience"),
            {
                // The one ordered counter of everything a person syncs (ChangeFeed): a row per
                // change, its id the cursor. kind names the feature ("inbox"); people is a JSON
                // array of the user ids it touched, audience a broadcast's audience key (later).
                QStringLiteral("ALTER TABLE change_counter RENAME TO changes"),
                QStringLiteral("ALTER TABLE changes ADD COLUMN kind TEXT NOT NULL DEFAULT 'inbox'"),
                QStringLiteral("ALTER TABLE changes ADD COLUMN people TEXT"),
                QStringLiteral("ALTER TABLE changes ADD COLUMN audience TEXT"),
            } },
        { 9, QStringLiteral("API keys rotated with an overlap"),
            {
                // A rotation keeps the key's id and replaces its key and webhook secret; the
                // replaced pair stays here until previous_until: the old key still signs in and
                // the old secret signs webhooks beside the new one (two v1= values).
                QStringLiteral("ALTER TABLE api_keys ADD COLUMN previous_key_hash TEXT"),
                QStringLiteral("ALTER TABLE api_keys ADD COLUMN previous_secret TEXT"),
                QStringLiteral("ALTER TABLE api_keys ADD COLUMN previous_until TEXT"),
                QStringLiteral("ALTER TABLE api_keys ADD COLUMN rotated_at TEXT"),
                QStringLiteral("CREATE INDEX api_keys_previous_key ON api_keys"
                               " (previous_key_hash)"),
            } },
        { 10, QStringLiteral("webhook deliveries: state, dead letters, redelivery"),
            {
                // pending (queued or being retried), delivered (a 2xx), dead (no 2xx within the
                // retry window: docs/NOTIFICATIONS.md, "Retries and dead letters").
                QStringLiteral("ALTER TABLE webhook_deliveries ADD COLUMN state TEXT NOT NULL"
                               " DEFAULT 'pending' CHECK (state IN ('pending', 'delivered',"
                               " 'dead'))"),
                QStringLiteral("UPDATE webhook_deliveries SET state = 'delivered' WHERE"
                               " delivered_at IS NOT NULL"),
                QStringLiteral("ALTER TABLE webhook_deliveries ADD COLUMN dead_at TEXT"),
                // When the retry window began: NULL for created_at; a redelivery sets it.
                QStringLiteral("ALTER TABLE webhook_deliveries ADD COLUMN retry_from TEXT"),
                QStringLiteral("CREATE INDEX webhook_deliveries_state ON webhook_deliveries"
                               " (state, next_attempt_at)"),
                QStringLiteral("CREATE INDEX webhook_deliveries_key ON webhook_deliveries"
                               " (api_key_id, state, id)"),
            } },
        { 11, QStringLiteral("people synced from the directory"),
            {
                // Set when the directory said the person is disabled or gone (the people sync,
                // a refresh); cleared when it says they are back. Only a person the directory
                // disabled is enabled again by it: an admin's disable stays.
                QStringLiteral("ALTER TABLE users ADD COLUMN directory_disabled INTEGER NOT NULL"
                               " DEFAULT 0"),
                // One row: a sync takes it (UPDATE) first, so that syncs from several nodes
                // apply one after the other; it keeps the last sync's outcome for the logs.
                QStringLiteral("CREATE TABLE people_sync ("
                               " id INTEGER PRIMARY KEY,"
                               " started_at TEXT,"
                               " finished_at TEXT,"
                               " outcome TEXT)"), // JSON: the counts
                QStringLiteral("INSERT INTO people_sync (id) VALUES (1)"),
            } },
        { 12, QStringLiteral("a notification's requester and approval mode; each approver's state"),
            {
                // The person a request is about: never among its recipients
                // (docs/NOTIFICATIONS.md).
                QStringLiteral("ALTER TABLE notifications ADD COLUMN requester TEXT"),
                // "any": the first decision decides; "all": each approver decides.
                QStringLiteral("ALTER TABLE notifications ADD COLUMN approval_mode TEXT NOT NULL"
                               " DEFAULT 'any'"),
                // One row per approver of an "all" notification, in the order the sender named
                // them; name is the display name when the approval was asked or given.
                QStringLiteral("CREATE TABLE notification_approvals ("
                               " notification_id TEXT NOT NULL REFERENCES notifications(id),"
                               " user_id TEXT NOT NULL,"
                               " position INTEGER NOT NULL,"
                               " name TEXT NOT NULL,"
                               " state TEXT NOT NULL CHECK (state IN ('pending', 'approved',"
                               " 'rejected')),"
                               " at TEXT,"
                               " via TEXT,"
                               " comment TEXT,"
                               " PRIMARY KEY (notification_id, user_id))"),
            } },
        { 13, QStringLiteral("notifications read back: delivery mode, the per-key events feed"),
            {
                // "webhook" (a callback URL is required with actions) or "poll" (the sub-system
                // reads GET /v1/subsystem/events instead).
                QStringLiteral("ALTER TABLE notifications ADD COLUMN delivery TEXT NOT NULL"
                               " DEFAULT 'webhook'"),
                // GET /v1/notifications: a key's own, newest first.
                QStringLiteral("CREATE INDEX notifications_sent ON notifications"
                               " (api_key_id, created_at, id)"),
                // The events feed of each API key (EventLog): id is the cursor; payload the event
                // object (SubsystemEvent) as the sub-system reads it. Pruned after
                // retention.eventDays.
                QStringLiteral("CREATE TABLE subsystem_events ("
                               " id {{ID}},"
                               " api_key_id TEXT NOT NULL REFERENCES api_keys(id),"
                               " event_id TEXT NOT NULL UNIQUE,"
                               " type TEXT NOT NULL,"
                               " notification_id TEXT,"
                               " created_at TEXT NOT NULL,"
                               " payload TEXT NOT NULL)"),
                QStringLiteral(
                    "CREATE INDEX subsystem_events_feed ON subsystem_events (api_key_id, id)"),
                QStringLiteral(
                    "CREATE INDEX subsystem_events_created ON subsystem_events (created_at)"),
            } },
        { 14, QStringLiteral("API key scopes"),
            {
                // What each key may do (ApiScope): scope names separated by spaces. Keys made
                // before scopes existed get every scope, so that nothing they did stops working.
                QStringLiteral("ALTER TABLE api_keys ADD COLUMN scopes TEXT NOT NULL DEFAULT"
                               " 'notifications:write notifications:read events:read"
                               " deliveries:read deliveries:write'"),
            } },
        { 15, QStringLiteral("scheduled jobs' lease rows"),
            {
                // One row per periodic job (ScheduledJob), added by the job when missing: the
                // node holding it (host/pid/random) until lease_until (NULL: free), the runs
                // counted on every node, and the last run's outcome.
                QStringLiteral("CREATE TABLE job_leases ("
                               " name TEXT PRIMARY KEY,"
                               " holder TEXT,"
                               " lease_until TEXT,"
                               " runs INTEGER NOT NULL DEFAULT 0,"
                               " last_run_at TEXT,"
                               " last_ok_at TEXT,"
                               " last_error TEXT)"),
            } },
        { 16, QStringLiteral("webhook deliveries: the lease of one on the wire"),
            {
                // Set with next_attempt_at when a node takes a delivery to send it, cleared when
                // the outcome is recorded: a revocation leaves a delivery whose lease still runs
                // to finish (WebhookDispatcher, DeliveryLog::deadLetterAllPending).
                QStringLiteral("ALTER TABLE webhook_deliveries ADD COLUMN leased_until TEXT"),
            } },
        { 17, QStringLiteral("roles checked in code: user_roles without its CHECK"),
            {
                // The roles a person may hold are the server's to know (identity/roles.h), so
                // that a feature adds its own (medical, privacy) without a migration. SQLite
                // cannot drop a CHECK: the table is rebuilt; nothing references it.
                QStringLiteral("CREATE TABLE user_roles_new ("
                               " user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
                               " role TEXT NOT NULL,"
                               " PRIMARY KEY (user_id, role))"),
                QStringLiteral("INSERT INTO user_roles_new (user_id, role)"
                               " SELECT user_id, role FROM user_roles"),
                QStringLiteral("DROP TABLE user_roles"),
                QStringLiteral("ALTER TABLE user_roles_new RENAME TO user_roles"),
            } },
        { 18, QStringLiteral("webhook deliveries of any event: submissions besides decisions"),
            {
                // A delivery is a decision's (notification_id) or a submission's (submission_id),
                // named by event. SQLite cannot drop a NOT NULL: both tables are
                // rebuilt, webhook_attempts too since it references webhook_deliveries. The new
                // ones are made and filled first, then the old ones dropped (attempts first) and
                // the new ones renamed (SQLite rewrites webhook_attempts_new's reference with the
                // rename; PostgreSQL's follows the table). submission_id has no foreign key: the
                // submissions table is the services feature's, made after base.
                QStringLiteral("CREATE TABLE webhook_deliveries_new ("
                               " id TEXT PRIMARY KEY,"
                               " notification_id TEXT REFERENCES notifications(id),"
                               " submission_id TEXT,"
                               " event TEXT NOT NULL,"
                               " api_key_id TEXT NOT NULL REFERENCES api_keys(id),"
                               " url TEXT NOT NULL,"
                               " body TEXT NOT NULL,"
                               " created_at TEXT NOT NULL,"
                               " attempts INTEGER NOT NULL DEFAULT 0,"
                               " next_attempt_at TEXT NOT NULL,"
                               " delivered_at TEXT,"
                               " state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN"
                               " ('pending', 'delivered', 'dead')),"
                               " dead_at TEXT,"
                               " retry_from TEXT,"
                               " leased_until TEXT,"
                               " CHECK (notification_id IS NOT NULL OR submission_id IS NOT"
                               " NULL))"),
                QStringLiteral("INSERT INTO webhook_deliveries_new (id, notification_id,"
                               " submission_id, event, api_key_id, url, body, created_at,"
                               " attempts, next_attempt_at, delivered_at, state, dead_at,"
                               " retry_from, leased_until) SELECT id, notification_id, NULL,"
                               " 'decision', api_key_id, url, body, created_at, attempts,"
                               " next_attempt_at, delivered_at, state, dead_at, retry_from,"
                               " leased_until FROM webhook_deliveries"),
                QStringLiteral("CREATE TABLE webhook_attempts_new ("
                               " id {{ID}},"
                               " delivery_id TEXT NOT NULL REFERENCES webhook_deliveries_new(id),"
                               " at TEXT NOT NULL,"
                               " status INTEGER,"
                               " error TEXT)"),
                QStringLiteral("INSERT INTO webhook_attempts_new (id, delivery_id, at, status,"
                               " error) SELECT id, delivery_id, at, status, error FROM"
                               " webhook_attempts"),
                QStringLiteral("DROP TABLE webhook_attempts"),
                QStringLiteral("DROP TABLE webhook_deliveries"),
                QStringLiteral("ALTER TABLE webhook_deliveries_new RENAME TO webhook_deliveries"),
                QStringLiteral("ALTER TABLE webhook_attempts_new RENAME TO webhook_attempts"),
                // Every index the old tables had (migrations 3 and 10), and the submission's.
                QStringLiteral("CREATE INDEX webhook_deliveries_due ON webhook_deliveries"
                               " (delivered_at, next_attempt_at)"),
                QStringLiteral("CREATE INDEX webhook_deliveries_state ON webhook_deliveries"
                               " (state, next_attempt_at)"),
                QStringLiteral("CREATE INDEX webhook_deliveries_key ON webhook_deliveries"
                               " (api_key_id, state, id)"),
                QStringLiteral("CREATE INDEX webhook_deliveries_submission ON webhook_deliveries"
                               " (submission_id)"),
                QStringLiteral(
                    "CREATE INDEX webhook_attempts_delivery ON webhook_attempts (delivery_id)"),
                // The ids were copied: the next one follows the largest.
                QStringLiteral("{{SYNC_ID webhook_attempts}}"),
            } },
        { 19,
            QStringLiteral("people: an index on the manager, from which the manager role follows"),
            {
                // Every audience check of a person asks whether anyone reports to them: without
                // it that is a scan of the whole people table per request.
                QStringLiteral("CREATE INDEX users_manager ON users (manager_id)"),
            } },
    };
    return migrations;
}

} // namespace tessera::server
