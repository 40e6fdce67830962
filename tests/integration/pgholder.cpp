// For tst_postgres: starts a PostgresCluster, prints "POSTMASTER_PID DATA_DIRECTORY" and waits
// to be killed, as a test that dies without stopping its cluster does.
#include "postgrescluster.h"

#include <QCoreApplication>

#include <cstdio>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    tessera::test::PostgresCluster cluster;
    if (!cluster.start()) {
        std::fprintf(stderr, "%s\n", qPrintable(cluster.error()));
        return 1;
    }
    std::printf(
        "%lld %s\n", static_cast<long long>(cluster.pid()), qPrintable(cluster.dataDirectory()));
    std::fflush(stdout);
    return app.exec();
}
