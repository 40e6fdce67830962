#pragma once

#include "storage/migration.h"

#include <QList>

namespace tessera {

// The self-service feature's own tables in the client database (feature "selfservice",
// numbered from 1): the catalogue, My requests, the submission outbox and their cursors.
QList<Migration> selfServiceMigrations();

} // namespace tessera
