#pragma once

#include "storage/migrations.h"

namespace tessera::server {

// The analytics feature's own migrations, numbered from 1 (registered in
// app/servermigrations.cpp). Its tables hold no user id, address or device (DESIGN.md).
const QList<Migration> &analyticsMigrations();

} // namespace tessera::server
