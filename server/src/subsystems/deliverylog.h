#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QString>

#include <optional>

class QSqlDatabase;

namespace tessera::server {

// Webhook deliveries as a sub-system reads them (docs/NOTIFICATIONS.md, "Webhooks"): each with
// its state (pending, delivered, dead) and its attempt log, per notification or per API key
// paged by cursor; and the redelivery of a dead one.
class DeliveryLog
{
public:
    static constexpr int defaultPageSize = 50;
    static constexpr int maxPageSize = 100;
    static constexpr int maxAttemptsShown = 100; // the latest of a delivery's attempts

    struct Page
    {
        QJsonArray deliveries;
        QString cursor; // empty when there is no more
    };
    enum class Redelivery { Queued, NotFound, AlreadyDelivered, Pending, Failed };

    // The deliveries of one notification, oldest first (the caller checked whose it is).
    static std::optional<QJsonArray> ofNotification(
        QSqlDatabase &db, const QString &notificationId);
    // The API key's deliveries, newest first; state empty for all. cursor: what the previous
    // page answered (nullopt when it is not one).
    static std::optional<Page> ofKey(QSqlDatabase &db, const QString &apiKeyId,
        const QString &state, const QString &cursor, int limit, bool *badCursor);
    // A dead delivery of this key queued again now: same id, its attempt log kept, a new retry
    // window from now.
    static Redelivery redeliver(
        QSqlDatabase &db, const QString &apiKeyId, const QString &id, const QString &now);
    // One delivery of this key; nullopt when it is not there (or not the key's).
    static std::optional<QJsonObject> one(
        QSqlDatabase &db, const QString &apiKeyId, const QString &id);
};

} // namespace tessera::server
