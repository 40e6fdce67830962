#include "whoamicommand.h"

#include "base/futurewatch.h"
#include "clicontext.h"
#include "identity/session.h"
#include "identity/userprofile.h"
#include "signedinoutput.h"

#include <QCoreApplication>
#include <QPromise>

namespace tessera::cli {

QFuture<int> runWhoami(CliContext &context)
{
    Session *session = context.session();
    if (!session)
        return QtFuture::makeReadyFuture(int(ExitCode::Usage));
    auto promise = std::make_shared<QPromise<int>>();
    promise->start();
    const auto deliver = [promise](int code) {
        promise->addResult(code);
        promise->finish();
    };
    context.afterSession([session]() { session->restore(); },
        [&context, session, deliver]() {
            if (session->state() != Session::State::SignedIn) {
                deliver(reportNoSession(context, *session));
                return 0;
            }
            whenFinished(session, session->get(QStringLiteral("/v1/me")),
                [&context, deliver](const ApiReply &reply) {
                    if (!reply.ok()) {
                        context.printError(reply.error.code, Session::describeFailure(reply));
                        deliver(ExitCode::Failed);
                        return;
                    }
                    QString problem;
                    const auto user = UserProfile::fromJson(
                        reply.body.value(QStringLiteral("user")).toObject(), &problem);
                    if (!user) {
                        context.printError(QStringLiteral("invalid_reply"),
                            QStringLiteral("The server's answer was not understood: %1")
                                .arg(problem));
                        deliver(ExitCode::Failed);
                        return;
                    }
                    const QString deviceId =
                        reply.body.value(QStringLiteral("deviceId")).toString();
                    QString human =
                        QStringLiteral("%1 (%2)\nKind:       %3\nUser type:  %4\n"
                                       "Roles:      %5\nDevice:     %6")
                            .arg(user->displayName, user->id, user->kind, user->userType,
                                user->roles.isEmpty() ? QStringLiteral("-")
                                                      : user->roles.join(QStringLiteral(", ")),
                                deviceId);
                    if (!user->email.isEmpty())
                        human += QStringLiteral("\nE-mail:     ") + user->email;
                    context.printResult(reply.body, human);
                    deliver(ExitCode::Success);
                });
            return 0;
        });
    return promise->future();
}

} // namespace tessera::cli
