#pragma once

#include <QFuture>

namespace tessera::cli {

class CliContext;

// tessera-cli login --kind ad|local --user U: the password from TESSERA_PASSWORD or a line of
// standard input (never from the command line). Keeps the session in the data folder and the
// keyring. A local ID's temporary password: says to run set-password (exit 1).
QFuture<int> runLogin(CliContext &context);

} // namespace tessera::cli
