#pragma once

#include "storage/migration.h"

#include <QList>

namespace tessera {

// The "inbox" feature's own client migrations, numbered from 1 (its first tables began in base;
// registered in services/clientschema.cpp). Never edit a released step: add one.
QList<Migration> inboxMigrations();

} // namespace tessera
