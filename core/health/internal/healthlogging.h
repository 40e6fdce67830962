#pragma once

#include <QLoggingCategory>

namespace tessera {

// tessera.client.health: health records (never a vaccine, a date, a name or a certificate: only
// that something failed).
Q_DECLARE_LOGGING_CATEGORY(lcHealth)

} // namespace tessera
