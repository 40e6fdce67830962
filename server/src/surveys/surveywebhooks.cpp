#include "surveys/surveywebhooks.h"

#include "crypto/randomtokens.h"
#include "storage/sqlhelpers.h"
#include "surveys/surveyrepository.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>

namespace tessera::server {

namespace {

bool queue(QSqlDatabase &db, const QString &event, const QString &ref, const QString &apiKeyId,
    const QString &url, const QString &now)
{
    // No body: it is built when sent (body()).
    QSqlQuery query(db);
    return sql::exec(query,
        QStringLiteral("INSERT INTO webhook_deliveries (id, survey_ref, event, api_key_id, url,"
                       " body, created_at, next_attempt_at) VALUES (?, ?, ?, ?, ?, '', ?, ?)"),
        { randomtokens::urlSafe(QStringLiteral("dlv_"), 16), ref, event, apiKeyId, url, now, now });
}

QJsonObject parsed(const QVariant &text)
{
    return QJsonDocument::fromJson(text.toString().toUtf8()).object();
}

// The fields every survey event starts with; the event id follows from the delivery's, so that
// a retry sends the same event.
QJsonObject event(const QString &type, const QString &deliveryId, const QSqlQuery &survey)
{
    return QJsonObject { { QStringLiteral("type"), type },
        { QStringLiteral("version"), int(SurveyWebhooks::version) },
        { QStringLiteral("eventId"), QString(QStringLiteral("evt_") + deliveryId.mid(4)) },
        { QStringLiteral("id"), survey.value(0).toString() },
        { QStringLiteral("surveyId"), survey.value(1).toString() },
        { QStringLiteral("deliveryId"), deliveryId } };
}

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

std::optional<QByteArray> answerBody(
    QSqlDatabase &db, const QString &ref, const QString &deliveryId, bool *failed)
{
    QSqlQuery query(db);
    if (!sql::exec(query,
            QStringLiteral("SELECT s.id, s.survey_id, a.user_id, a.inputs, a.answered_at FROM"
                           " survey_answers a JOIN surveys s ON s.id = a.survey WHERE"
                           " a.answer_key = ? AND s.deleted = 0"),
            { ref })) {
        *failed = true;
        return std::nullopt;
    }
    if (!query.next())
        return std::nullopt;
    QJsonObject body = event(SurveyWebhooks::answerEvent(), deliveryId, query);
    body.insert(QStringLiteral("userId"), query.value(2).toString());
    body.insert(QStringLiteral("inputs"), parsed(query.value(3)));
    body.insert(QStringLiteral("answeredAt"), query.value(4).toString());
    return compact(body);
}

std::optional<QByteArray> batchBody(
    QSqlDatabase &db, const QString &ref, const QString &deliveryId, bool *failed)
{
    QSqlQuery query(db);
    if (!sql::exec(query,
            QStringLiteral("SELECT s.id, s.survey_id, b.final FROM survey_batches b JOIN surveys"
                           " s ON s.id = b.survey WHERE b.batch_key = ? AND s.deleted = 0"),
            { ref })) {
        *failed = true;
        return std::nullopt;
    }
    if (!query.next())
        return std::nullopt;
    QJsonObject body = event(SurveyWebhooks::batchEvent(), deliveryId, query);
    body.insert(QStringLiteral("final"), query.value(2).toInt() != 0);
    query.finish();
    // In the pending keys' (random) order: no order of arrival, no person, no time.
    QSqlQuery answers(db);
    if (!sql::exec(answers,
            QStringLiteral("SELECT inputs FROM survey_pending WHERE batch = ? ORDER BY"
                           " pending_key"),
            { ref })) {
        *failed = true;
        return std::nullopt;
    }
    QJsonArray list;
    while (answers.next())
        list.append(parsed(answers.value(0)));
    body.insert(QStringLiteral("answers"), list);
    return compact(body);
}

} // namespace

std::optional<QString> SurveyWebhooks::callbackOf(QSqlDatabase &db, const QString &surveyId)
{
    const std::optional<QStringList> urls = sql::strings(
        db, QStringLiteral("SELECT url FROM survey_hooks WHERE survey = ?"), { surveyId });
    if (!urls)
        return std::nullopt;
    return urls->isEmpty() ? QString() : urls->constFirst();
}

bool SurveyWebhooks::setCallback(QSqlDatabase &db, const QString &surveyId, const QString &url)
{
    QSqlQuery query(db);
    if (!sql::exec(
            query, QStringLiteral("DELETE FROM survey_hooks WHERE survey = ?"), { surveyId }))
        return false;
    return url.isEmpty()
        || sql::exec(query, QStringLiteral("INSERT INTO survey_hooks (survey, url) VALUES (?, ?)"),
            { surveyId, url });
}

QString SurveyWebhooks::newKey()
{
    return randomtokens::urlSafe(QString(), 22);
}

bool SurveyWebhooks::queueAnswer(QSqlDatabase &db, const StoredSurvey &survey,
    const QString &userId, const QString &url, const QString &now)
{
    // The answer's key is made once: an edit's delivery names the same row.
    QSqlQuery query(db);
    if (!sql::exec(query,
            QStringLiteral("UPDATE survey_answers SET answer_key = ? WHERE survey = ? AND"
                           " user_id = ? AND answer_key IS NULL"),
            { newKey(), survey.id, userId }))
        return false;
    const std::optional<QStringList> key = sql::strings(db,
        QStringLiteral("SELECT answer_key FROM survey_answers WHERE survey = ? AND user_id = ?"),
        { survey.id, userId });
    return key && key->size() == 1
        && queue(db, answerEvent(), key->constFirst(), survey.apiKeyId, url, now);
}

bool SurveyWebhooks::queueBatch(QSqlDatabase &db, const StoredSurvey &survey, const QString &batch,
    bool final, const QString &url, const QString &now)
{
    QSqlQuery query(db);
    return sql::exec(query,
               QStringLiteral(
                   "INSERT INTO survey_batches (batch_key, survey, final) VALUES (?, ?, ?)"),
               { batch, survey.id, final ? 1 : 0 })
        && queue(db, batchEvent(), batch, survey.apiKeyId, url, now);
}

std::optional<QByteArray> SurveyWebhooks::body(QSqlDatabase &db, const QString &event,
    const QString &ref, const QString &deliveryId, bool *failed)
{
    *failed = false;
    if (event == answerEvent())
        return answerBody(db, ref, deliveryId, failed);
    if (event == batchEvent())
        return batchBody(db, ref, deliveryId, failed);
    return std::nullopt;
}

bool SurveyWebhooks::delivered(QSqlDatabase &db, const QString &event, const QString &ref)
{
    if (event != batchEvent())
        return true;
    QSqlQuery query(db);
    return sql::exec(query, QStringLiteral("DELETE FROM survey_pending WHERE batch = ?"), { ref })
        && sql::exec(
            query, QStringLiteral("DELETE FROM survey_batches WHERE batch_key = ?"), { ref });
}

} // namespace tessera::server
