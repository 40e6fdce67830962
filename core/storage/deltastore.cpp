#include "storage/deltastore.h"

#include "base/logging.h"
#include "storage/database.h"
#include "storage/sqlstatement.h"
#include "storage/sqltransaction.h"

namespace tessera {

DeltaStore::DeltaStore(std::shared_ptr<Database> database, const char *cursorTable,
    QString cursorName, QObject *parent)
    : QObject(parent)
    , m_database(std::move(database))
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
    m_database = std::move(database);
    Q_EMIT changed();
}

QString DeltaStore::cursor() const
{
    if (!m_database)
        return {};
    SqlStatement select = m_database->prepare(m_selectCursor);
    select.bindText(1, m_cursorName);
    if (select.step() != SqlStatement::Step::Row)
        return {};
    return select.columnText(0);
}

bool DeltaStore::writePage(
    const QString &cursor, bool changesRows, const std::function<bool(Database &)> &writeRows)
{
    if (!m_database)
        return false;
    SqlTransaction transaction(*m_database);
    if (!transaction.isActive() || !writeRows(*m_database))
        return false;
    SqlStatement write = m_database->prepare(m_writeCursor);
    write.bindText(1, m_cursorName);
    write.bindText(2, cursor);
    if (!write.exec()) {
        qCWarning(lcDatabase).noquote()
            << "storing the cursor" << m_cursorName << ":" << write.error().message;
        return false;
    }
    if (!transaction.commit())
        return false;
    if (changesRows)
        Q_EMIT changed();
    return true;
}

} // namespace tessera
