#pragma once

#include <QFuture>

namespace tessera::cli {

class CliContext;

// The sub-systems' API keys, as the signed-in admin (docs/NOTIFICATIONS.md, "Sub-systems"):
// tessera-cli admin keys list: every key, one a line (never a key or a secret);
// tessera-cli admin keys create --subsystem NAME [--callback-prefix URL]...: a new key and its
// webhook secret, printed once;
// tessera-cli admin keys rotate ID [--overlap SECONDS]: a new key and secret under the same id,
// the old ones working until the overlap ends (24 hours unless given);
// tessera-cli admin keys revoke ID: the key stops working at once.
QFuture<int> runAdminKeysList(CliContext &context);
QFuture<int> runAdminKeysCreate(CliContext &context);
QFuture<int> runAdminKeysRotate(CliContext &context);
QFuture<int> runAdminKeysRevoke(CliContext &context);

} // namespace tessera::cli
