#include "qmllogging.h"

namespace tessera {

Q_LOGGING_CATEGORY(lcQml, "tessera.qml", QtInfoMsg)

} // namespace tessera
