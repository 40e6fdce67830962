#pragma once

#include "storage/migrations.h"

namespace tessera::server {

// The health feature's own migrations, numbered from 1 (registered in app/servermigrations.cpp
// after base, whose users they use).
const QList<Migration> &healthMigrations();

} // namespace tessera::server
