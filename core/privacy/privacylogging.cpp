#include "privacy/privacylogging.h"

namespace tessera {

Q_LOGGING_CATEGORY(lcPrivacy, "tessera.client.privacy")

} // namespace tessera
