#include "setpasswordcommand.h"

#include "clicontext.h"
#include "identity/session.h"
#include "signedinoutput.h"

namespace tessera::cli {

QFuture<int> runSetPassword(CliContext &context)
{
    const QString user = context.value(QStringLiteral("user"));
    if (user.isEmpty()) {
        context.printError(
            QStringLiteral("usage"), QStringLiteral("set-password needs --user NAME."));
        return QtFuture::makeReadyFuture(int(ExitCode::Usage));
    }
    Session *session = context.session();
    if (!session)
        return QtFuture::makeReadyFuture(int(ExitCode::Usage));
    const std::optional<QString> current =
        CliContext::readSecret("TESSERA_PASSWORD", QStringLiteral("Current password: "));
    const std::optional<QString> next = current
        ? CliContext::readSecret("TESSERA_NEW_PASSWORD", QStringLiteral("New password: "))
        : std::nullopt;
    if (!current || !next || current->isEmpty() || next->isEmpty()) {
        context.printError(QStringLiteral("usage"),
            QStringLiteral("Give the current and the new password as two lines of standard "
                           "input, or in TESSERA_PASSWORD and TESSERA_NEW_PASSWORD."));
        return QtFuture::makeReadyFuture(int(ExitCode::Usage));
    }
    return context.afterSession(
        [session, user, current, next]() { session->changePassword(user, *current, *next); },
        [&context, session, user]() { return reportSignIn(context, *session, user); });
}

} // namespace tessera::cli
