#pragma once

#include <QFuture>

namespace tessera::cli {

class CliContext;

// tessera-cli inbox [--unread] [--needs-action]: syncs the inbox of the signed-in person into
// the local cache and lists it, newest first. Offline, it lists the cache and exits 1.
QFuture<int> runInbox(CliContext &context);

} // namespace tessera::cli
