#pragma once

#include <QFuture>

namespace tessera::cli {

class CliContext;

// The sub-systems' API keys, as the signed-in admin (docs/NOTIFICATIONS.md, "Sub-systems"):
// tessera-cli admin keys list: every key, one a line (never a key or a secret);
// tessera-cli admin keys create --subsystem NAME [--callback-prefix URL]... [--scopes S,S...]: a
// new key (every scope unless --scopes) and its webhook secret, printed once;
// tessera-cli admin keys rotate ID [--overlap SECONDS] [--force]: a new key and secret under the
// same id, the old ones working until the overlap ends (24 hours unless given); --force during a
// running overlap (the server refuses it otherwise);
// tessera-cli admin keys revoke ID: the key stops working at once;
// tessera-cli admin keys scopes ID --scopes S,S...: the key's scopes replaced.
// tessera-cli admin keys card-hosts ID --hosts H,H...: the hosts its cards may link to replaced.
QFuture<int> runAdminKeysList(CliContext &context);
QFuture<int> runAdminKeysCreate(CliContext &context);
QFuture<int> runAdminKeysRotate(CliContext &context);
QFuture<int> runAdminKeysRevoke(CliContext &context);
QFuture<int> runAdminKeysScopes(CliContext &context);
QFuture<int> runAdminKeysCardHosts(CliContext &context);

} // namespace tessera::cli
