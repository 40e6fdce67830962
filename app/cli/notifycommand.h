#pragma once

#include <QFuture>

namespace tessera::cli {

class CliContext;

// tessera-cli notify --key KEY --to USERID... --title T --body B [--category C] [--priority P]
// [--reference R] [--action id:label[:comment]]... [--callback URL] [--idempotency-key K]:
// POST /v1/notifications as a sub-system (the API key from --key or TESSERA_API_KEY). No
// session is needed. Prints the notification's id and how many people it reached.
QFuture<int> runNotify(CliContext &context);

} // namespace tessera::cli
