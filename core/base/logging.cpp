#include "base/logging.h"

namespace tessera {

Q_LOGGING_CATEGORY(lcNet, "tessera.net", QtInfoMsg)
Q_LOGGING_CATEGORY(lcSecrets, "tessera.secrets", QtInfoMsg)
Q_LOGGING_CATEGORY(lcDatabase, "tessera.db", QtInfoMsg)
Q_LOGGING_CATEGORY(lcSession, "tessera.session", QtInfoMsg)
Q_LOGGING_CATEGORY(lcInbox, "tessera.inbox", QtInfoMsg)
Q_LOGGING_CATEGORY(lcPass, "tessera.pass", QtInfoMsg)

} // namespace tessera
