#pragma once

#include "storage/migrations.h"

namespace tessera::server {

// The attestations feature's own migrations, numbered from 1 (registered in
// app/servermigrations.cpp after base, whose users table they use).
const QList<Migration> &attestMigrations();

} // namespace tessera::server
