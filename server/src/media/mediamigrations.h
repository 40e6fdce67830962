#pragma once

#include "storage/migrations.h"

namespace tessera::server {

// The media feature's own migrations, numbered from 1 (registered in app/servermigrations.cpp
// after base, whose api_keys table they use).
const QList<Migration> &mediaMigrations();

} // namespace tessera::server
