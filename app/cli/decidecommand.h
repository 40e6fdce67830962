#pragma once

#include <QFuture>
#include <QJsonObject>
#include <QString>

namespace tessera::cli {

class CliContext;

// tessera-cli decide ID ACTION [--comment TEXT] [--set INPUT=VALUE...]: an item with a card takes
// its inputs as --set values, checked against the card's submit action ACTION as the app and the
// server check them (exit 1 naming each wrong input; nothing is queued). Through the decision
// outbox of the data
// folder: written there first, then sent. When it cannot be sent now it stays queued, and the
// same command later sends it with the same idempotency key (it takes effect once). Prints the
// outcome: confirmed, a conflict ("Already approved by ..."), a refusal, or queued.
QFuture<int> runDecide(CliContext &context);
// tessera-cli approve ID [--comment TEXT]: decide with the action "approve".
QFuture<int> runApprove(CliContext &context);
// tessera-cli reject ID --comment TEXT: decide with the action "reject" (a reason is required).
QFuture<int> runReject(CliContext &context);
// What the three share: command names the command line that sends a queued decision again.
QFuture<int> decideItem(CliContext &context, const QString &command, const QString &id,
    const QString &action, const QString &comment, const QJsonObject &inputs = {});

} // namespace tessera::cli
