#pragma once

#include "storage/migrationregistry.h"

namespace tessera::server {

// Every feature's migrations, as the server applies them at start (Storage::migrate): base
// first, then the features in the order they are registered here.
const MigrationRegistry &serverMigrations();

} // namespace tessera::server
