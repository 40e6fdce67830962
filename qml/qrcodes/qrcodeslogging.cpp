#include "qrcodeslogging.h"

namespace tessera {

Q_LOGGING_CATEGORY(lcQrCodes, "tessera.qml.qrcodes", QtInfoMsg)

} // namespace tessera
