#pragma once

#include "push/fcmaccount.h"
#include "push/vapidkey.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

class QThreadPool;

namespace tessera::server {

class Clock;
class PushRoutes;
class RouteTable;
class Storage;
class ApnsTransport;
class PushSender;

// The push feature's one place of registration on the server: the /v1/me/push routes,
// the queue a new inbox item feeds and its sender with a transport per configured push service
// (Web Push with a VAPID key, FCM with a service account, APNs with a provider key). Its migrations
// are registered in app/servermigrations.cpp, its personal data in app/personaldataregistry.cpp.
// With no transport configured nothing is queued or sent (the stream works as before).
class PushFeature
{
public:
    struct Config
    {
        QString vapidKeyFile; // empty: push off
        QString subject; // the VAPID sub: mailto: or https:
        bool loopbackHttp = false; // demo and test servers: http endpoints on loopback allowed
        QString fcmServiceAccountFile; // empty: no FCM
        QString fcmEndpoint; // empty: FcmTransport::defaultEndpoint
        QJsonObject apns; // the config file's "push.apns", untouched (empty: no APNs)
    };

    // nullptr with *error when the VAPID key or subject, or the FCM account, is not usable.
    static std::unique_ptr<PushFeature> create(Storage &storage, const Clock &clock,
        RouteTable &routes, const Config &config, QString *error);
    ~PushFeature();

    bool isSending() const { return !m_transports.isEmpty(); }

    // Inside the transaction that puts item itemId in people's inboxes: a push for each of their
    // subscribed devices (nothing when push is off). false rolls the item back.
    bool enqueue(QSqlDatabase &db, const QString &itemId, const QString &title,
        const QJsonArray &actions, bool urgent, const QStringList &people) const;
    // Told after the queue was written (on the worker thread): sends soon.
    void kick() const;
    // A device's session ended (sign-out, remote sign-out, a new device key; an empty deviceId:
    // every device of the person): its subscription and queued pushes go.
    void sessionsEnded(const QString &userId, const QString &deviceId) const;

    // On the event loop, once the pool exists.
    void start(QThreadPool *pool);
    // The server stops: the pushes under way are answered and written first (a few seconds at
    // most), before the pool is waited for.
    void stop();

private:
    PushFeature(Storage &storage, const Clock &clock, Config config, QStringList transports);

    Storage &m_storage;
    const Clock &m_clock;
    Config m_config;
    QStringList m_transports; // the names of the configured ones
    std::optional<VapidKey> m_key; // until start() hands them to the sender
    std::optional<FcmAccount> m_fcm;
    std::unique_ptr<ApnsTransport> m_apns;
    std::unique_ptr<PushRoutes> m_routes;
    std::unique_ptr<PushSender> m_sender;
};

} // namespace tessera::server
