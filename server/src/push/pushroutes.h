#pragma once

#include "http/routetable.h"

#include <QStringList>

namespace tessera::server {

class Clock;
class Storage;

// POST and DELETE /v1/me/push: the signed-in person's current device registers (or replaces) its
// push subscription, or drops it. Every field is checked before anything is stored: the
// transport ("webpush" with an endpoint: https, plain http only to a loopback host on a demo or
// test server; "fcm" with a token of 100-4096 [A-Za-z0-9_:-]; "apns" with a token of 64 hex
// digits, stored lower-case), p256dh (an uncompressed P-256 point on the curve) and auth (16
// bytes; the keys on every transport: the payload is encrypted for the device). An fcm or apns
// registration on a server without that transport is 409 push_transport_unavailable.
class PushRoutes
{
public:
    static constexpr qsizetype maxEndpointLength = 2048;
    static constexpr qint64 bodyBytes = qint64(8) * 1024;

    static constexpr qsizetype maxTokenLength = 4096;

    PushRoutes(
        Storage &storage, const Clock &clock, bool loopbackHttp, QStringList transports = {});
    void addRoutes(RouteTable &routes);

private:
    HttpResponse subscribe(const HttpRequest &request) const;
    HttpResponse unsubscribe(const HttpRequest &request) const;
    // The endpoint as stored (normalized), or a refusal in *message.
    QString checkEndpoint(const QString &text, QString *message) const;
    // The token as stored for transport (fcm, apns), or a refusal in *message.
    static QString checkToken(const QString &transport, const QString &text, QString *message);

    Storage &m_storage;
    const Clock &m_clock;
    bool m_loopbackHttp;
    QStringList m_transports; // configured on this server
};

} // namespace tessera::server
