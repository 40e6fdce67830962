#pragma once

#include <QFuture>
#include <QString>

#include <functional>

namespace tessera {
class Session;
}

namespace tessera::cli {

class CliContext;

// Prints how a sign-in (login, set-password) ended and answers the exit code. Never prints a
// token, a password or the e-mail address.
int reportSignIn(CliContext &context, const Session &session, const QString &username);
// Prints why a command that needs a session has none (not signed in, keyring locked ...).
int reportNoSession(CliContext &context, const Session &session);

// Ends a command with an exit code; only its first call counts.
using Deliver = std::function<void(int)>;
// A command that ends later (from a signal): the future the CLI waits for and its Deliver.
struct Delivery
{
    QFuture<int> future;
    Deliver deliver;
};
Delivery newDelivery();
// The start of a command that needs a signed-in session: restores the data folder's session,
// then calls work with it and a Deliver that ends the command (work may deliver later, from a
// signal). Without a session it ends with reportNoSession's code (or Usage when the data
// folder's session cannot be made).
QFuture<int> whenSignedIn(
    CliContext &context, std::function<void(Session &session, const Deliver &deliver)> work);

} // namespace tessera::cli
