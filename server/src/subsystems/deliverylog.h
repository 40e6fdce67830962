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
    enum class Redelivery { Queued, NotFound, AlreadyDelivered, Pending, KeyRevoked, Failed };

    // The deliveries of one notification, oldest first (the caller checked whose it is).
    static std::optional<QJsonArray> ofNotification(
        QSqlDatabase &db, const QString &notificationId);
    // The API key's deliveries, newest first; state empty for all. cursor: what the previous
    // page answered (nullopt when it is not one).
    static std::optional<Page> ofKey(QSqlDatabase &db, const QString &apiKeyId,
        const QString &state, const QString &cursor, int limit, bool *badCursor);
    // A dead delivery of this key queued again now: same id, its attempt log kept, a new retry
    // window from now. Never for a revoked key.
    static Redelivery redeliver(
        QSqlDatabase &db, const QString &apiKeyId, const QString &id, const QString &now);
    // The last words of a delivery's attempt log when it was dead-lettered without being sent.
    static QString keyRevokedError(); // "not sent: the API key was revoked"
    static QString secretDoesNotOpenError(); // "not sent: the webhook secret ... does not open"
    // Dead-letters every pending delivery of apiKeyId at now, each with an attempt that was not
    // made (no status, error as its words), in the caller's transaction: for a key revoked just
    // now. One on the wire (its lease still running) is left to finish: delivered, it stays so;
    // failed, the dispatcher dead-letters it when its retry falls due. How many; nullopt when
    // the database failed.
    static std::optional<int> deadLetterAllPending(
        QSqlDatabase &db, const QString &apiKeyId, const QString &now, const QString &error);
    // Dead-letters one pending delivery that cannot be sent, unless it changed since it was read
    // with next_attempt_at nextAttemptAt (another node took it); logs error as its attempt's
    // words. true: dead-lettered now; false: changed meanwhile; nullopt: the database failed.
    static std::optional<bool> deadLetterUnsent(QSqlDatabase &db, const QString &id,
        const QString &nextAttemptAt, const QString &now, const QString &error);
    // One delivery of this key; nullopt when it is not there (or not the key's).
    static std::optional<QJsonObject> one(
        QSqlDatabase &db, const QString &apiKeyId, const QString &id);
};

} // namespace tessera::server
