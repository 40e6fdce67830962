#include "mobile/mobilelogging.h"

namespace tessera {

Q_LOGGING_CATEGORY(lcMobile, "tessera.client.mobile", QtInfoMsg)

} // namespace tessera
