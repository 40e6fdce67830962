#pragma once

#include <QFuture>

namespace tessera::cli {

class CliContext;

// tessera-cli surveys: syncs the surveys once (GET /v1/surveys into the local cache) and lists
// them in the app's order (open and unanswered first, closing soonest first; then answered; then
// closed): title, state, anonymous or named, closing time and id; with --json one line a survey
// (the wire's Survey, with "pending" when an answer waits on this device). A failed sync says
// so, lists what this device has and exits 1.
QFuture<int> runSurveys(CliContext &context);

// tessera-cli survey answer ID --set INPUT=VALUE...: syncs, checks the values against the
// survey's card with core's validator (each wrong input named; without any --set, the inputs the
// card has, the required ones said so) and sends the answer through the outbox (named: with an
// Idempotency-Key; anonymous: without). Sent: 0. Refused (closed, not yours, answered already, an
// input): 1 with the reason. Not reachable: kept on this device and sent by the next command, 1.
QFuture<int> runSurveyAnswer(CliContext &context);

// tessera-cli survey results SURVEY_ID [--json] [--csv FILE], with a sub-system key (as notify):
// GET /v1/subsystem/surveys/{id}/results printed per input (counts, average, distribution, texts
// or that they are hidden), the response rate; with --csv FILE also results.csv written to FILE.
QFuture<int> runSurveyResults(CliContext &context);

} // namespace tessera::cli
