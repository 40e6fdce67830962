#pragma once

#include "storage/migration.h"

#include <QList>

namespace tessera {

// The migrations of the client database's `base`: the tables of the features that came before
// features had lists of their own (profile, settings, inbox, pass, scanner), recorded in PRAGMA
// user_version. A new feature's tables go in its own list (DatabaseSchema). Append new
// migrations; never edit or reorder shipped ones.
QList<Migration> baseMigrations();

} // namespace tessera
