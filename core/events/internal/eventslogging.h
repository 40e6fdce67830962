#pragma once

#include <QLoggingCategory>

namespace tessera {

// tessera.client.events: Events' cache, sync and RSVP outbox (never tokens or event contents)
Q_DECLARE_LOGGING_CATEGORY(lcEvents)

} // namespace tessera
