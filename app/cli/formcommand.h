#pragma once

#include <QFuture>

namespace tessera::cli {

class CliContext;

// tessera-cli form SERVICE_ID --set INPUT=VALUE... [--action ACTION]: syncs the catalogue,
// checks the values against the service's form as the app and the server do (invalid: exit 1,
// naming each input, nothing queued), queues the submission in the outbox with its
// Idempotency-Key and sends it; prints the submission's id and status. Not sent now (no
// network): it waits in the outbox and the next form sends it again with the same key; exit 1.
QFuture<int> runForm(CliContext &context);

} // namespace tessera::cli
