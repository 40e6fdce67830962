#pragma once

#include <QLoggingCategory>

namespace tessera {

Q_DECLARE_LOGGING_CATEGORY(lcNet) // tessera.net: requests to the server (never bodies or tokens)
Q_DECLARE_LOGGING_CATEGORY(lcSecrets) // tessera.secrets: secure-store outcomes (never values)
Q_DECLARE_LOGGING_CATEGORY(lcDatabase) // tessera.db: local database opens, migrations (never keys)
Q_DECLARE_LOGGING_CATEGORY(lcSession) // tessera.session: sign-in state (never tokens or passwords)
Q_DECLARE_LOGGING_CATEGORY(lcInbox) // tessera.inbox: sync, stream, decision outbox (never tokens)
// tessera.pass: pass holder, scanner sync (never keys, passes or QR text)
Q_DECLARE_LOGGING_CATEGORY(lcPass)

} // namespace tessera
