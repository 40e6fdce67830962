#pragma once

#include "http/httpresponses.h"
#include "http/routetable.h"

namespace tessera::server {

class Storage;

// GET /v1/subsystem/events (docs/NOTIFICATIONS.md, "Events"): the calling API key's events
// feed, by cursor, for sub-systems that poll instead of (or besides) receiving webhooks.
class EventRoutes
{
public:
    explicit EventRoutes(Storage &storage);

    void addRoutes(RouteTable &routes);

    HttpResponse events(const HttpRequest &request);

private:
    Storage &m_storage;
};

} // namespace tessera::server
