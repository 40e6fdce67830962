#pragma once

#include "http/httpresponses.h"
#include "http/routetable.h"

namespace tessera::server {

class PeopleSync;

// The admin's on-demand people sync (POST /v1/admin/people/sync): runs PeopleSync now and
// answers its counts. Thread-safe.
class PeopleSyncRoutes
{
public:
    explicit PeopleSyncRoutes(const PeopleSync &sync);

    void addRoutes(RouteTable &routes);
    HttpResponse sync(const HttpRequest &request) const;

private:
    const PeopleSync &m_sync;
};

} // namespace tessera::server
