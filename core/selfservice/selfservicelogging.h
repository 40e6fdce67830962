#pragma once

#include <QLoggingCategory>

namespace tessera {

// tessera.selfservice: catalogue and My requests syncs, the submission outbox (never input
// values, tokens or keys).
Q_DECLARE_LOGGING_CATEGORY(lcSelfService)

} // namespace tessera
