#pragma once

#include <QLoggingCategory>

namespace tessera {

// tessera.client.attest: the attestation form and outbox (never the answers' contents)
Q_DECLARE_LOGGING_CATEGORY(lcAttest)

} // namespace tessera
