#pragma once

#include <QLoggingCategory>

namespace tessera {

// tessera.client.push: registration and pushes received (never keys, never a push's content).
Q_DECLARE_LOGGING_CATEGORY(lcPush)

} // namespace tessera
