#pragma once

#include "storage/migrations.h"

namespace tessera::server {

// The events feature's own migrations, numbered from 1 (registered in app/servermigrations.cpp
// after base, whose api_keys and users they use).
const QList<Migration> &eventsMigrations();

} // namespace tessera::server
