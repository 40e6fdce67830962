#pragma once

#include <QString>

namespace tessera {

class Database;

namespace selfservice {

// A delta cursor of selfservice_cursors by name; empty when none.
QString readCursor(Database &db, const QString &name);
bool writeCursor(Database &db, const QString &name, const QString &value);

} // namespace selfservice

} // namespace tessera
