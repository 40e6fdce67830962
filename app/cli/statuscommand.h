#pragma once

#include <QFuture>

namespace tessera::cli {

class CliContext;

// tessera-cli status: asks GET /v1/health and prints the answer.
QFuture<int> runStatus(CliContext &context);

} // namespace tessera::cli
