#pragma once

#include <QLoggingCategory>

namespace tessera {

// The plugin Tessera.QrCodes' category (tessera.qml.qrcodes).
Q_DECLARE_LOGGING_CATEGORY(lcQrCodes)

} // namespace tessera
