#include "storage/sqltransaction.h"

#include "base/logging.h"
#include "storage/database.h"

#include <sqlcipher/sqlite3.h>

namespace tessera {

SqlTransaction::SqlTransaction(Database &db)
    : m_db(db)
{
    m_active = m_db.exec("BEGIN IMMEDIATE");
    if (!m_active)
        m_error = m_db.lastError();
}

SqlTransaction::~SqlTransaction()
{
    rollback();
}

bool SqlTransaction::commit()
{
    if (!m_active) {
        if (!m_error.isError())
            m_error = { SQLITE_MISUSE, QStringLiteral("no active transaction") };
        return false;
    }
    if (!m_db.exec("COMMIT")) {
        m_error = m_db.lastError();
        // A failed COMMIT (e.g. SQLITE_BUSY) leaves the transaction open: roll it back below.
        rollback();
        return false;
    }
    m_active = false;
    return true;
}

void SqlTransaction::rollback()
{
    if (!m_active)
        return;
    m_active = false;
    if (!m_db.exec("ROLLBACK"))
        qCWarning(lcDatabase) << "rollback failed:" << m_db.lastError().message;
}

} // namespace tessera
