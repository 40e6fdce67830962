#pragma once

#include "storage/databaseschema.h"

namespace tessera {

// The client database's schema: base, then every feature's own migrations in the order they
// are registered in clientschema.cpp. The app and the CLI open their session's database with it
// (Session::Options::schema).
const DatabaseSchema &clientSchema();

} // namespace tessera
