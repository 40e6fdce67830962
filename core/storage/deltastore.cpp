#include "storage/deltastore.h"

#include "base/logging.h"
#include "storage/database.h"
#include "storage/sqlstatement.h"
#include "storage/sqltransaction.h"

namespace tessera {

DeltaStore::DeltaStore(std::shared_ptr<Database> database, const char *cursorTable,
    QString cursorName, QObject *parent)
    : DeltaStore(std::move(database), cursorTable, std::move(cursorName), nullptr, parent)
{ }

DeltaStore::DeltaStore(std::shared_ptr<Database> database, const char *cursorTable,
    QString cursorName, const char *objectsTable, QObject *parent)
    : QObject(parent)
    , m_database(std::move(database))
    , m_cursorTable(cursorTable)
    , m_objectsTable(objectsTable ? QByteArray(objectsTable) : QByteArray())
    , m_selectCursor(
          QByteArray("SELECT value FROM ").append(cursorTable).append(" WHERE name = ?1"))
    , m_writeCursor(QByteArray("INSERT OR REPLACE INTO ")
                        .append(cursorTable)
                        .append(" (name, value) VALUES (?1, ?2)"))
    , m_cursorName(std::move(cursorName))
{ }

DeltaStore::~DeltaStore() = default;

void DeltaStore::setDatabase(std::shared_ptr<Database> database)
{
    if (database == m_database)
        return;
    databaseChanging();
    m_database = std::move(database);
    Q_EMIT changed();
}

QString DeltaStore::cursor() const
{
    return storedCursor();
}

QString DeltaStore::storedCursor() const
{
    return value(m_cursorName);
}

QString DeltaStore::value(const QString &name) const
{
    if (!m_database)
        return {};
    SqlStatement select = m_database->prepare(m_selectCursor);
    select.bindText(1, name);
    if (select.step() != SqlStatement::Step::Row)
        return {};
    return select.columnText(0);
}

bool DeltaStore::writeValue(Database &database, const QString &name, const QString &value)
{
    SqlStatement write = database.prepare(m_writeCursor);
    write.bindText(1, name);
    write.bindText(2, value);
    if (!write.exec()) {
        qCWarning(lcDatabase).noquote()
            << "storing the sync state" << name << ":" << write.error().message;
        return false;
    }
    return true;
}

// The reset's state beside the cursor, in the same table: "<cursor name>.reset" (the last reset
// honoured) and "<cursor name>.resetting" (present while the reset's pages are read).
QString DeltaStore::honouredReset() const
{
    return value(m_cursorName + QStringLiteral(".reset"));
}

bool DeltaStore::isResetting() const
{
    return !value(m_cursorName + QStringLiteral(".resetting")).isEmpty();
}

bool DeltaStore::beginReset(const QString &reset)
{
    if (!m_database || !writeHeld())
        return false;
    SqlTransaction transaction(*m_database);
    if (!transaction.isActive())
        return false;
    if (!m_objectsTable.isEmpty()
        && !m_database->exec(QByteArray("UPDATE ").append(m_objectsTable).append(" SET stale = 1")))
        return false;
    SqlStatement forget = m_database->prepare(
        QByteArray("DELETE FROM ").append(m_cursorTable).append(" WHERE name = ?1"));
    forget.bindText(1, m_cursorName);
    return forget.exec() && writeValue(*m_database, m_cursorName + QStringLiteral(".reset"), reset)
        && writeValue(*m_database, m_cursorName + QStringLiteral(".resetting"), reset)
        && transaction.commit();
}

bool DeltaStore::finishReset()
{
    if (!m_database || !writeHeld())
        return false;
    SqlTransaction transaction(*m_database);
    if (!transaction.isActive())
        return false;
    int deleted = 0;
    if (!m_objectsTable.isEmpty()) {
        if (!m_database->exec(
                QByteArray("DELETE FROM ").append(m_objectsTable).append(" WHERE stale = 1")))
            return false;
        deleted = m_database->changes();
    }
    SqlStatement done = m_database->prepare(
        QByteArray("DELETE FROM ").append(m_cursorTable).append(" WHERE name = ?1"));
    done.bindText(1, m_cursorName + QStringLiteral(".resetting"));
    if (!done.exec() || !transaction.commit())
        return false;
    if (deleted > 0)
        Q_EMIT changed();
    return true;
}

bool DeltaStore::writePage(
    const QString &cursor, bool changesRows, const std::function<bool(Database &)> &writeRows)
{
    if (!m_database)
        return false;
    SqlTransaction transaction(*m_database);
    if (!transaction.isActive() || !writeRows(*m_database))
        return false;
    if (!writeValue(*m_database, m_cursorName, cursor) || !transaction.commit())
        return false;
    if (changesRows)
        Q_EMIT changed();
    return true;
}

} // namespace tessera
