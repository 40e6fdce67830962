#pragma once

#include <QFuture>

namespace tessera::cli {

class CliContext;

// tessera-cli notify --to USERID... --title T --body B [--category C] [--priority P]
// [--reference R] [--action id:label[:comment]]... [--callback URL] [--idempotency-key K]:
// POST /v1/notifications as a sub-system (the API key from --api-key-file, TESSERA_API_KEY or
// --key: subsystemKey). No session is needed. Prints the notification's id and how many people it
// reached.
QFuture<int> runNotify(CliContext &context);

} // namespace tessera::cli
