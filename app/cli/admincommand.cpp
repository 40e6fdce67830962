#include "admincommand.h"

#include "base/futurewatch.h"
#include "clicontext.h"
#include "identity/session.h"
#include "signedinoutput.h"

#include <QJsonArray>
#include <QPromise>

namespace tessera::cli {

QFuture<int> runAdminCreateLocalUser(CliContext &context)
{
    const QString name = context.value(QStringLiteral("name"));
    const QString email = context.value(QStringLiteral("email"));
    const QString userType = context.value(QStringLiteral("user-type"));
    if (name.isEmpty() || email.isEmpty()) {
        context.printError(QStringLiteral("usage"),
            QStringLiteral("admin create-local-user needs --name NAME and --email ADDRESS."));
        return QtFuture::makeReadyFuture(int(ExitCode::Usage));
    }
    if (!userType.isEmpty() && userType != QLatin1String("employee")
        && userType != QLatin1String("non_employee")) {
        context.printError(
            QStringLiteral("usage"), QStringLiteral("--user-type is employee or non_employee."));
        return QtFuture::makeReadyFuture(int(ExitCode::Usage));
    }
    QJsonObject body {
        { QStringLiteral("displayName"), name },
        { QStringLiteral("email"), email },
        { QStringLiteral("roles"),
            QJsonArray::fromStringList(context.values(QStringLiteral("role"))) },
    };
    if (!context.value(QStringLiteral("geo")).isEmpty())
        body.insert(QStringLiteral("geo"), context.value(QStringLiteral("geo")));
    if (!userType.isEmpty())
        body.insert(QStringLiteral("userType"), userType);

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
        [&context, session, body, deliver]() {
            if (session->state() != Session::State::SignedIn) {
                deliver(reportNoSession(context, *session));
                return 0;
            }
            whenFinished(session,
                session->post(
                    QStringLiteral("/v1/admin/local-users"), body, ApiClient::newIdempotencyKey()),
                [&context, deliver](const ApiReply &reply) {
                    if (!reply.ok()) {
                        context.printError(reply.error.code, Session::describeFailure(reply));
                        deliver(ExitCode::Failed);
                        return;
                    }
                    context.printResult(reply.body,
                        QStringLiteral("Local ID:            %1\nTemporary password:  %2\n"
                                       "Valid until:         %3\nThe person signs in with "
                                       "these and then sets their own password.")
                            .arg(reply.body.value(QStringLiteral("userId")).toString(),
                                reply.body.value(QStringLiteral("temporaryPassword")).toString(),
                                reply.body.value(QStringLiteral("temporaryPasswordExpiresAt"))
                                    .toString()));
                    deliver(ExitCode::Success);
                });
            return 0;
        });
    return promise->future();
}

} // namespace tessera::cli
