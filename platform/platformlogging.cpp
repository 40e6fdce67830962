#include "platformlogging.h"

namespace tessera {

Q_LOGGING_CATEGORY(lcPlatform, "tessera.platform", QtInfoMsg)

} // namespace tessera
