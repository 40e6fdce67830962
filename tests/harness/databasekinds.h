#pragma once

#include <QString>

namespace tessera::test {

class PostgresCluster;

// The server tests' two database kinds, one data row each: "sqlite" (the server's data folder)
// and "postgresql" (a fresh database in the test's PostgresCluster).

// Adds the column "kind" and the rows "sqlite" and "postgresql" (in a *_data() function).
void addDatabaseKinds();

// The --database URL for kind: empty for "sqlite"; for "postgresql" a new database name in
// cluster (warns when it could not be made).
QString databaseForKind(PostgresCluster &cluster, const QString &kind, const QString &name);

} // namespace tessera::test
