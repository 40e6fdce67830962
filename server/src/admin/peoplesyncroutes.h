#pragma once

#include "http/httpresponses.h"
#include "http/routetable.h"

namespace tessera::server {

class PeopleSync;
class ScheduledJob;

// The admin's on-demand people sync (POST /v1/admin/people/sync): runs PeopleSync now under the
// people sync job's lease and answers its counts. A sync running on this node is waited for
// (then this one lists again); one running on another node answers 409 sync_in_progress.
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
