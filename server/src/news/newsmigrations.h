#pragma once

#include "storage/migrations.h"

namespace tessera::server {

// The news feature's own migrations, numbered from 1 (registered in app/servermigrations.cpp
// after base and media, whose tables they use).
const QList<Migration> &newsMigrations();

} // namespace tessera::server
