#pragma once

#include <QLoggingCategory>

namespace tessera {

// tessera.scanner: frames, decodes, drops and verdict kinds (never QR text or pass payloads).
Q_DECLARE_LOGGING_CATEGORY(lcScanner)

} // namespace tessera
