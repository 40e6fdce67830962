#include "databasekinds.h"

#include "postgrescluster.h"

#include <QTest>

namespace tessera::test {

void addDatabaseKinds()
{
    QTest::addColumn<QString>("kind");
    QTest::newRow("sqlite") << QStringLiteral("sqlite");
    QTest::newRow("postgresql") << QStringLiteral("postgresql");
}

QString databaseForKind(PostgresCluster &cluster, const QString &kind, const QString &name)
{
    if (kind != QLatin1String("postgresql"))
        return {};
    if (!cluster.createDatabase(name))
        qWarning("createDatabase failed: %s", qPrintable(cluster.error()));
    return cluster.databaseUrl(name);
}

} // namespace tessera::test
