#pragma once

// Header only: for tests that link Qt6::Sql (the harness library does not). Never in a process
// that loads SQLCipher (the client core): QSQLITE links the system SQLite.
#include <QDir>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QString>
#include <QUrl>
#include <QVariant>

namespace tessera::test {

// What one statement run straight on a server's database gave.
struct ServerSqlResult
{
    bool ok = false; // opened and executed
    bool hasRow = false; // it gave at least one row
    QVariant value; // the first column of the first row
    QString error;
};

// A connection named connection to a server's database, opened (or not: db.isOpen() says):
// SQLite in dataDir/tessera.db when databaseUrl is empty, else the PostgreSQL database at
// databaseUrl (postgresql://user@host:port/name). The caller closes it and removes connection.
inline QSqlDatabase openServerDatabase(
    const QString &connection, const QString &dataDir, const QString &databaseUrl)
{
    QSqlDatabase db;
    if (databaseUrl.isEmpty()) {
        db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
        db.setDatabaseName(QDir(dataDir).filePath(QStringLiteral("tessera.db")));
    } else {
        const QUrl url(databaseUrl);
        db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), connection);
        db.setHostName(url.host());
        db.setPort(url.port());
        db.setUserName(url.userName());
        db.setDatabaseName(url.path().mid(1));
    }
    db.open();
    return db;
}

// Runs statement on a server's database (openServerDatabase).
inline ServerSqlResult runServerSql(
    const QString &dataDir, const QString &databaseUrl, const QString &statement)
{
    const QString connection = QStringLiteral("direct");
    ServerSqlResult result;
    {
        QSqlDatabase db = openServerDatabase(connection, dataDir, databaseUrl);
        if (db.isOpen()) {
            QSqlQuery query(db);
            result.ok = query.exec(statement);
            if (result.ok && query.next()) {
                result.hasRow = true;
                result.value = query.value(0);
            }
            result.error = query.lastError().text();
        } else {
            result.error = db.lastError().text();
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(connection);
    return result;
}

// The whole number statement gives (a COUNT(*)), or -1 with a warning when it gave none.
inline int serverSqlInt(
    const QString &dataDir, const QString &databaseUrl, const QString &statement)
{
    const ServerSqlResult result = runServerSql(dataDir, databaseUrl, statement);
    if (!result.ok || !result.hasRow) {
        qWarning("%s: %s", qPrintable(statement), qPrintable(result.error));
        return -1;
    }
    return result.value.toInt();
}

// Makes userId an employee (the demo has two; a test that needs a third promotes a demo
// non-employee): false with a warning when the statement failed.
inline bool makeEmployee(const QString &dataDir, const QString &databaseUrl, const QString &userId)
{
    const ServerSqlResult result = runServerSql(dataDir, databaseUrl,
        QStringLiteral("UPDATE users SET user_type = 'employee' WHERE id = '%1'").arg(userId));
    if (!result.ok)
        qWarning("making %s an employee: %s", qPrintable(userId), qPrintable(result.error));
    return result.ok;
}

} // namespace tessera::test
