#include "http/systemroutes.h"

#include "base/serverlogging.h"
#include "http/drainstate.h"
#include "http/httpresponses.h"
#include "http/routetable.h"
#include "protocol/healthstatus.h"
#include "protocol/version.h"
#include "storage/storage.h"

namespace tessera::server {

void addSystemRoutes(RouteTable &routes, const Storage &storage, const DrainState *drain)
{
    // Load balancers call this every few seconds: the answer never changes while the database
    // answers, so it is made once.
    const HttpResponse healthy = http::json(
        HealthStatus { QStringLiteral("ok"), productVersion(), storage.kindName() }.toJson());
    HttpResponse draining = http::json(
        HealthStatus { QStringLiteral("draining"), productVersion(), storage.kindName() }.toJson());
    draining.status = 503;
    draining.setHeader(
        QByteArrayLiteral("Retry-After"), QByteArray::number(DrainState::retryAfterSeconds));
    const auto health = [&storage, healthy, draining, drain](const HttpRequest &) {
        if (drain != nullptr && drain->isDraining())
            return draining;
        if (!storage.ping()) {
            qCWarning(lcStorage) << "health check: the database does not answer";
            return http::error(503, QStringLiteral("database_unavailable"),
                QStringLiteral("The server's database does not answer."));
        }
        return healthy;
    };
    // SQLite's SELECT 1 reads no table, takes no lock and never waits (the event loop's
    // connection is open since the start): answered on the event loop, which saves the two
    // thread hand-overs that cost more than the answer. PostgreSQL's ping is a round trip to
    // another process that may hang: on the pool, as every other handler.
    if (storage.kind() == Storage::Kind::Sqlite)
        routes.addInline(RouteTable::Method::Get, QStringLiteral("/v1/health"), health);
    else
        routes.add(RouteTable::Method::Get, QStringLiteral("/v1/health"), Access::Public, health);
}

} // namespace tessera::server
