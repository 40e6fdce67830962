#pragma once

#include "storage/migrations.h"

namespace tessera::server {

// The notifications feature's own migrations, numbered from 1 (its tables began in base;
// registered in app/servermigrations.cpp after base).
const QList<Migration> &notificationsMigrations();

} // namespace tessera::server
