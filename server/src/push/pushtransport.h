#pragma once

#include "push/pushqueue.h"
#include "push/pushsubscriptions.h"

#include <QByteArray>
#include <QObject>
#include <QString>

#include <functional>
#include <optional>

namespace tessera::server {

// One transport's way of handing a claimed push to its push service: Web Push (RFC 8030),
// FCM HTTP v1 or APNs. The queue's sender owns everything else (claiming, the TTL, encryption,
// retries with backoff, removing a gone subscription, finishing the row); a transport only makes
// the call and says how it went. Lives on the event loop; send() returns at once.
class PushTransport : public QObject
{
    Q_OBJECT
public:
    struct Push
    {
        PushQueue::Due due;
        // endpoint: the push resource URL (webpush) or the device's token (fcm, apns).
        PushSubscriptions::Subscription subscription;
        // The RFC 8291 aes128gcm body encrypted for the device's push keys (decision 6): the
        // only content a push carries, on every transport; Google and Apple never see the title.
        QByteArray encrypted;
    };

    enum class Outcome {
        Accepted, // the service took it: the row is finished
        Retry, // 429, 5xx, no answer, an access token refused: tried again with backoff
        Gone, // the subscription is dead (404/410, FCM UNREGISTERED, APNs 410): removed
        Refused, // any other refusal: given up and logged
    };

    struct Result
    {
        Outcome outcome = Outcome::Refused;
        int status = 0; // the HTTP status, 0 when there was no answer
        std::optional<qint64> retryAfterSeconds; // as the service asked (Retry-After)
        QString detail; // for the log: the service's reason ("Unregistered"), never a secret
    };

    explicit PushTransport(QObject *parent = nullptr)
        : QObject(parent)
    { }
    ~PushTransport() override = default;

    // "webpush", "fcm" or "apns": the subscription's transport this one sends.
    virtual QString name() const = 0;
    // Sends push; done is called exactly once, on the event loop.
    virtual void send(const Push &push, std::function<void(const Result &)> done) = 0;
};

} // namespace tessera::server
