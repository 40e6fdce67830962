#pragma once

#include <QFuture>

namespace tessera::cli {

class CliContext;

// tessera-cli services: syncs the catalogue of services the signed-in person may use and lists
// it by category (with --json, one service a line: the wire's fields). Offline, it lists what
// this device has and exits 1.
QFuture<int> runServices(CliContext &context);
// tessera-cli requests: syncs My requests and lists them, newest first, with their statuses.
QFuture<int> runRequests(CliContext &context);

} // namespace tessera::cli
