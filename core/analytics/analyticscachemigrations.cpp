#include "analytics/analyticscachemigrations.h"

namespace tessera {

QList<Migration> analyticsCacheMigrations()
{
    return {
        // The queue: one row per (day, kind, name, platform, appVersion) with how often it was
        // seen, until an upload takes it. analytics_state: the installation id and when it was
        // made, the previous one, the person's consent, the server's default and the ids whose
        // raw events the server must still drop (an opt-out made offline).
        Migration::fromSql(1, QStringLiteral("Analytics queue and state"),
            QByteArrayLiteral("CREATE TABLE analytics_queue ("
                              " day TEXT NOT NULL,"
                              " kind TEXT NOT NULL,"
                              " name TEXT NOT NULL,"
                              " platform TEXT NOT NULL,"
                              " appVersion TEXT NOT NULL,"
                              " count INTEGER NOT NULL,"
                              " PRIMARY KEY (day, kind, name, platform, appVersion));"
                              "CREATE TABLE analytics_state ("
                              " name TEXT PRIMARY KEY NOT NULL,"
                              " value TEXT NOT NULL);")),
    };
}

} // namespace tessera
