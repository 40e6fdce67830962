#pragma once

#include <QFuture>

namespace tessera::cli {

class CliContext;

// tessera-cli privacy export FILE: GET /v1/privacy/export (everything the server holds about the
// signed-in person, one section per feature) written to FILE as indented JSON, readable by the
// owner only; prints each section's row count (with --json: the file and the counts).
QFuture<int> runPrivacyExport(CliContext &context);

} // namespace tessera::cli
