#include "logincommand.h"

#include "clicontext.h"
#include "identity/session.h"
#include "signedinoutput.h"

namespace tessera::cli {

QFuture<int> runLogin(CliContext &context)
{
    const QString kind = context.value(QStringLiteral("kind"));
    const QString user = context.value(QStringLiteral("user"));
    if ((kind != QLatin1String("ad") && kind != QLatin1String("local")) || user.isEmpty()) {
        context.printError(QStringLiteral("usage"),
            QStringLiteral("login needs --kind ad|local and --user NAME."));
        return QtFuture::makeReadyFuture(int(ExitCode::Usage));
    }
    Session *session = context.session();
    if (!session)
        return QtFuture::makeReadyFuture(int(ExitCode::Usage));
    const std::optional<QString> password =
        CliContext::readSecret("TESSERA_PASSWORD", QStringLiteral("Password: "));
    if (!password || password->isEmpty()) {
        context.printError(QStringLiteral("usage"),
            QStringLiteral("No password: give it on standard input or in TESSERA_PASSWORD."));
        return QtFuture::makeReadyFuture(int(ExitCode::Usage));
    }
    return context.afterSession(
        [session, kind, user, password]() { session->signIn(kind, user, *password); },
        [&context, session, user]() { return reportSignIn(context, *session, user); });
}

} // namespace tessera::cli
