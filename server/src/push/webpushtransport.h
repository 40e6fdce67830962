#pragma once

#include "push/pushtransport.h"
#include "push/vapidkey.h"

#include <QNetworkAccessManager>

namespace tessera::server {

// Web Push (RFC 8030) to the push resource URL a subscription names: the encrypted body
// (Content-Encoding aes128gcm, RFC 8291), VAPID (RFC 8292) in Authorization, TTL and Urgency by
// priority, Topic = the collapse id of the item. 2xx Accepted; 404/410 Gone; no answer, 429, 5xx
// Retry (Retry-After honoured); anything else Refused.
class WebPushTransport : public PushTransport
{
    Q_OBJECT
public:
    WebPushTransport(VapidKey key, QString subject, QObject *parent = nullptr);

    QString name() const override { return QStringLiteral("webpush"); }
    void send(const Push &push, std::function<void(const Result &)> done) override;

private:
    VapidKey m_key;
    QString m_subject;
    QNetworkAccessManager m_network;
};

} // namespace tessera::server
