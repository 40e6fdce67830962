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
    routes.add(RouteTable::Method::Get, QStringLiteral("/v1/health"), Access::Public,
        [&storage](const HttpRequest &) {
            if (!storage.ping()) {
                qCWarning(lcStorage) << "health check: the database does not answer";
                return http::error(503, QStringLiteral("database_unavailable"),
                    QStringLiteral("The server's database does not answer."));
            }
            const HealthStatus health { QStringLiteral("ok"), productVersion(),
                storage.kindName() };
            return http::json(health.toJson());
        });
}

} // namespace tessera::server
