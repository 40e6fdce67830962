#pragma once

#include <QFuture>

namespace tessera::cli {

class CliContext;

// tessera-cli devices: the signed-in person's devices (GET /v1/me/devices), last seen first: model,
// platform and version, app version, last seen, signed in or out, and which one this is; with
// --json one line per device.
QFuture<int> runDevices(CliContext &context);

// tessera-cli devices sign-out ID: ends the session of one of the person's devices remotely
// (DELETE /v1/me/devices/{id}): its tokens and passes revoked, its pass key forgotten. An unknown
// id prints the server's reason and exits 1.
QFuture<int> runDevicesSignOut(CliContext &context);

} // namespace tessera::cli
