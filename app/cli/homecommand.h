#pragma once

#include <QFuture>

namespace tessera::cli {

class CliContext;

// tessera-cli home: syncs Home's cards once (GET /v1/cards into the local cache) and lists them
// in Home's order: each card's title and summary (its first TextBlock texts) and source, or with
// --json one line per card {"id","card","order","expiresAt","version","updatedAt","source"}.
// When the sync fails it says so, lists what this device has and exits 1.
QFuture<int> runHome(CliContext &context);

} // namespace tessera::cli
