#pragma once

#include "push/pushqueue.h"
#include "push/vapidkey.h"

#include <QNetworkAccessManager>
#include <QObject>
#include <QTimer>

#include <chrono>
#include <optional>

class QThreadPool;

namespace tessera::server {

class Clock;
class Storage;

// Sends the push queue's Web Push rows (RFC 8030) to each subscription's push service: the
// payload {"id", "title", "actions"} encrypted for the device (RFC 8291, WebPushCrypto; a
// payload over 2 KiB becomes the content-free {"id"}), VAPID (RFC 8292) in Authorization, TTL and
// Urgency by priority, Topic = a collapse id from the item id. 2xx: done. 429 and 5xx (and no
// answer): tried again with backoff (2 s doubling up to an hour) or after Retry-After. 404 and
// 410: the subscription is gone and removed. Other answers: given up. A push past its TTL is
// dropped. Database work on the worker pool; HTTP on the event loop, outside any transaction.
class WebPushSender : public QObject
{
    Q_OBJECT
public:
    static constexpr int maxInFlight = 32;
    static constexpr qint64 firstRetrySeconds = 2;
    static constexpr qint64 maxRetrySeconds = 3600;

    WebPushSender(Storage &storage, const Clock &clock, QThreadPool *pool, VapidKey key,
        QString subject, QObject *parent = nullptr);
    ~WebPushSender() override;

    void start(); // polls now and every second
    void kick(); // thread-safe: look for due pushes soon

    // The plaintext a push carries: {"id","title","actions"}, the title shortened until it fits
    // WebPushCrypto::maxPlaintextBytes; {"id"} alone when even that does not fit.
    static QByteArray payload(const PushQueue::Due &due);
    // A collapse id (RFC 8030 Topic: at most 32 base64url characters) for an item id.
    static QByteArray topic(const QString &itemId);
    // Seconds until the next attempt after attempts failed ones (2, 4, 8, ... at most an hour).
    static qint64 retryDelay(int attempts);

private:
    struct Outgoing
    {
        PushQueue::Due due;
        QString endpoint;
        QByteArray body;
        QByteArray authorization;
    };

    void poll();
    QList<Outgoing> prepare(const QList<PushQueue::Due> &claimed);
    void send(const Outgoing &push);
    void record(const Outgoing &push, int status, std::optional<qint64> retryAfter);

    Storage &m_storage;
    const Clock &m_clock;
    QThreadPool *m_pool;
    VapidKey m_key;
    QString m_subject;
    QNetworkAccessManager m_network;
    QTimer m_timer;
    int m_inFlight = 0;
    bool m_polling = false;
};

} // namespace tessera::server
