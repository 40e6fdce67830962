#pragma once

#include <QFuture>

namespace tessera::cli {

class CliContext;

// The medical role's commands (README "Health records"):
// tessera-cli medical pending: the records waiting for a decision, oldest first, with who;
QFuture<int> runMedicalPending(CliContext &context);
// tessera-cli medical verify ID: the record verified (the person's pass shows vaccination:
// verified);
QFuture<int> runMedicalVerify(CliContext &context);
// tessera-cli medical reject ID --comment TEXT: rejected with the reason the person reads.
QFuture<int> runMedicalReject(CliContext &context);

} // namespace tessera::cli
