#pragma once

#include <QLoggingCategory>

namespace tessera {

Q_DECLARE_LOGGING_CATEGORY(lcNet) // tessera.net: requests to the server (never bodies or tokens)
Q_DECLARE_LOGGING_CATEGORY(lcSecrets) // tessera.secrets: secure-store outcomes (never values)
Q_DECLARE_LOGGING_CATEGORY(lcDatabase) // tessera.db: local database opens, migrations (never keys)

} // namespace tessera
