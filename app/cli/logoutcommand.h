#pragma once

#include <QFuture>

namespace tessera::cli {

class CliContext;

// tessera-cli logout: ends the session on the server, then removes the tokens from the keyring
// and the local database from the data folder (the device id stays).
QFuture<int> runLogout(CliContext &context);

} // namespace tessera::cli
