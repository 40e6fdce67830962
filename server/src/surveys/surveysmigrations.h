#pragma once

#include "storage/migrations.h"

namespace tessera::server {

// The surveys feature's own migrations, numbered from 1 (registered in app/servermigrations.cpp
// after base, whose tables they use).
const QList<Migration> &surveysMigrations();

} // namespace tessera::server
