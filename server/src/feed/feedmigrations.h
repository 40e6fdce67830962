#pragma once

#include "storage/migrations.h"

namespace tessera::server {

// The change feed's own migrations over base's changes table, numbered from 1 (registered in
// app/servermigrations.cpp after base).
const QList<Migration> &feedMigrations();

} // namespace tessera::server
