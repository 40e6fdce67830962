#pragma once

#include "storage/sqlstatement.h"

#include <QList>
#include <QString>

#include <type_traits>
#include <utility>

namespace tessera {

struct SqlError;

// Logs (tessera.db) that reading rows stopped on error; what: the reading, in the caller's words.
void logRowsFailed(const char *what, const SqlError &error);

// The select loop every store repeats: steps statement (prepared and bound) to its end and builds
// one value of each row with read(statement) while the statement is on it. A statement that was
// not prepared or a step that fails ends the list there (the rows before it are kept) with one
// warning naming what ("reading the inbox") and SQLite's error.
template<typename Read>
auto rowsOf(SqlStatement &statement, Read &&read, const char *what)
    -> QList<std::decay_t<std::invoke_result_t<Read &, SqlStatement &>>>
{
    QList<std::decay_t<std::invoke_result_t<Read &, SqlStatement &>>> rows;
    for (;;) {
        switch (statement.step()) {
        case SqlStatement::Step::Row:
            rows.append(read(statement));
            break;
        case SqlStatement::Step::Done:
            return rows;
        case SqlStatement::Step::Error:
            logRowsFailed(what, statement.error());
            return rows;
        }
    }
}

// The first column's text: rowsOf(statement, textColumn, what) lists ids or names.
inline QString textColumn(const SqlStatement &row)
{
    return row.columnText(0);
}

// The same for a statement that binds nothing: rowsOf(database.prepare(sql), read, what).
template<typename Read>
auto rowsOf(SqlStatement &&statement, Read &&read, const char *what)
{
    SqlStatement owned = std::move(statement);
    return rowsOf(owned, std::forward<Read>(read), what);
}

} // namespace tessera
