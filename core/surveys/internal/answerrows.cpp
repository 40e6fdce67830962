#include "surveys/internal/answerrows.h"

#include "storage/database.h"
#include "storage/sqlrows.h"
#include "storage/sqlstatement.h"

#include <QJsonDocument>

namespace tessera::surveys {

namespace {

constexpr char selectColumns[] =
    "SELECT seq, survey_id, anonymous, inputs, idempotency_key, state, attempts, next_attempt_at,"
    " last_error, reason, message, path, created_at FROM surveys_outbox";

SurveyAnswer readRow(const SqlStatement &row)
{
    SurveyAnswer answer;
    answer.seq = row.columnInt64(0);
    answer.surveyId = row.columnText(1);
    answer.anonymous = row.columnBool(2);
    answer.inputs = QJsonDocument::fromJson(row.columnUtf8(3)).object();
    answer.idempotencyKey = row.isNull(4) ? QString() : row.columnText(4);
    answer.state = row.columnText(5);
    answer.attempts = int(row.columnInt64(6));
    if (!row.isNull(7))
        answer.nextAttemptAt = QDateTime::fromMSecsSinceEpoch(row.columnInt64(7), Qt::UTC);
    answer.lastError = row.isNull(8) ? QString() : row.columnText(8);
    answer.reason = row.isNull(9) ? QString() : row.columnText(9);
    answer.message = row.isNull(10) ? QString() : row.columnText(10);
    answer.path = row.isNull(11) ? QString() : row.columnText(11);
    answer.createdAt = QDateTime::fromMSecsSinceEpoch(row.columnInt64(12), Qt::UTC);
    return answer;
}

} // namespace

std::optional<qint64> insertAnswer(Database &db, const SurveyAnswer &answer)
{
    SqlStatement earlier = db.prepare("DELETE FROM surveys_outbox WHERE survey_id = ?1");
    earlier.bindText(1, answer.surveyId);
    if (!earlier.exec())
        return std::nullopt;
    SqlStatement insert =
        db.prepare("INSERT INTO surveys_outbox (survey_id, anonymous, inputs, idempotency_key,"
                   " created_at) VALUES (?1, ?2, ?3, ?4, ?5)");
    insert.bindText(1, answer.surveyId);
    insert.bindBool(2, answer.anonymous);
    insert.bindUtf8(3, QJsonDocument(answer.inputs).toJson(QJsonDocument::Compact));
    if (answer.anonymous || answer.idempotencyKey.isEmpty())
        insert.bindNull(4);
    else
        insert.bindText(4, answer.idempotencyKey);
    insert.bindInt64(5, answer.createdAt.toMSecsSinceEpoch());
    if (!insert.exec())
        return std::nullopt;
    return db.lastInsertRowId();
}

QList<SurveyAnswer> answerRows(Database &db, const QString &state)
{
    SqlStatement select = db.prepare(
        QByteArray(selectColumns)
            .append(state.isEmpty() ? " ORDER BY seq" : " WHERE state = ?1 ORDER BY seq"));
    if (!state.isEmpty())
        select.bindText(1, state);
    return rowsOf(select, readRow, "reading the answer outbox");
}

std::optional<SurveyAnswer> answerRow(Database &db, qint64 seq)
{
    SqlStatement select = db.prepare(QByteArray(selectColumns).append(" WHERE seq = ?1"));
    select.bindInt64(1, seq);
    if (select.step() != SqlStatement::Step::Row)
        return std::nullopt;
    return readRow(select);
}

std::optional<SurveyAnswer> answerRowFor(Database &db, const QString &surveyId)
{
    SqlStatement select = db.prepare(
        QByteArray(selectColumns).append(" WHERE survey_id = ?1 ORDER BY seq DESC LIMIT 1"));
    select.bindText(1, surveyId);
    if (select.step() != SqlStatement::Step::Row)
        return std::nullopt;
    return readRow(select);
}

bool deliverAnswer(Database &db, qint64 seq)
{
    const std::optional<SurveyAnswer> answer = answerRow(db, seq);
    if (!answer)
        return true; // gone already (the survey was withdrawn meanwhile)
    SqlStatement mark = db.prepare("UPDATE surveys SET answered = 1, myAnswer = ?2 WHERE id = ?1");
    mark.bindText(1, answer->surveyId);
    if (answer->anonymous)
        mark.bindNull(2); // an anonymous answer is not kept once the server has it
    else
        mark.bindUtf8(2, QJsonDocument(answer->inputs).toJson(QJsonDocument::Compact));
    SqlStatement remove = db.prepare("DELETE FROM surveys_outbox WHERE seq = ?1");
    remove.bindInt64(1, seq);
    return mark.exec() && remove.exec();
}

bool failAnswer(
    Database &db, qint64 seq, const QString &reason, const QString &message, const QString &path)
{
    SqlStatement update = db.prepare(
        "UPDATE surveys_outbox SET state = 'failed', reason = ?2, message = ?3, path = ?4,"
        " attempts = attempts + 1, next_attempt_at = NULL WHERE seq = ?1 AND state = 'pending'");
    update.bindInt64(1, seq);
    update.bindText(2, reason);
    update.bindText(3, message);
    if (path.isEmpty())
        update.bindNull(4);
    else
        update.bindText(4, path);
    return update.exec();
}

bool deferAnswer(Database &db, qint64 seq, const QDateTime &nextAttemptAt, const QString &lastError)
{
    SqlStatement update =
        db.prepare("UPDATE surveys_outbox SET attempts = attempts + 1, next_attempt_at = ?2,"
                   " last_error = ?3 WHERE seq = ?1 AND state = 'pending'");
    update.bindInt64(1, seq);
    update.bindInt64(2, nextAttemptAt.toMSecsSinceEpoch());
    update.bindText(3, lastError);
    return update.exec();
}

} // namespace tessera::surveys
