#pragma once

#include <QString>

namespace tessera {

// One SQLite/SQLCipher error: the primary result code (SQLITE_NOTADB, SQLITE_CONSTRAINT, ...)
// and SQLite's text. For logs and tests; people get messages written for them.
struct SqlError
{
    int code = 0; // 0 (SQLITE_OK) when there was no error
    QString message;

    bool isError() const { return code != 0; }
    // "message (SQLite code N)", for logs.
    QString describe() const
    {
        return QStringLiteral("%1 (SQLite code %2)").arg(message).arg(code);
    }
};

} // namespace tessera
