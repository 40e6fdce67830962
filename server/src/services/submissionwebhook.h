#pragma once

#include <QJsonObject>
#include <QSqlDatabase>
#include <QString>

namespace tessera::server {

// A submission's webhook (docs/CARDS.md, "Submission webhooks"): when a person's submission is
// stored and its service has a callback URL, a delivery of event "submission.created" is queued
// in the same transaction, for the WebhookDispatcher to sign, send and retry as it does a
// decision's. The body is the submission.created event of the key's events feed (same eventId)
// with the deliveryId and the whole submission as GET /v1/subsystem/submissions gives it.
class SubmissionWebhook
{
public:
    static QString eventName() { return QStringLiteral("submission.created"); }

    // Queues the delivery of event (SubmissionEvent, Created) about submission (the sub-system's
    // view) to url for apiKeyId, at (RFC 3339); false when the database failed.
    static bool queue(QSqlDatabase &db, const QString &apiKeyId, const QString &url,
        const QJsonObject &event, const QJsonObject &submission, const QString &at);
    // The body queue() sends.
    static QString body(
        const QJsonObject &event, const QJsonObject &submission, const QString &deliveryId);
};

} // namespace tessera::server
