#pragma once

#include <QFuture>

namespace tessera::cli {

class CliContext;

// tessera-cli watch: syncs the inbox, then follows the live stream (each hint leads to a delta
// sync) and prints one line per new or changed item. With --json: {"event":"live"} when the
// stream is open, then each item as `inbox --json` prints it with "change": "new" | "changed".
// Runs until SIGINT or SIGTERM (exit 0) or until the session ends (exit 1).
QFuture<int> runWatch(CliContext &context);

} // namespace tessera::cli
