#pragma once

#include "http/httpresponses.h"
#include "http/routetable.h"

namespace tessera::server {

class PeopleSync;
class ScheduledJob;

// The admin's on-demand people sync (POST /v1/admin/people/sync): runs PeopleSync now under the
// people sync job's lease and answers its counts. A sync running on this node or on another
// (or a lease left by a node that stopped mid-sync) answers 409 sync_in_progress at once.
// Thread-safe.
class PeopleSyncRoutes
{
public:
    PeopleSyncRoutes(const PeopleSync &sync, ScheduledJob &job);

    void addRoutes(RouteTable &routes);
    HttpResponse sync(const HttpRequest &request) const;

private:
    const PeopleSync &m_sync;
    ScheduledJob &m_job;
};

} // namespace tessera::server
