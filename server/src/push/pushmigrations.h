#pragma once

#include "storage/migrations.h"

namespace tessera::server {

// The push feature's own migrations, numbered from 1 (registered in app/servermigrations.cpp
// after base, whose users and devices tables they use).
const QList<Migration> &pushMigrations();

} // namespace tessera::server
