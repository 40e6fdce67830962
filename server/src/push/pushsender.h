#pragma once

#include "push/pushqueue.h"
#include "push/pushtransport.h"

#include <QHash>
#include <QObject>
#include <QTimer>

#include <atomic>
#include <chrono>
#include <memory>
#include <optional>

class QThreadPool;

namespace tessera::server {

class Clock;
class Storage;

// Sends the push queue's rows through the transport of each device's subscription (webpush, fcm,
// apns; PushTransport): the payload {"id", "title", "actions"} encrypted once for the device
// (RFC 8291, WebPushCrypto; a payload over 2 KiB becomes the content-free {"id"}) whatever the
// transport. Accepted: done. Retry: tried again with backoff (2 s doubling up to an hour) or
// after Retry-After. Gone: the subscription is removed. Refused: given up. A push past its TTL is
// dropped, and so is one whose transport this server has not configured (never sent elsewhere).
// Database work on the worker pool; the calls on the event loop, outside any transaction. The
// next claim is made and encrypted on the pool while pushes are in flight (up to maxInFlight
// more, ready to go as answers come), and accepted rows are deleted in batches.
class PushSender : public QObject
{
    Q_OBJECT
public:
    static constexpr int maxInFlight = 32;
    static constexpr qint64 firstRetrySeconds = 2;
    static constexpr qint64 maxRetrySeconds = 3600;

    PushSender(Storage &storage, const Clock &clock, QThreadPool *pool, QObject *parent = nullptr);
    ~PushSender() override;

    // Before start(): the transport sending the subscriptions of its name().
    void addTransport(std::unique_ptr<PushTransport> transport);
    void start(); // polls now and every second
    void kick(); // thread-safe: look for due pushes soon
    // The server stops (SIGTERM): claims no more, and waits, up to limit, on the event loop for
    // the pushes under way to be answered and their outcome written, so that none accepted is
    // sent again after the restart. Then the worker pool may be waited for.
    void drain(std::chrono::milliseconds limit);

    // The plaintext a push carries: {"id","title","actions"}, the title shortened until it fits
    // WebPushCrypto::maxPlaintextBytes; {"id"} alone when even that does not fit.
    static QByteArray payload(const PushQueue::Due &due);
    // A collapse id (RFC 8030 Topic, FCM collapse_key, apns-collapse-id: at most 32 base64url
    // characters) for an item id.
    static QByteArray topic(const QString &itemId);
    // Seconds until the next attempt after attempts failed ones (2, 4, 8, ... at most an hour).
    static qint64 retryDelay(int attempts);

private:
    void poll();
    QList<PushTransport::Push> prepare(const QList<PushQueue::Due> &claimed);
    void pump(); // sends ready pushes while there is room in flight
    void send(const PushTransport::Push &push);
    void record(const PushTransport::Push &push, const PushTransport::Result &result);
    void finishAccepted(); // deletes the accepted rows gathered so far, one batch at a time

    Storage &m_storage;
    const Clock &m_clock;
    QThreadPool *m_pool;
    QHash<QString, PushTransport *> m_transports; // by name, owned as children
    QTimer m_timer;
    QList<PushTransport::Push> m_ready; // claimed and encrypted, not yet sent
    QList<PushQueue::Due> m_accepted; // answered 2xx, their rows not yet deleted
    int m_inFlight = 0;
    bool m_polling = false;
    bool m_finishing = false; // a batch of accepted rows being deleted on the pool
    bool m_draining = false;
    std::atomic<int> m_recording = 0; // outcomes being written on the pool
};

} // namespace tessera::server
