#pragma once

#include "storage/sqlerror.h"

#include <QByteArray>
#include <QString>

struct sqlite3;
struct sqlite3_stmt;

namespace tessera {

// A prepared statement of a Database (Database::prepare). Values are always bound, never
// spliced into SQL text. Parameters and columns are numbered as in SQLite: parameters from 1
// (?1, or parameterIndex(":name")), columns from 0. A failed bind is remembered and makes the
// next step() fail, so a sequence of binds can be checked once. Move-only; finalized on
// destruction. It must not outlive its Database.
class SqlStatement
{
public:
    enum class Step {
        Row, // a row is available: read it with the column functions
        Done, // the statement ran to completion
        Error, // see error()
    };

    SqlStatement() = default;
    SqlStatement(SqlStatement &&other) noexcept;
    SqlStatement &operator=(SqlStatement &&other) noexcept;
    SqlStatement(const SqlStatement &) = delete;
    SqlStatement &operator=(const SqlStatement &) = delete;
    ~SqlStatement();

    // False when preparing failed (see error()).
    bool isValid() const { return m_statement != nullptr; }

    // The number of a named parameter (":name", "@name", "$name"), 0 when there is none.
    int parameterIndex(const char *name) const;

    // Binding: a null or empty QString binds '' and a null or empty QByteArray a zero-length
    // blob; use bindNull for SQL NULL. Text is stored as UTF-8, blobs byte for byte.
    void bindText(int index, const QString &value);
    // Text that is already UTF-8 (no conversion); an empty one binds ''.
    void bindUtf8(int index, const QByteArray &utf8);
    void bindBlob(int index, const QByteArray &value);
    void bindInt64(int index, qint64 value);
    void bindDouble(int index, double value);
    void bindBool(int index, bool value); // stored as 0 or 1
    void bindNull(int index);

    Step step();
    // Steps until Done; true on success. For statements that return no rows.
    bool exec();
    // Makes the statement ready to run again; clears the bindings and the remembered error.
    void reset();

    // The current row (after step() answered Row).
    int columnCount() const;
    bool isNull(int column) const;
    QString columnText(int column) const; // null QString for NULL
    QByteArray columnUtf8(int column) const; // the text's UTF-8 bytes; null QByteArray for NULL
    QByteArray columnBlob(int column) const; // null QByteArray for NULL, empty for x''
    qint64 columnInt64(int column) const; // 0 for NULL
    double columnDouble(int column) const; // 0.0 for NULL
    bool columnBool(int column) const; // false for NULL or 0

    const SqlError &error() const { return m_error; }

private:
    friend class Database;
    SqlStatement(sqlite3 *db, sqlite3_stmt *statement, SqlError error);

    void checkBind(int rc, int index);

    sqlite3 *m_db = nullptr;
    sqlite3_stmt *m_statement = nullptr;
    SqlError m_error;
};

} // namespace tessera
