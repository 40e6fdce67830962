#include "logoutcommand.h"

#include "clicontext.h"
#include "identity/session.h"

#include <QPromise>

namespace tessera::cli {

QFuture<int> runLogout(CliContext &context)
{
    Session *session = context.session();
    if (!session)
        return QtFuture::makeReadyFuture(int(ExitCode::Usage));
    auto promise = std::make_shared<QPromise<int>>();
    promise->start();
    context.afterSession([session]() { session->restore(); },
        [&context, session, promise]() {
            const bool wasSignedIn = session->state() == Session::State::SignedIn;
            // From any state but a locked keyring, signOut() also clears what an earlier
            // session left behind (an explicit reset of unreadable local data included).
            context.afterSession([session]() { session->signOut(); },
                [&context, session, promise, wasSignedIn]() {
                    int code = ExitCode::Success;
                    if (session->state() != Session::State::SignedOut) {
                        context.printError(session->errorCode(), session->errorMessage());
                        code = ExitCode::Failed;
                    } else {
                        QString text = wasSignedIn ? QStringLiteral("Signed out.")
                                                   : QStringLiteral("Not signed in.");
                        if (!session->errorMessage().isEmpty())
                            text = session->errorMessage();
                        context.printResult(
                            QJsonObject {
                                { QStringLiteral("status"), QStringLiteral("signed_out") },
                                { QStringLiteral("wasSignedIn"), wasSignedIn },
                            },
                            text);
                    }
                    promise->addResult(code);
                    promise->finish();
                    return code;
                });
            return 0;
        });
    return promise->future();
}

} // namespace tessera::cli
