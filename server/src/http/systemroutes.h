#pragma once

namespace tessera::server {

class RouteTable;
class Storage;

// GET /v1/health: whether the server and its database answer.
void addSystemRoutes(RouteTable &routes, const Storage &storage);

} // namespace tessera::server
