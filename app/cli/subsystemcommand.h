#pragma once

#include <QFuture>

namespace tessera::cli {

class CliContext;

// The sub-system side of the Web API, one command per call (docs/INTEGRATION.md), with the
// sub-system's API key (subsystemcall.h), no session. --json prints the server's answer as one
// JSON line; without it, a few lines for a person.

// withdraw ID: DELETE /v1/notifications/{id}.
QFuture<int> runWithdraw(CliContext &context);
// deliveries ID: GET /v1/notifications/{id}/deliveries, each delivery with its attempts.
QFuture<int> runDeliveries(CliContext &context);
// notifications [--state S] [--reference R] [--cursor C] [--limit N]: GET /v1/notifications.
QFuture<int> runNotifications(CliContext &context);
// notification ID: GET /v1/notifications/{id}.
QFuture<int> runNotification(CliContext &context);
// events [--since CURSOR] [--limit N]: GET /v1/subsystem/events.
QFuture<int> runEvents(CliContext &context);
// redeliver DELIVERY-ID: POST /v1/subsystem/deliveries/{id}/redeliver.
QFuture<int> runRedeliver(CliContext &context);
// deliveries list [--state pending|delivered|dead] [--cursor C] [--limit N]:
// GET /v1/subsystem/deliveries, the key's deliveries across notifications.
QFuture<int> runDeliveryList(CliContext &context);
// ping --callback URL: POST /v1/subsystem/ping, a signed test webhook sent at once; exit 1 when
// the receiver did not answer 2xx.
QFuture<int> runPing(CliContext &context);

} // namespace tessera::cli
