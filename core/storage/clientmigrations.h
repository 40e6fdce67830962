#pragma once

#include "storage/migration.h"

#include <QList>

namespace tessera {

// The client database's schema, as numbered migrations (Database::open applies the missing
// ones). Append new migrations; never edit or reorder shipped ones.
QList<Migration> clientMigrations();

} // namespace tessera
