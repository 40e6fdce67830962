#pragma once

#include <QFuture>

namespace tessera::cli {

class CliContext;

// tessera-cli health: asks GET /v1/health and prints the answer.
QFuture<int> runHealth(CliContext &context);

} // namespace tessera::cli
