#pragma once

#include <QLoggingCategory>

namespace tessera {

Q_DECLARE_LOGGING_CATEGORY(lcPlatform) // tessera.platform: platform seams (device, screen)

} // namespace tessera
