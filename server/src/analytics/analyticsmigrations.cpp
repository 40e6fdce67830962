#include "analytics/analyticsmigrations.h"

namespace tessera::server {

const QList<Migration> &analyticsMigrations()
{
    static const QList<Migration> migrations = {
        { 1, QStringLiteral("Analytics: raw events by installation, daily counts"),
            {
                // One event line of an app's batch, kept 7 days (AnalyticsStore::prune): the
                // random installation id the app rotates every 30 days, never a user id, device
                // or address. received_at: when it came (the server's clock).
                QStringLiteral("CREATE TABLE analytics_events ("
                               " id {{ID}},"
                               " installation_id TEXT NOT NULL,"
                               " day TEXT NOT NULL,"
                               " kind TEXT NOT NULL,"
                               " name TEXT NOT NULL,"
                               " platform TEXT NOT NULL,"
                               " app_version TEXT NOT NULL,"
                               " count BIGINT NOT NULL,"
                               " received_at TEXT NOT NULL)"),
                QStringLiteral("CREATE INDEX analytics_events_installation"
                               " ON analytics_events (installation_id)"),
                QStringLiteral(
                    "CREATE INDEX analytics_events_received ON analytics_events (received_at)"),
                // The counts per day, kept: added to on ingest, in the same transaction.
                QStringLiteral("CREATE TABLE analytics_daily ("
                               " day TEXT NOT NULL,"
                               " kind TEXT NOT NULL,"
                               " name TEXT NOT NULL,"
                               " platform TEXT NOT NULL,"
                               " app_version TEXT NOT NULL,"
                               " count BIGINT NOT NULL,"
                               " PRIMARY KEY (day, kind, name, platform, app_version))"),
            } },
    };
    return migrations;
}

} // namespace tessera::server
