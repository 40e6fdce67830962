#pragma once

#include <QList>
#include <QNetworkAccessManager>
#include <QObject>
#include <QString>
#include <QTimer>

class QThreadPool;

namespace tessera::server {

class SecretSeal;

class Clock;
class Storage;

// Sends the queued webhook deliveries (docs/NOTIFICATIONS.md) and retries them with exponential
// backoff until a 2xx, across restarts: the queue is the webhook_deliveries table. Database work
// runs on the worker pool, HTTP on the event loop. A delivery is leased before it is sent, so
// that two servers on one database do not send it at the same moment (at least once, not
// exactly once: receivers deduplicate by Tessera-Delivery-Id).
class WebhookDispatcher : public QObject
{
    Q_OBJECT
public:
    static constexpr int maxInFlight = 16;
    static constexpr qint64 firstRetrySeconds = 5;
    static constexpr qint64 maxRetrySeconds = 3600;
    static constexpr qint64 leaseSeconds = 120;

    WebhookDispatcher(Storage &storage, const Clock &clock, const SecretSeal &seal,
        QThreadPool *pool, QObject *parent = nullptr);

    void start(); // polls now and every two seconds
    // Thread-safe: look for due deliveries soon (after a decision queued one).
    void kick();

    // "t=<unix>,v1=<hex HMAC-SHA256(secret, t + "." + body)>", one v1= for each secret in
    // order (the key's own first, then during a rotation's overlap the one it replaced).
    static QByteArray signature(
        const QList<QByteArray> &secrets, qint64 unixSeconds, const QByteArray &body);
    // Seconds until the next attempt after `attempts` failed ones: 5, 10, 20, ... at most 3600.
    static qint64 retryDelay(int attempts);

private:
    struct Due
    {
        QString id;
        QString url;
        QByteArray body;
        QList<QByteArray> secrets; // the key's own first (signature())
        int attempts = 0;
    };

    void poll();
    void send(const Due &due);
    void record(const Due &due, std::optional<int> status, const QString &error);

    Storage &m_storage;
    const Clock &m_clock;
    const SecretSeal &m_seal;
    QThreadPool *m_pool;
    QNetworkAccessManager m_network;
    QTimer m_timer;
    int m_inFlight = 0;
    bool m_polling = false;
};

} // namespace tessera::server
