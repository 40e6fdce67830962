#pragma once

#include <QLoggingCategory>

namespace tessera {

// tessera.home: Home's cache and sync (never tokens or card contents)
Q_DECLARE_LOGGING_CATEGORY(lcHome)

} // namespace tessera
