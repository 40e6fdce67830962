#pragma once

#include <QLoggingCategory>

namespace tessera {

// tessera.media: the card media cache (never tokens or media bytes)
Q_DECLARE_LOGGING_CATEGORY(lcMedia)

} // namespace tessera
