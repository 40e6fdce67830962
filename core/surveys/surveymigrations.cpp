#include "surveys/surveymigrations.h"

namespace tessera {

QList<Migration> surveyMigrations()
{
    return {
        // The surveys as the server last gave them (times in ms since the epoch; card the form's
        // compact JSON; myAnswer the person's named answer as JSON or NULL); the delta cursor of
        // GET /v1/surveys in surveys_sync; the answers this device sends in surveys_outbox, in
        // the session's encrypted database until the server has them: idempotency_key NULL for
        // an anonymous survey (decision 10: the has-answered mark is the server's guard); state
        // pending (to send) or failed (refused for good: reason the server's code, message, and
        // path the input named by a 422). A delivered answer's row is deleted. stale: marked by a
        // reset of the server's (DeltaStore::beginReset) until a page lists the survey again; the
        // sweep deletes the rest.
        Migration::fromSql(1, QStringLiteral("Surveys, their sync cursor and answer outbox"),
            QByteArrayLiteral("CREATE TABLE surveys ("
                              " id TEXT PRIMARY KEY NOT NULL,"
                              " title TEXT NOT NULL,"
                              " card TEXT NOT NULL,"
                              " closesAt INTEGER NOT NULL,"
                              " closed INTEGER NOT NULL,"
                              " anonymous INTEGER NOT NULL,"
                              " editable INTEGER NOT NULL,"
                              " version INTEGER NOT NULL,"
                              " answered INTEGER NOT NULL,"
                              " myAnswer TEXT,"
                              " source TEXT NOT NULL,"
                              " stale INTEGER NOT NULL DEFAULT 0);"
                              "CREATE TABLE surveys_sync ("
                              " name TEXT PRIMARY KEY NOT NULL,"
                              " value TEXT NOT NULL);"
                              "CREATE TABLE surveys_outbox ("
                              " seq INTEGER PRIMARY KEY AUTOINCREMENT,"
                              " survey_id TEXT NOT NULL,"
                              " anonymous INTEGER NOT NULL,"
                              " inputs TEXT NOT NULL,"
                              " idempotency_key TEXT UNIQUE,"
                              " state TEXT NOT NULL DEFAULT 'pending',"
                              " attempts INTEGER NOT NULL DEFAULT 0,"
                              " next_attempt_at INTEGER,"
                              " last_error TEXT,"
                              " reason TEXT,"
                              " message TEXT,"
                              " path TEXT,"
                              " created_at INTEGER NOT NULL);"
                              "CREATE INDEX surveys_outbox_survey ON surveys_outbox (survey_id);")),
    };
}

} // namespace tessera
