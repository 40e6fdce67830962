#pragma once

#include <QFuture>

namespace tessera::cli {

class CliContext;

// tessera-cli decide ID ACTION [--comment TEXT]: through the decision outbox of the data
// folder: written there first, then sent. When it cannot be sent now it stays queued, and the
// same command later sends it with the same idempotency key (it takes effect once). Prints the
// outcome: confirmed, a conflict ("Already approved by ..."), a refusal, or queued.
QFuture<int> runDecide(CliContext &context);

} // namespace tessera::cli
