#include "base/serverlogging.h"

namespace tessera::server {

Q_LOGGING_CATEGORY(lcServer, "tessera.server", QtInfoMsg)
Q_LOGGING_CATEGORY(lcStorage, "tessera.storage", QtInfoMsg)
Q_LOGGING_CATEGORY(lcHttp, "tessera.http", QtInfoMsg)
Q_LOGGING_CATEGORY(lcDirectory, "tessera.directory", QtInfoMsg)

} // namespace tessera::server
