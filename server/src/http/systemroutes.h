#pragma once

namespace tessera::server {

class DrainState;
class RouteTable;
class Storage;

// GET /v1/health: whether the server and its database answer; 503 {"status":"draining"} (same
// fields) once drain (when given) began, so that a load balancer stops sending requests.
void addSystemRoutes(RouteTable &routes, const Storage &storage, const DrainState *drain = nullptr);

} // namespace tessera::server
