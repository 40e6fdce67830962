#pragma once

#include <QFuture>

namespace tessera::cli {

class CliContext;

// tessera-cli attest --set INPUT=VALUE... [--action ACTION]: fetches the attestation form,
// checks the values as the app and the server do (invalid: exit 1, naming each input, nothing
// queued), queues the day's answer in the encrypted outbox with its Idempotency-Key and sends
// it; prints the answer the server keeps for the day (the first one, when answered already).
// Not sent now (no network): it waits in the outbox, and the next attest sends that one (not a
// new one) with the same key; exit 1.
// tessera-cli attest --show: today's answer on the server (and whether one waits here).
QFuture<int> runAttest(CliContext &context);

} // namespace tessera::cli
