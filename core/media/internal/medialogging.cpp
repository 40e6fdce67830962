#include "media/internal/medialogging.h"

namespace tessera {

Q_LOGGING_CATEGORY(lcMedia, "tessera.media", QtInfoMsg)

} // namespace tessera
