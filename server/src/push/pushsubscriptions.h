#pragma once

#include <QByteArray>
#include <QList>
#include <QSqlDatabase>
#include <QString>

#include <optional>

namespace tessera::server {

// The SQL of push subscriptions (one per device of a person), in the caller's connection.
class PushSubscriptions
{
public:
    struct Subscription
    {
        QString userId;
        QString deviceId;
        QString transport; // "webpush"
        QString endpoint;
        QByteArray p256dh; // 65 bytes
        QByteArray auth; // 16 bytes
    };

    // Stores subscription for its device, replacing the device's earlier one.
    static bool put(QSqlDatabase &db, const Subscription &subscription, const QString &now);
    // Removes the device's subscription (an empty deviceId: every device of the person) and the
    // pushes queued for it; false when the database refused.
    static bool remove(QSqlDatabase &db, const QString &userId, const QString &deviceId = {});
    // Removes it only while it still names endpoint (a 404/410 answer to an older one must not
    // remove the subscription that replaced it).
    static bool removeIfEndpoint(
        QSqlDatabase &db, const QString &userId, const QString &deviceId, const QString &endpoint);
    static std::optional<Subscription> find(
        QSqlDatabase &db, const QString &userId, const QString &deviceId);
    // The subscribed devices of people (user id, device id), for the queue.
    static std::optional<QList<std::pair<QString, QString>>> devicesOf(
        QSqlDatabase &db, const QStringList &people);
};

} // namespace tessera::server
