#pragma once

// Header only: for the in-process tests of the server's domain services, which link the server's
// libraries (the harness library does not): the test's database, and statements straight on it.
#include "app/servermigrations.h"
#include "storage/sqlhelpers.h"
#include "storage/storage.h"

#include <QSqlQuery>
#include <QString>
#include <QTemporaryDir>
#include <QTest>
#include <QVariantList>

#include <memory>

namespace tessera::test {

// The server's database, migrated, as SQLite in dir (the test's temporary folder); null with
// error when it cannot be made.
inline std::unique_ptr<server::Storage> openDomainStorage(const QTemporaryDir &dir, QString *error)
{
    if (!dir.isValid()) {
        *error = QStringLiteral("no temporary folder");
        return nullptr;
    }
    auto storage = server::Storage::open(
        QStringLiteral("sqlite:") + dir.filePath(QStringLiteral("tessera.db")), dir.path(), error);
    if (!storage || !storage->migrate(server::serverMigrations(), error))
        return nullptr;
    return storage;
}

// Runs statement on storage; the calling test fails when it does not run.
inline void domainExec(
    server::Storage &storage, const QString &statement, const QVariantList &values = {})
{
    QSqlQuery query(storage.connection());
    QVERIFY2(server::sql::exec(query, statement, values), qPrintable(statement));
}

// The whole number statement gives (a COUNT(*)), or -1 when it gives none.
inline int domainCount(
    server::Storage &storage, const QString &statement, const QVariantList &values = {})
{
    QSqlQuery query(storage.connection());
    if (!server::sql::exec(query, statement, values) || !query.next())
        return -1;
    return query.value(0).toInt();
}

} // namespace tessera::test
