#include "services/submissionwebhook.h"

#include "crypto/randomtokens.h"
#include "storage/sqlhelpers.h"

#include <QJsonDocument>
#include <QSqlQuery>

namespace tessera::server {

QString SubmissionWebhook::body(
    const QJsonObject &event, const QJsonObject &submission, const QString &deliveryId)
{
    QJsonObject body = event; // "type": "submission.created", eventId, createdAt, ...
    body.insert(QStringLiteral("deliveryId"), deliveryId);
    body.insert(QStringLiteral("submission"), submission);
    return QString::fromUtf8(QJsonDocument(body).toJson(QJsonDocument::Compact));
}

bool SubmissionWebhook::queue(QSqlDatabase &db, const QString &apiKeyId, const QString &url,
    const QJsonObject &event, const QJsonObject &submission, const QString &at)
{
    const QString deliveryId = randomtokens::urlSafe(QStringLiteral("dlv_"), 16);
    QSqlQuery query(db);
    return sql::exec(query,
        QStringLiteral("INSERT INTO webhook_deliveries (id, submission_id, event, api_key_id, url,"
                       " body, created_at, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
        { deliveryId, submission.value(QStringLiteral("id")).toString(), eventName(), apiKeyId, url,
            body(event, submission, deliveryId), at, at });
}

} // namespace tessera::server
