#pragma once

#include "push/vapidkey.h"

#include <QJsonArray>
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
class WebPushSender;

// The push feature's one place of registration on the server (issue 18, step 1: Web Push): the
// /v1/me/push routes, the queue a new inbox item feeds and the Web Push sender. Its migrations
// are registered in app/servermigrations.cpp, its personal data in app/personaldataregistry.cpp.
// Without a VAPID key nothing is queued or sent (the stream works as before).
class PushFeature
{
public:
    struct Config
    {
        QString vapidKeyFile; // empty: push off
        QString subject; // the VAPID sub: mailto: or https:
        bool loopbackHttp = false; // demo and test servers: http endpoints on loopback allowed
    };

    // nullptr with *error when the VAPID key or subject is not usable.
    static std::unique_ptr<PushFeature> create(Storage &storage, const Clock &clock,
        RouteTable &routes, const Config &config, QString *error);
    ~PushFeature();

    bool isSending() const { return m_key.has_value() || m_sender != nullptr; }

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

private:
    PushFeature(Storage &storage, const Clock &clock, std::optional<VapidKey> key, Config config);

    Storage &m_storage;
    const Clock &m_clock;
    std::optional<VapidKey> m_key; // until start() hands it to the sender
    Config m_config;
    std::unique_ptr<PushRoutes> m_routes;
    std::unique_ptr<WebPushSender> m_sender;
};

} // namespace tessera::server
