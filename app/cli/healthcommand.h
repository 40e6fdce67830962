#pragma once

#include <QFuture>

namespace tessera::cli {

class CliContext;

// tessera-cli health: the signed-in person's vaccination records (GET /v1/health-records), one
// line each with its state (and a rejection's reason); --json: one record a line.
QFuture<int> runHealth(CliContext &context);
// tessera-cli health add --vaccine CODE --dose N --date YYYY-MM-DD --country CC
// [--certificate FILE]: registers a dose (POST /v1/health-records, with an Idempotency-Key), then
// sends the certificate (PUT .../certificate; a file that is no photo, PDF or HC1 code, or over
// 5 MiB, is refused before anything is sent); the server's refusal is printed as it words it.
QFuture<int> runHealthAdd(CliContext &context);

} // namespace tessera::cli
