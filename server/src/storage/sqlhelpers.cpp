#include "storage/sqlhelpers.h"

#include "base/serverlogging.h"

#include <QSqlError>

namespace tessera::server::sql {

bool exec(QSqlQuery &query, const QString &statement, const QVariantList &values)
{
    if (!query.prepare(statement)) {
        qCWarning(lcStorage).noquote()
            << "cannot prepare" << statement.left(80) << ":" << query.lastError().text();
        return false;
    }
    for (const QVariant &value : values)
        query.addBindValue(value);
    if (!query.exec()) {
        qCWarning(lcStorage).noquote()
            << "statement failed:" << statement.left(80) << ":" << query.lastError().text();
        return false;
    }
    return true;
}

std::optional<QStringList> strings(
    QSqlDatabase &db, const QString &statement, const QVariantList &values)
{
    QSqlQuery query(db);
    if (!exec(query, statement, values))
        return std::nullopt;
    QStringList result;
    while (query.next())
        result.append(query.value(0).toString());
    return result;
}

QVariant nullText()
{
    return QVariant(QMetaType::fromType<QString>());
}

QVariant textOrNull(const QString &value)
{
    return value.isEmpty() ? nullText() : QVariant(value);
}

namespace {

bool isSqlite(const QSqlDatabase &db)
{
    return db.driverName() == QLatin1String("QSQLITE");
}

bool run(QSqlDatabase &db, const QString &statement)
{
    QSqlQuery query(db);
    if (query.exec(statement))
        return true;
    qCWarning(lcStorage).noquote() << statement << "failed:" << query.lastError().text();
    return false;
}

} // namespace

Transaction::Transaction(const QSqlDatabase &db)
    : m_db(db)
{
    // SQLite: take the write lock at the start. A deferred transaction that reads first and
    // writes later fails at once (SQLITE_BUSY, no busy wait) when another connection wrote in
    // between; IMMEDIATE waits for the lock instead (busy timeout).
    m_active = isSqlite(m_db) ? run(m_db, QStringLiteral("BEGIN IMMEDIATE")) : m_db.transaction();
    if (!m_active)
        qCWarning(lcStorage) << "cannot start a transaction:" << m_db.lastError().text();
}

Transaction::~Transaction()
{
    if (m_active) {
        if (isSqlite(m_db))
            run(m_db, QStringLiteral("ROLLBACK"));
        else
            m_db.rollback();
    }
}

bool Transaction::commit()
{
    if (!m_active)
        return false;
    m_active = false;
    const bool committed = isSqlite(m_db) ? run(m_db, QStringLiteral("COMMIT")) : m_db.commit();
    if (!committed) {
        qCWarning(lcStorage) << "commit failed:" << m_db.lastError().text();
        if (isSqlite(m_db))
            run(m_db, QStringLiteral("ROLLBACK"));
        else
            m_db.rollback();
        return false;
    }
    return true;
}

QString placeholders(qsizetype count)
{
    return QStringList(count, QStringLiteral("?")).join(QLatin1Char(','));
}

QVariantList values(const QStringList &strings)
{
    return QVariantList(strings.cbegin(), strings.cend());
}

} // namespace tessera::server::sql
