#pragma once

#include <QFuture>

namespace tessera::cli {

class CliContext;

// tessera-cli whoami: restores the session of the data folder and asks GET /v1/me.
QFuture<int> runWhoami(CliContext &context);

} // namespace tessera::cli
