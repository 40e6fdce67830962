#include "statuscommand.h"

#include "clicontext.h"
#include "protocol/healthstatus.h"

#include <QCoreApplication>

namespace tessera::cli {

QFuture<int> runStatus(CliContext &context)
{
    ApiClient *client = context.client();
    if (!client)
        return QtFuture::makeReadyFuture(int(ExitCode::Usage));
    return client->get(QStringLiteral("/v1/health"))
        .then(QCoreApplication::instance(), [&context, client](const ApiReply &reply) {
            if (!reply.ok()) {
                context.printError(reply.error.code, reply.describe());
                return int(ExitCode::Failed);
            }
            QString problem;
            const auto health = HealthStatus::fromJson(reply.body, &problem);
            if (!health) {
                context.printError(QStringLiteral("invalid_reply"),
                    QStringLiteral("The server's answer was not understood: %1").arg(problem));
                return int(ExitCode::Failed);
            }
            context.printResult(health->toJson(),
                QStringLiteral("Server:   %1\nStatus:   %2\nVersion:  %3\n"
                               "Database: %4")
                    .arg(client->endpoint().baseUrl().toString(), health->status, health->version,
                        health->database));
            return int(ExitCode::Success);
        });
}

} // namespace tessera::cli
