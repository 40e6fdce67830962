#include "applogging.h"

namespace tessera {

Q_LOGGING_CATEGORY(lcApp, "tessera.app", QtInfoMsg)

} // namespace tessera
