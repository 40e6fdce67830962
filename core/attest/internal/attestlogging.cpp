#include "attest/internal/attestlogging.h"

namespace tessera {

Q_LOGGING_CATEGORY(lcAttest, "tessera.client.attest", QtInfoMsg)

} // namespace tessera
