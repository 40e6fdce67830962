#pragma once

#include "storage/migrations.h"

namespace tessera::server {

// The privacy feature's own migrations, numbered from 1 (registered in app/servermigrations.cpp
// after notifications, whose items its requests send).
const QList<Migration> &privacyMigrations();

} // namespace tessera::server
