#pragma once

// Header only: for the in-process tests of the server's domain services, which link the server's
// libraries (the harness library does not). Statements straight on the test's Storage.
#include "storage/sqlhelpers.h"
#include "storage/storage.h"

#include <QSqlQuery>
#include <QString>
#include <QTest>
#include <QVariantList>

namespace tessera::test {

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
