#include "clientmigrations.h"

namespace tessera {

// Column names follow the wire's field names. SQLite 3.15 (SQLCipher 3.4.1): no UPSERT, no
// RENAME COLUMN, no JSON1 — JSON is stored as text and parsed in C++; a later change to a
// table rebuilds it (create new, copy, drop, rename) in its migration.
QList<Migration> clientMigrations()
{
    return {
        Migration::fromSql(1, QStringLiteral("profile and settings"),
            QByteArrayLiteral(
                // The signed-in person: exactly one row (slot 1), replaced as a whole with
                // INSERT OR REPLACE. roles is a JSON array as text; updatedAt RFC 3339 UTC.
                "CREATE TABLE profile ("
                "  slot INTEGER PRIMARY KEY NOT NULL DEFAULT 1 CHECK (slot = 1),"
                "  id TEXT NOT NULL,"
                "  kind TEXT NOT NULL CHECK (kind IN ('ad', 'local')),"
                "  employeeId TEXT,"
                "  displayName TEXT NOT NULL DEFAULT '',"
                "  email TEXT,"
                "  department TEXT,"
                "  userType TEXT NOT NULL CHECK (userType IN ('employee', 'non_employee')),"
                "  geo TEXT,"
                "  roles TEXT NOT NULL DEFAULT '[]',"
                "  updatedAt TEXT NOT NULL"
                ");"
                // Named values of the signed-in session (sync cursors, preferences that are
                // personal). value has no declared type: it keeps what was bound.
                "CREATE TABLE settings ("
                "  name TEXT PRIMARY KEY NOT NULL,"
                "  value"
                ");")),
        // The sign-in name the person typed (login answers carry it): set-password and the
        // "signed in as" line need it.
        Migration::fromSql(2, QStringLiteral("profile username"),
            QByteArrayLiteral("ALTER TABLE profile ADD COLUMN username TEXT;")),
    };
}

} // namespace tessera
