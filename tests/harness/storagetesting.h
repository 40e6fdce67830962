#pragma once

// Header only: for tests that link tessera_server_lib and Qt6::Sql and work on a server's
// Storage in process (migrations, repositories), on either database kind.
#include "databasekinds.h"
#include "storage/storage.h"

#include <QDir>
#include <QSqlQuery>
#include <QString>
#include <QVariant>

#include <memory>

namespace tessera::test {

// A new database of kind ("sqlite": a file in dir; "postgresql": a new database in cluster),
// opened and not migrated; null with a warning when it could not be.
inline std::unique_ptr<server::Storage> openStorage(
    PostgresCluster &cluster, const QString &dir, const QString &kind)
{
    static int made = 0;
    const QString name = QStringLiteral("storage_%1").arg(++made);
    QString database = databaseForKind(cluster, kind, name);
    if (database.isEmpty())
        database = QStringLiteral("sqlite:") + QDir(dir).filePath(name + QStringLiteral(".db"));
    QString error;
    auto storage = server::Storage::open(database, dir, &error);
    if (!storage)
        qWarning("open: %s", qPrintable(error));
    return storage;
}

// Runs statement on the calling thread's connection: whether the database took it.
inline bool runSql(server::Storage &storage, const QString &statement)
{
    QSqlQuery query(storage.connection());
    return query.exec(statement);
}

// The first column of statement's first row; null when it failed or gave no row.
inline QVariant sqlValue(server::Storage &storage, const QString &statement)
{
    QSqlQuery query(storage.connection());
    if (!query.exec(statement) || !query.next())
        return {};
    return query.value(0);
}

} // namespace tessera::test
