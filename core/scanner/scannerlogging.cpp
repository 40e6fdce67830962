#include "scanner/scannerlogging.h"

namespace tessera {

Q_LOGGING_CATEGORY(lcScanner, "tessera.scanner")

} // namespace tessera
