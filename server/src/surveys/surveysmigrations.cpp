#include "surveys/surveysmigrations.h"

namespace tessera::server {

const QList<Migration> &surveysMigrations()
{
    static const QList<Migration> migrations = {
        { 1, QStringLiteral("Surveys, named answers, and anonymous answers without the person"),
            {
                // A sub-system's survey (SurveyRepository): ONE row per survey, its audience as
                // Audience::toText however many people it reaches. id is the server's
                // ("srv_..."), survey_id the sub-system's own, unique per key. closed: its
                // closing is in the change feed; deleted: withdrawn or removed 7 days after
                // closing (a tombstone without content, so that a delta read names it under
                // removed). change_id: the change feed's cursor of its last change.
                QStringLiteral("CREATE TABLE surveys ("
                               " id TEXT PRIMARY KEY,"
                               " api_key_id TEXT NOT NULL REFERENCES api_keys(id),"
                               " survey_id TEXT NOT NULL,"
                               " title TEXT NOT NULL,"
                               " card TEXT NOT NULL,"
                               " audience TEXT NOT NULL,"
                               " previous_audience TEXT,"
                               " closes_at TEXT NOT NULL,"
                               " anonymous INTEGER NOT NULL,"
                               " editable INTEGER NOT NULL,"
                               " version INTEGER NOT NULL,"
                               " updated_at TEXT NOT NULL,"
                               " closed INTEGER NOT NULL DEFAULT 0,"
                               " deleted INTEGER NOT NULL DEFAULT 0,"
                               " change_id BIGINT NOT NULL DEFAULT 0)"),
                QStringLiteral(
                    "CREATE UNIQUE INDEX surveys_key_survey ON surveys (api_key_id, survey_id)"),
                QStringLiteral("CREATE INDEX surveys_changes ON surveys (change_id)"),
                QStringLiteral("CREATE INDEX surveys_due ON surveys (deleted, closes_at)"),
                // A named survey's answers: one row per person, replaced while editable.
                // change_id: the cursor of the person's own change (the survey comes again,
                // answered).
                QStringLiteral("CREATE TABLE survey_answers ("
                               " survey TEXT NOT NULL REFERENCES surveys(id),"
                               " user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
                               " inputs TEXT NOT NULL,"
                               " answered_at TEXT NOT NULL,"
                               " change_id BIGINT NOT NULL,"
                               " PRIMARY KEY (survey, user_id))"),
                QStringLiteral(
                    "CREATE INDEX survey_answers_person ON survey_answers (user_id, change_id)"),
                // An anonymous survey (DESIGN.md decision 10), what a database reader sees:
                // the has-answered mark, (survey, person) only: no time, no order (stored in
                // its key's order).
                QStringLiteral("CREATE TABLE survey_marks ("
                               " survey TEXT NOT NULL REFERENCES surveys(id),"
                               " user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
                               " PRIMARY KEY (survey, user_id)) {{WITHOUT_ROWID}}"),
                // An answer not yet mixed (at most 4 a survey): a random key, no person, time
                // or order.
                QStringLiteral("CREATE TABLE survey_pending ("
                               " survey TEXT NOT NULL REFERENCES surveys(id),"
                               " pending_key TEXT NOT NULL,"
                               " inputs TEXT NOT NULL,"
                               " PRIMARY KEY (survey, pending_key)) {{WITHOUT_ROWID}}"),
                // Mixed answers: a counter per (survey, input, value) ...
                QStringLiteral("CREATE TABLE survey_counts ("
                               " survey TEXT NOT NULL REFERENCES surveys(id),"
                               " input_id TEXT NOT NULL,"
                               " value TEXT NOT NULL,"
                               " answers BIGINT NOT NULL,"
                               " PRIMARY KEY (survey, input_id, value)) {{WITHOUT_ROWID}}"),
                // ... and free text under a random key with only the day it was mixed.
                QStringLiteral("CREATE TABLE survey_texts ("
                               " survey TEXT NOT NULL REFERENCES surveys(id),"
                               " text_key TEXT NOT NULL,"
                               " input_id TEXT NOT NULL,"
                               " text TEXT NOT NULL,"
                               " day TEXT NOT NULL,"
                               " PRIMARY KEY (survey, text_key)) {{WITHOUT_ROWID}}"),
            } },
        { 2, QStringLiteral("the audiences a survey has had"),
            {
                // The distinct audiences the survey has had (AudienceHistory: a JSON array of
                // Audience::toText objects, at most 16, or "*" past them): a delta read names it
                // under removed only to a person in one of them. Filled from what a row knows: its
                // audience and the one before its last change.
                QStringLiteral("ALTER TABLE surveys ADD COLUMN audiences TEXT"),
                QStringLiteral("UPDATE surveys SET audiences = CASE WHEN previous_audience IS NULL"
                               " OR previous_audience = '' OR previous_audience = audience"
                               " THEN '[' || audience || ']'"
                               " ELSE '[' || previous_audience || ',' || audience || ']' END"),
            } },
        { 3,
            QStringLiteral("survey answers delivered by webhook: callback, batches, delivery refs"),
            {
                // A survey's callback URL (SurveyWebhooks), when the sub-system gave one: written
                // with the survey, before a new one's row (no foreign key), deleted with it.
                QStringLiteral("CREATE TABLE survey_hooks ("
                               " survey TEXT PRIMARY KEY,"
                               " url TEXT NOT NULL)"),
                // A named answer's delivery names it by this random key, never by the person
                // (webhook_deliveries.survey_ref): the body is built from the row when sent.
                QStringLiteral("ALTER TABLE survey_answers ADD COLUMN answer_key TEXT"),
                QStringLiteral("CREATE UNIQUE INDEX survey_answers_key ON survey_answers"
                               " (answer_key)"),
                // An anonymous survey's batch on its way to the sub-system: its mixed answers
                // wait in survey_pending under the batch's random key (no person, time or order)
                // until it is delivered. final: the batch of the closing.
                QStringLiteral("CREATE TABLE survey_batches ("
                               " batch_key TEXT PRIMARY KEY,"
                               " survey TEXT NOT NULL REFERENCES surveys(id),"
                               " final INTEGER NOT NULL) {{WITHOUT_ROWID}}"),
                QStringLiteral("ALTER TABLE survey_pending ADD COLUMN batch TEXT"),
                // A delivery may be a survey's (survey_ref: an answer key or a batch key, the
                // event naming which). As base migration 18 did: both tables are rebuilt, the
                // new ones made and filled first, the old ones dropped (attempts first).
                QStringLiteral("CREATE TABLE webhook_deliveries_new ("
                               " id TEXT PRIMARY KEY,"
                               " notification_id TEXT REFERENCES notifications(id),"
                               " submission_id TEXT,"
                               " survey_ref TEXT,"
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
                               " NULL OR survey_ref IS NOT NULL))"),
                QStringLiteral("INSERT INTO webhook_deliveries_new (id, notification_id,"
                               " submission_id, event, api_key_id, url, body, created_at,"
                               " attempts, next_attempt_at, delivered_at, state, dead_at,"
                               " retry_from, leased_until) SELECT id, notification_id,"
                               " submission_id, event, api_key_id, url, body, created_at,"
                               " attempts, next_attempt_at, delivered_at, state, dead_at,"
                               " retry_from, leased_until FROM webhook_deliveries"),
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
                QStringLiteral("CREATE INDEX webhook_deliveries_due ON webhook_deliveries"
                               " (delivered_at, next_attempt_at)"),
                QStringLiteral("CREATE INDEX webhook_deliveries_state ON webhook_deliveries"
                               " (state, next_attempt_at)"),
                QStringLiteral("CREATE INDEX webhook_deliveries_key ON webhook_deliveries"
                               " (api_key_id, state, id)"),
                QStringLiteral("CREATE INDEX webhook_deliveries_submission ON webhook_deliveries"
                               " (submission_id)"),
                QStringLiteral("CREATE INDEX webhook_deliveries_survey ON webhook_deliveries"
                               " (survey_ref)"),
                QStringLiteral(
                    "CREATE INDEX webhook_attempts_delivery ON webhook_attempts (delivery_id)"),
                QStringLiteral("{{SYNC_ID webhook_attempts}}"),
            } },
    };
    return migrations;
}

} // namespace tessera::server
