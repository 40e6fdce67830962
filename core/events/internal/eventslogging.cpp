#include "events/internal/eventslogging.h"

namespace tessera {

Q_LOGGING_CATEGORY(lcEvents, "tessera.client.events", QtInfoMsg)

} // namespace tessera
