#pragma once

#include "http/httpresponses.h"
#include "http/routetable.h"
#include "subsystems/pinggate.h"

namespace tessera::server {

class Clock;
class SecretSeal;
class Storage;
class WebhookDispatcher;

// A sub-system's own webhook deliveries and its test ping (docs/NOTIFICATIONS.md, "Webhooks"):
// GET /v1/subsystem/deliveries, POST /v1/subsystem/deliveries/{id}/redeliver and
// POST /v1/subsystem/ping.
class DeliveryRoutes
{
public:
    DeliveryRoutes(Storage &storage, const Clock &clock, const SecretSeal &seal,
        WebhookDispatcher &dispatcher);

    void addRoutes(RouteTable &routes);

    HttpResponse list(const HttpRequest &request);
    HttpResponse redeliver(const HttpRequest &request);
    // Sends one signed "ping" webhook and waits for it (at most the webhook timeout); never
    // queued, never retried. One at a time per key and a few in all (PingGate): the wait holds a
    // worker thread.
    HttpResponse ping(const HttpRequest &request);

private:
    Storage &m_storage;
    const Clock &m_clock;
    const SecretSeal &m_seal;
    WebhookDispatcher &m_dispatcher;
    PingGate m_pings;
};

} // namespace tessera::server
