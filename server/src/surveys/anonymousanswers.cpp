#include "surveys/anonymousanswers.h"

#include "crypto/randomtokens.h"
#include "storage/sqlhelpers.h"

#include <QJsonDocument>
#include <QSqlQuery>

#include <map>

namespace tessera::server {

namespace {

std::optional<qint64> countOf(
    QSqlDatabase &db, const QString &statement, const QVariantList &values)
{
    QSqlQuery query(db);
    if (!sql::exec(query, statement, values) || !query.next())
        return std::nullopt;
    return query.value(0).toLongLong();
}

// A random key: 128 bits, so that the key order is no order of arrival.
QString randomKey()
{
    return randomtokens::urlSafe(QString(), 22);
}

} // namespace

std::optional<bool> AnonymousAnswers::hasMark(
    QSqlDatabase &db, const QString &surveyId, const QString &userId)
{
    const auto found = countOf(db,
        QStringLiteral("SELECT COUNT(*) FROM survey_marks WHERE survey = ? AND user_id = ?"),
        { surveyId, userId });
    if (!found)
        return std::nullopt;
    return *found > 0;
}

bool AnonymousAnswers::store(QSqlDatabase &db, const QString &surveyId, const QString &userId,
    const QJsonObject &inputs, const QList<SurveyInput> &card, const QString &day,
    const QString &batch, bool *mixed)
{
    QSqlQuery query(db);
    if (!sql::exec(query,
            QStringLiteral("INSERT INTO survey_marks (survey, user_id) VALUES (?, ?)"),
            { surveyId, userId })
        || !sql::exec(query,
            QStringLiteral(
                "INSERT INTO survey_pending (survey, pending_key, inputs) VALUES (?, ?, ?)"),
            { surveyId, randomKey(),
                QString::fromUtf8(QJsonDocument(inputs).toJson(QJsonDocument::Compact)) }))
        return false;
    const std::optional<qint64> waiting = pendingCount(db, surveyId);
    if (!waiting)
        return false;
    if (*waiting < minBatch)
        return true;
    if (mixed)
        *mixed = true;
    return mix(db, surveyId, card, day, batch);
}

bool AnonymousAnswers::mix(QSqlDatabase &db, const QString &surveyId,
    const QList<SurveyInput> &card, const QString &day, const QString &batch)
{
    QSqlQuery query(db);
    if (!sql::exec(query,
            QStringLiteral("SELECT inputs FROM survey_pending WHERE survey = ? AND batch IS NULL"
                           " ORDER BY pending_key"),
            { surveyId }))
        return false;
    // (input, value) -> answers; texts in the pending keys' (random) order.
    std::map<std::pair<QString, QString>, qint64> counted;
    QList<std::pair<QString, QString>> texts;
    while (query.next()) {
        const QJsonObject answer =
            QJsonDocument::fromJson(query.value(0).toString().toUtf8()).object();
        for (const SurveyInput &input : card) {
            const QStringList values = input.countedValues(answer.value(input.id));
            for (const QString &value : values) {
                if (input.isText())
                    texts.append({ input.id, value });
                else
                    counted[{ input.id, value }] += 1;
            }
        }
    }
    for (const auto &[key, answers] : counted) {
        if (!sql::exec(query,
                QStringLiteral("INSERT INTO survey_counts (survey, input_id, value, answers)"
                               " VALUES (?, ?, ?, ?) ON CONFLICT (survey, input_id, value) DO"
                               " UPDATE SET answers = survey_counts.answers + excluded.answers"),
                { surveyId, key.first, key.second, answers }))
            return false;
    }
    for (const auto &[inputId, text] : texts) {
        if (!sql::exec(query,
                QStringLiteral("INSERT INTO survey_texts (survey, text_key, input_id, text, day)"
                               " VALUES (?, ?, ?, ?, ?)"),
                { surveyId, randomKey(), inputId, text, day }))
            return false;
    }
    if (!batch.isEmpty())
        return sql::exec(query,
            QStringLiteral(
                "UPDATE survey_pending SET batch = ? WHERE survey = ? AND batch IS NULL"),
            { batch, surveyId });
    return sql::exec(query,
        QStringLiteral("DELETE FROM survey_pending WHERE survey = ? AND batch IS NULL"),
        { surveyId });
}

std::optional<QSet<QString>> AnonymousAnswers::markedAmong(
    QSqlDatabase &db, const QString &userId, const QStringList &surveyIds)
{
    if (surveyIds.isEmpty())
        return QSet<QString>();
    const auto ids = sql::strings(db,
        QStringLiteral("SELECT survey FROM survey_marks WHERE user_id = ? AND survey IN (%1)")
            .arg(sql::placeholders(surveyIds.size())),
        QVariantList { userId } + sql::values(surveyIds));
    if (!ids)
        return std::nullopt;
    return QSet<QString>(ids->cbegin(), ids->cend());
}

std::optional<QStringList> AnonymousAnswers::markedBy(QSqlDatabase &db, const QString &userId)
{
    return sql::strings(
        db, QStringLiteral("SELECT survey FROM survey_marks WHERE user_id = ?"), { userId });
}

std::optional<qint64> AnonymousAnswers::markCount(QSqlDatabase &db, const QString &surveyId)
{
    return countOf(
        db, QStringLiteral("SELECT COUNT(*) FROM survey_marks WHERE survey = ?"), { surveyId });
}

std::optional<qint64> AnonymousAnswers::pendingCount(QSqlDatabase &db, const QString &surveyId)
{
    return countOf(db,
        QStringLiteral("SELECT COUNT(*) FROM survey_pending WHERE survey = ? AND batch IS NULL"),
        { surveyId });
}

std::optional<QHash<QString, QHash<QString, qint64>>> AnonymousAnswers::counts(
    QSqlDatabase &db, const QString &surveyId)
{
    QSqlQuery query(db);
    if (!sql::exec(query,
            QStringLiteral("SELECT input_id, value, answers FROM survey_counts WHERE survey = ?"),
            { surveyId }))
        return std::nullopt;
    QHash<QString, QHash<QString, qint64>> result;
    while (query.next())
        result[query.value(0).toString()].insert(
            query.value(1).toString(), query.value(2).toLongLong());
    return result;
}

std::optional<QHash<QString, QStringList>> AnonymousAnswers::texts(
    QSqlDatabase &db, const QString &surveyId)
{
    QSqlQuery query(db);
    if (!sql::exec(query,
            QStringLiteral("SELECT input_id, text FROM survey_texts WHERE survey = ? ORDER BY"
                           " text_key"),
            { surveyId }))
        return std::nullopt;
    QHash<QString, QStringList> result;
    while (query.next())
        result[query.value(0).toString()].append(query.value(1).toString());
    return result;
}

} // namespace tessera::server
