#pragma once

#include <QString>

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

} // namespace tessera::cli
