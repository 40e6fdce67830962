#pragma once

#include "http/routetable.h"

namespace tessera::server {

class Clock;
class Storage;

// POST and DELETE /v1/me/push: the signed-in person's current device registers (or replaces) its
// push subscription, or drops it. Every field is checked before anything is stored: the
// transport ("webpush"), the endpoint (https; plain http only to a loopback host on a demo or
// test server), p256dh (an uncompressed P-256 point on the curve) and auth (16 bytes).
class PushRoutes
{
public:
    static constexpr qsizetype maxEndpointLength = 2048;
    static constexpr qint64 bodyBytes = qint64(8) * 1024;

    PushRoutes(Storage &storage, const Clock &clock, bool loopbackHttp);
    void addRoutes(RouteTable &routes);

private:
    HttpResponse subscribe(const HttpRequest &request) const;
    HttpResponse unsubscribe(const HttpRequest &request) const;
    // The endpoint as stored (normalized), or a refusal in *message.
    QString checkEndpoint(const QString &text, QString *message) const;

    Storage &m_storage;
    const Clock &m_clock;
    bool m_loopbackHttp;
};

} // namespace tessera::server
