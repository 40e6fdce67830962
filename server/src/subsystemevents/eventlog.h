#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QString>

#include <optional>

namespace tessera::server {

// The events feed of each API key (GET /v1/subsystem/events): every event object
// (SubsystemEvent) about the key's notifications, in the order they were recorded, the row's id
// being the cursor. Runs on the connection it is given, inside the caller's transaction.
class EventLog
{
public:
    static constexpr int defaultPageSize = 50;
    static constexpr int maxPageSize = 100;

    struct Page
    {
        QJsonArray events;
        qint64 cursor = 0; // the last event's; since when there is none
        bool hasMore = false;
    };

    // Records event (a SubsystemEvent object) in apiKeyId's feed. Call it inside the
    // transaction of the change the event tells of, so that both commit or neither does. On
    // PostgreSQL it takes a transaction-level lock: events commit in the order of their ids,
    // so a reader's cursor never passes one that commits later.
    static bool record(QSqlDatabase &db, const QString &apiKeyId, const QJsonObject &event);
    // Records delivery.failed: deliveryId (about notificationId, or for a submission's webhook
    // about submissionId, notificationId null then) was dead-lettered at (RFC 3339) after
    // lastError. Inside the dead letter's transaction (WebhookDispatcher's hook).
    static bool recordDeliveryFailed(QSqlDatabase &db, const QString &apiKeyId,
        const QString &notificationId, const QString &deliveryId, const QString &at,
        const QString &lastError, const QString &submissionId = {});
    // apiKeyId's events after since, oldest first, at most limit; nullopt when the database
    // failed.
    static std::optional<Page> since(
        QSqlDatabase &db, const QString &apiKeyId, qint64 since, int limit);
    // Deletes the events recorded before before (RFC 3339): retention.eventDays.
    static bool prune(QSqlDatabase &db, const QString &before);
};

} // namespace tessera::server
