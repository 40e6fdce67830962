#pragma once

#include <QString>

#include <functional>

namespace tessera {

class Database;

// One numbered step of a schema. Database::open applies every migration whose version is above
// the file's PRAGMA user_version, in order, each in its own transaction together with the new
// user_version. Versions start at 1 and go up by one. A migration is never edited once shipped:
// later changes are new migrations (SQLite 3.15 has no RENAME COLUMN: rebuild the table).
struct Migration
{
    int version = 0;
    QString description;
    // Runs inside the migration's transaction; false (with db.lastError() or statement errors
    // logged) rolls it back and fails the open.
    std::function<bool(Database &db)> apply;

    // A migration that is one SQL script (one or more statements, no values).
    static Migration fromSql(int version, QString description, QByteArray script);
};

} // namespace tessera
