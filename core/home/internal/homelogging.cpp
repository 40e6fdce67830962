#include "home/internal/homelogging.h"

namespace tessera {

Q_LOGGING_CATEGORY(lcHome, "tessera.home", QtInfoMsg)

} // namespace tessera
