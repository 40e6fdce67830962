#pragma once

#include "push/pushtransport.h"
#include "push/vapidkey.h"

#include <QDateTime>
#include <QHash>
#include <QNetworkAccessManager>

namespace tessera::server {

// Web Push (RFC 8030) to the push resource URL a subscription names: the encrypted body
// (Content-Encoding aes128gcm, RFC 8291), VAPID (RFC 8292) in Authorization, TTL and Urgency by
// priority, Topic = the collapse id of the item. 2xx Accepted; 404/410 Gone; no answer, 429, 5xx
// Retry (Retry-After honoured); anything else Refused. The VAPID JWT is made per push-service
// origin (its aud) for VapidKey::lifetimeSeconds and reused for reuseSeconds, so one signature
// serves many pushes; the push service checks exp against its own clock, so the reuse follows the
// real time (never the server's injected clock) and a clock stepping back makes a new one.
class WebPushTransport : public PushTransport
{
    Q_OBJECT
public:
    WebPushTransport(VapidKey key, QString subject, QObject *parent = nullptr);

    QString name() const override { return QStringLiteral("webpush"); }
    void send(const Push &push, std::function<void(const Result &)> done) override;

    static constexpr qint64 reuseSeconds = 3600;
    static constexpr qsizetype maxCachedOrigins = 64;

private:
    struct Signed
    {
        QByteArray authorization;
        QDateTime madeAt;
    };
    // The Authorization for endpoint's origin at now: the cached one while it is young enough,
    // else a new one (cached). nullopt when it could not be signed.
    std::optional<QByteArray> authorizationFor(const QUrl &endpoint, const QDateTime &now);

    VapidKey m_key;
    QString m_subject;
    QNetworkAccessManager m_network;
    QHash<QString, Signed> m_signed; // by origin, at most maxCachedOrigins
};

} // namespace tessera::server
