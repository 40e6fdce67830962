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
    };
    return migrations;
}

} // namespace tessera::server
