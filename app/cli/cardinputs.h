#pragma once

#include "cards/submissionvalidator.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QList>

#include <optional>

namespace tessera::cli {

class CliContext;

// What the commands that fill a card in share (form SERVICE_ID, decide ID ACTION): the values
// given as --set INPUT=VALUE..., and the words for inputs that are not valid (core's
// SubmissionValidator, as the app and the server check them).

// The values of every --set, input id → value (a later --set of the same input wins); nullopt
// after printing the usage error when one has no input id.
std::optional<QJsonObject> setValues(CliContext &context);
// [{"input","message"}], the wire's shape of a 422 invalid_inputs' errors.
QJsonArray inputErrorsJson(const QList<cards::InputError> &errors);
// Prints that nothing was sent because of errors (as JSON with --json: the error with code
// invalid_inputs and the errors).
void printInvalidInputs(CliContext &context, const QJsonArray &errors);

} // namespace tessera::cli
