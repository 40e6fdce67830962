#include "health/internal/healthlogging.h"

namespace tessera {

Q_LOGGING_CATEGORY(lcHealth, "tessera.client.health", QtInfoMsg)

} // namespace tessera
