#pragma once

#include "storage/migration.h"

#include <QList>

namespace tessera {

// The "attest" feature's own client migrations, numbered from 1 (registered in
// services/clientschema.cpp). Never edit a released step: add one.
QList<Migration> attestCacheMigrations();

} // namespace tessera
