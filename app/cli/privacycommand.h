#pragma once

#include <QFuture>

namespace tessera::cli {

class CliContext;

// tessera-cli privacy export FILE: GET /v1/privacy/export (everything the server holds about the
// signed-in person, one section per feature) written to FILE as indented JSON, readable by the
// owner only; prints each section's row count (with --json: the file and the counts).
QFuture<int> runPrivacyExport(CliContext &context);

// tessera-cli privacy request correction|deletion --comment T: POST /v1/privacy/requests (to the
// privacy officers' inbox); prints the request and its state.
QFuture<int> runPrivacyRequest(CliContext &context);

// tessera-cli privacy requests: GET /v1/privacy/requests, newest first, each with its state and
// the officer's comment (with --json: one object a line).
QFuture<int> runPrivacyRequests(CliContext &context);

// tessera-cli account delete: POST /v1/me/deletion with the password from TESSERA_PASSWORD or a
// line of standard input (a local ID that is not an employee only): erases the account at once.
QFuture<int> runAccountDelete(CliContext &context);

} // namespace tessera::cli
