#include "surveys/surveyrepository.h"

#include "audience/audiencehistory.h"
#include "storage/sqlhelpers.h"

#include <QSqlQuery>

namespace tessera::server {

namespace {

const QString columns =
    QStringLiteral("s.id, s.api_key_id, s.survey_id, s.title, s.card, s.audience,"
                   " s.previous_audience, s.closes_at, s.anonymous, s.editable, s.version,"
                   " s.updated_at, s.closed, s.deleted, s.change_id");
constexpr int columnCount = 15;

const QString withKey =
    QStringLiteral(", k.subsystem, CASE WHEN k.revoked_at IS NULL THEN 0 ELSE 1 END"
                   " FROM surveys s JOIN api_keys k ON k.id = s.api_key_id");

StoredSurvey readRow(const QSqlQuery &query, bool hasKey)
{
    StoredSurvey survey;
    survey.id = query.value(0).toString();
    survey.apiKeyId = query.value(1).toString();
    survey.surveyId = query.value(2).toString();
    survey.title = query.value(3).toString();
    survey.card = query.value(4).toString();
    survey.audience = query.value(5).toString();
    survey.previousAudience = query.value(6).toString();
    survey.closesAt = query.value(7).toString();
    survey.anonymous = query.value(8).toInt() != 0;
    survey.editable = query.value(9).toInt() != 0;
    survey.version = query.value(10).toInt();
    survey.updatedAt = query.value(11).toString();
    survey.closed = query.value(12).toInt() != 0;
    survey.deleted = query.value(13).toInt() != 0;
    survey.cursor = query.value(14).toLongLong();
    if (hasKey) {
        survey.source = query.value(columnCount).toString();
        survey.keyRevoked = query.value(columnCount + 1).toInt() != 0;
    }
    return survey;
}

std::optional<QList<StoredSurvey>> surveys(
    QSqlDatabase &db, const QString &statement, const QVariantList &values, bool hasKey)
{
    QSqlQuery query(db);
    if (!sql::exec(query, statement, values))
        return std::nullopt;
    QList<StoredSurvey> result;
    while (query.next())
        result.append(readRow(query, hasKey));
    return result;
}

bool one(QSqlDatabase &db, const QString &statement, const QVariantList &values,
    std::optional<StoredSurvey> *survey)
{
    const auto found = surveys(db, statement, values, true);
    if (!found)
        return false;
    *survey = found->isEmpty() ? std::nullopt : std::optional<StoredSurvey>(found->constFirst());
    return true;
}

std::optional<QList<SurveyRepository::Answer>> answers(
    QSqlDatabase &db, const QString &statement, const QVariantList &values)
{
    QSqlQuery query(db);
    if (!sql::exec(query, statement, values))
        return std::nullopt;
    QList<SurveyRepository::Answer> result;
    while (query.next())
        result.append({ query.value(0).toString(), query.value(1).toString(),
            query.value(2).toString(), query.value(3).toString(), query.value(4).toLongLong() });
    return result;
}

const QString answerColumns =
    QStringLiteral("SELECT survey, user_id, inputs, answered_at, change_id FROM survey_answers");

} // namespace

bool SurveyRepository::find(QSqlDatabase &db, const QString &apiKeyId, const QString &surveyId,
    std::optional<StoredSurvey> *survey)
{
    return one(db,
        QStringLiteral("SELECT %1%2 WHERE s.api_key_id = ? AND s.survey_id = ?")
            .arg(columns, withKey),
        { apiKeyId, surveyId }, survey);
}

bool SurveyRepository::findById(
    QSqlDatabase &db, const QString &id, std::optional<StoredSurvey> *survey)
{
    return one(
        db, QStringLiteral("SELECT %1%2 WHERE s.id = ?").arg(columns, withKey), { id }, survey);
}

std::optional<QStringList> SurveyRepository::undeletedIdsOfKey(
    QSqlDatabase &db, const QString &apiKeyId)
{
    return sql::strings(db,
        QStringLiteral("SELECT survey_id FROM surveys WHERE api_key_id = ? AND deleted = 0"
                       " ORDER BY survey_id"),
        { apiKeyId });
}

bool SurveyRepository::write(QSqlDatabase &db, const StoredSurvey &survey, bool update)
{
    QSqlQuery query(db);
    const auto text = [](const QString &value) {
        return value.isNull() ? QStringLiteral("") : value;
    };
    const QVariantList changing { text(survey.title), text(survey.card), survey.audience,
        sql::textOrNull(survey.previousAudience), survey.closesAt, survey.anonymous ? 1 : 0,
        survey.editable ? 1 : 0, survey.version, survey.updatedAt, survey.closed ? 1 : 0,
        survey.deleted ? 1 : 0, survey.cursor };
    const bool written = update
        ? sql::exec(query,
            QStringLiteral("UPDATE surveys SET title = ?, card = ?, audience = ?,"
                           " previous_audience = ?, closes_at = ?, anonymous = ?, editable = ?,"
                           " version = ?, updated_at = ?, closed = ?, deleted = ?, change_id = ?"
                           " WHERE id = ?"),
            changing + QVariantList { survey.id })
        : sql::exec(query,
            QStringLiteral(
                "INSERT INTO surveys (id, api_key_id, survey_id, title, card, audience,"
                " previous_audience, closes_at, anonymous, editable, version, updated_at,"
                " closed, deleted, change_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                " ?, ?, ?)"),
            QVariantList { survey.id, survey.apiKeyId, survey.surveyId } + changing);
    // Every audience the survey has had: who may be told that it is removed.
    return written && AudienceHistory::remember(db, "surveys", survey.id, survey.audience);
}

std::optional<QList<StoredSurvey>> SurveyRepository::withIds(
    QSqlDatabase &db, const QStringList &ids)
{
    if (ids.isEmpty())
        return QList<StoredSurvey>();
    return surveys(db,
        QStringLiteral("SELECT %1%2 WHERE s.id IN (%3)")
            .arg(columns, withKey, sql::placeholders(ids.size())),
        sql::values(ids), true);
}

std::optional<QList<StoredSurvey>> SurveyRepository::changedSince(
    QSqlDatabase &db, qint64 since, int limit, bool liveOnly)
{
    QString statement = QStringLiteral("SELECT %1%2 WHERE s.change_id > ?").arg(columns, withKey);
    if (liveOnly)
        statement += QStringLiteral(" AND s.deleted = 0 AND k.revoked_at IS NULL");
    statement += QStringLiteral(" ORDER BY s.change_id LIMIT ") + QString::number(limit);
    return surveys(db, statement, { since }, true);
}

std::optional<QList<StoredSurvey>> SurveyRepository::dueToClose(
    QSqlDatabase &db, const QString &now, int limit)
{
    return surveys(db,
        QStringLiteral("SELECT %1%2 WHERE s.deleted = 0 AND s.closed = 0 AND s.closes_at <= ?"
                       " ORDER BY s.closes_at, s.id LIMIT %3")
            .arg(columns, withKey)
            .arg(limit),
        { now }, true);
}

std::optional<QList<StoredSurvey>> SurveyRepository::dueToRemove(
    QSqlDatabase &db, const QString &before, int limit)
{
    return surveys(db,
        QStringLiteral("SELECT %1%2 WHERE s.deleted = 0 AND s.closed = 1 AND s.closes_at <= ?"
                       " ORDER BY s.closes_at, s.id LIMIT %3")
            .arg(columns, withKey)
            .arg(limit),
        { before }, true);
}

bool SurveyRepository::findAnswer(
    QSqlDatabase &db, const QString &surveyId, const QString &userId, std::optional<Answer> *answer)
{
    const auto found = answers(db,
        answerColumns + QStringLiteral(" WHERE survey = ? AND user_id = ?"), { surveyId, userId });
    if (!found)
        return false;
    *answer = found->isEmpty() ? std::nullopt : std::optional<Answer>(found->constFirst());
    return true;
}

bool SurveyRepository::writeAnswer(QSqlDatabase &db, const Answer &answer, bool update)
{
    QSqlQuery query(db);
    if (update)
        return sql::exec(query,
            QStringLiteral("UPDATE survey_answers SET inputs = ?, answered_at = ?, change_id = ?"
                           " WHERE survey = ? AND user_id = ?"),
            { answer.inputs, answer.answeredAt, answer.cursor, answer.surveyId, answer.userId });
    return sql::exec(query,
        QStringLiteral("INSERT INTO survey_answers (survey, user_id, inputs, answered_at,"
                       " change_id) VALUES (?, ?, ?, ?, ?)"),
        { answer.surveyId, answer.userId, answer.inputs, answer.answeredAt, answer.cursor });
}

std::optional<QList<SurveyRepository::Answer>> SurveyRepository::answersSince(
    QSqlDatabase &db, const QString &userId, qint64 since, int limit)
{
    return answers(db,
        answerColumns
            + QStringLiteral(" WHERE user_id = ? AND change_id > ? ORDER BY change_id LIMIT ")
            + QString::number(limit),
        { userId, since });
}

std::optional<QHash<QString, QString>> SurveyRepository::answersAmong(
    QSqlDatabase &db, const QString &userId, const QStringList &surveyIds)
{
    QHash<QString, QString> result;
    if (surveyIds.isEmpty())
        return result;
    const auto found = answers(db,
        answerColumns
            + QStringLiteral(" WHERE user_id = ? AND survey IN (%1)")
                  .arg(sql::placeholders(surveyIds.size())),
        QVariantList { userId } + sql::values(surveyIds));
    if (!found)
        return std::nullopt;
    for (const Answer &answer : *found)
        result.insert(answer.surveyId, answer.inputs);
    return result;
}

std::optional<QList<SurveyRepository::Answer>> SurveyRepository::answersOf(
    QSqlDatabase &db, const QString &surveyId)
{
    return answers(db,
        answerColumns + QStringLiteral(" WHERE survey = ? ORDER BY answered_at, user_id"),
        { surveyId });
}

bool SurveyRepository::deleteAnswers(QSqlDatabase &db, const QString &surveyId)
{
    QSqlQuery query(db);
    for (const QString &table : { QStringLiteral("survey_answers"), QStringLiteral("survey_marks"),
             QStringLiteral("survey_pending"), QStringLiteral("survey_counts"),
             QStringLiteral("survey_texts"), QStringLiteral("survey_batches"),
             QStringLiteral("survey_hooks") }) {
        if (!sql::exec(
                query, QStringLiteral("DELETE FROM %1 WHERE survey = ?").arg(table), { surveyId }))
            return false;
    }
    return true;
}

} // namespace tessera::server
