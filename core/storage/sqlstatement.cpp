#include "storage/sqlstatement.h"

#include <sqlcipher/sqlite3.h>
#include <utility>

namespace tessera {

SqlStatement::SqlStatement(sqlite3 *db, sqlite3_stmt *statement, SqlError error)
    : m_db(db)
    , m_statement(statement)
    , m_error(std::move(error))
{ }

SqlStatement::SqlStatement(SqlStatement &&other) noexcept
    : m_db(std::exchange(other.m_db, nullptr))
    , m_statement(std::exchange(other.m_statement, nullptr))
    , m_error(std::exchange(other.m_error, {}))
{ }

SqlStatement &SqlStatement::operator=(SqlStatement &&other) noexcept
{
    if (this != &other) {
        sqlite3_finalize(m_statement);
        m_db = std::exchange(other.m_db, nullptr);
        m_statement = std::exchange(other.m_statement, nullptr);
        m_error = std::exchange(other.m_error, {});
    }
    return *this;
}

SqlStatement::~SqlStatement()
{
    sqlite3_finalize(m_statement); // a no-op for nullptr
}

int SqlStatement::parameterIndex(const char *name) const
{
    return m_statement ? sqlite3_bind_parameter_index(m_statement, name) : 0;
}

void SqlStatement::checkBind(int rc, int index)
{
    if (rc == SQLITE_OK || m_error.isError())
        return;
    m_error = { rc,
        QStringLiteral("cannot bind parameter %1: %2")
            .arg(index)
            .arg(QString::fromUtf8(sqlite3_errstr(rc))) };
}

void SqlStatement::bindText(int index, const QString &value)
{
    if (!m_statement)
        return;
    const QByteArray utf8 = value.toUtf8();
    checkBind(sqlite3_bind_text64(m_statement, index, utf8.constData(),
                  static_cast<sqlite3_uint64>(utf8.size()), SQLITE_TRANSIENT, SQLITE_UTF8),
        index);
}

void SqlStatement::bindUtf8(int index, const QByteArray &utf8)
{
    if (!m_statement)
        return;
    checkBind(sqlite3_bind_text64(m_statement, index, utf8.isNull() ? "" : utf8.constData(),
                  static_cast<sqlite3_uint64>(utf8.size()), SQLITE_TRANSIENT, SQLITE_UTF8),
        index);
}

void SqlStatement::bindBlob(int index, const QByteArray &value)
{
    if (!m_statement)
        return;
    // sqlite3_bind_blob with a null pointer binds NULL, not an empty blob.
    if (value.isEmpty()) {
        checkBind(sqlite3_bind_zeroblob(m_statement, index, 0), index);
        return;
    }
    checkBind(sqlite3_bind_blob64(m_statement, index, value.constData(),
                  static_cast<sqlite3_uint64>(value.size()), SQLITE_TRANSIENT),
        index);
}

void SqlStatement::bindInt64(int index, qint64 value)
{
    if (m_statement)
        checkBind(sqlite3_bind_int64(m_statement, index, value), index);
}

void SqlStatement::bindDouble(int index, double value)
{
    if (m_statement)
        checkBind(sqlite3_bind_double(m_statement, index, value), index);
}

void SqlStatement::bindBool(int index, bool value)
{
    if (m_statement)
        checkBind(sqlite3_bind_int(m_statement, index, value ? 1 : 0), index);
}

void SqlStatement::bindNull(int index)
{
    if (m_statement)
        checkBind(sqlite3_bind_null(m_statement, index), index);
}

SqlStatement::Step SqlStatement::step()
{
    if (!m_statement) {
        if (!m_error.isError())
            m_error = { SQLITE_MISUSE, QStringLiteral("statement was not prepared") };
        return Step::Error;
    }
    if (m_error.isError())
        return Step::Error;
    const int rc = sqlite3_step(m_statement);
    if (rc == SQLITE_ROW)
        return Step::Row;
    if (rc == SQLITE_DONE)
        return Step::Done;
    m_error = { rc & 0xff, QString::fromUtf8(sqlite3_errmsg(m_db)) };
    return Step::Error;
}

bool SqlStatement::exec()
{
    for (;;) {
        switch (step()) {
        case Step::Row:
            continue;
        case Step::Done:
            return true;
        case Step::Error:
            return false;
        }
    }
}

void SqlStatement::reset()
{
    if (!m_statement)
        return;
    sqlite3_reset(m_statement);
    sqlite3_clear_bindings(m_statement);
    m_error = {};
}

int SqlStatement::columnCount() const
{
    return m_statement ? sqlite3_column_count(m_statement) : 0;
}

bool SqlStatement::isNull(int column) const
{
    return !m_statement || sqlite3_column_type(m_statement, column) == SQLITE_NULL;
}

QString SqlStatement::columnText(int column) const
{
    if (isNull(column))
        return {};
    const auto *text = sqlite3_column_text(m_statement, column);
    const int bytes = sqlite3_column_bytes(m_statement, column);
    if (!text || bytes == 0)
        return QStringLiteral("");
    return QString::fromUtf8(reinterpret_cast<const char *>(text), bytes);
}

QByteArray SqlStatement::columnUtf8(int column) const
{
    if (isNull(column))
        return {};
    const auto *text = sqlite3_column_text(m_statement, column);
    const int bytes = sqlite3_column_bytes(m_statement, column);
    if (!text || bytes == 0)
        return QByteArray("", 0);
    return QByteArray(reinterpret_cast<const char *>(text), bytes);
}

QByteArray SqlStatement::columnBlob(int column) const
{
    if (isNull(column))
        return {};
    const void *data = sqlite3_column_blob(m_statement, column);
    const int bytes = sqlite3_column_bytes(m_statement, column);
    if (!data || bytes == 0)
        return QByteArray("", 0);
    return QByteArray(static_cast<const char *>(data), bytes);
}

qint64 SqlStatement::columnInt64(int column) const
{
    return m_statement ? sqlite3_column_int64(m_statement, column) : 0;
}

double SqlStatement::columnDouble(int column) const
{
    return m_statement ? sqlite3_column_double(m_statement, column) : 0.0;
}

bool SqlStatement::columnBool(int column) const
{
    return columnInt64(column) != 0;
}

} // namespace tessera
