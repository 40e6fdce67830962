#include "systemroutes.h"

#include "healthstatus.h"
#include "httpresponses.h"
#include "routetable.h"
#include "serverlogging.h"
#include "storage.h"
#include "version.h"

namespace tessera::server {

void addSystemRoutes(RouteTable &routes, const Storage &storage)
{
    // Load balancers call this every few seconds: the answer never changes while the database
    // answers, so it is made once.
    const HttpResponse healthy = http::json(
        HealthStatus { QStringLiteral("ok"), productVersion(), storage.kindName() }.toJson());
    routes.add(RouteTable::Method::Get, QStringLiteral("/v1/health"), Access::Public,
        [&storage, healthy](const HttpRequest &) {
            if (!storage.ping()) {
                qCWarning(lcStorage) << "health check: the database does not answer";
                return http::error(503, QStringLiteral("database_unavailable"),
                    QStringLiteral("The server's database does not answer."));
            }
            return healthy;
        });
}

} // namespace tessera::server
