#pragma once

#include <QLoggingCategory>

namespace tessera {

// tessera.client.mobile: the phones' push and notification glue. Never logs a token, an
// endpoint, a payload or a comment: only what kind of input was dropped and why.
Q_DECLARE_LOGGING_CATEGORY(lcMobile)

} // namespace tessera
