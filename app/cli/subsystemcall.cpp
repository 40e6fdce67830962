#include "subsystemcall.h"

#include "base/futurewatch.h"
#include "base/printtext.h"
#include "clicontext.h"
#include "net/apiclient.h"

#include <QFile>
#include <QPromise>
#include <QUrl>

#include <cstdio>

namespace tessera::cli {

std::optional<QByteArray> subsystemKey(CliContext &context, const QString &command)
{
    const QString file = context.value(QStringLiteral("api-key-file"));
    QByteArray key;
    if (!file.isEmpty()) {
        QFile keyFile(file);
        if (!keyFile.open(QIODevice::ReadOnly)) {
            context.printError(QStringLiteral("usage"),
                QStringLiteral("Cannot read the API key file %1: %2.")
                    .arg(file, keyFile.errorString()));
            return std::nullopt;
        }
        key = keyFile.readLine(4096).trimmed();
    } else if (!context.value(QStringLiteral("key")).isEmpty()) {
        printText(stderr,
            "tessera-cli: warning: --key shows the API key to other users of this machine "
            "(process list); prefer --api-key-file FILE or TESSERA_API_KEY.\n");
        key = context.value(QStringLiteral("key")).toLatin1();
    } else {
        key = qEnvironmentVariable("TESSERA_API_KEY").toLatin1().trimmed();
    }
    if (key.isEmpty()) {
        context.printError(QStringLiteral("usage"),
            QStringLiteral("%1 needs the sub-system's API key: --api-key-file FILE or "
                           "TESSERA_API_KEY.")
                .arg(command));
        return std::nullopt;
    }
    return key;
}

QFuture<int> callAsSubsystem(CliContext &context, const QString &command, SubsystemMethod method,
    const QString &path, const QJsonObject &body,
    const std::function<QString(const QJsonObject &)> &human,
    const std::function<bool(const QJsonObject &)> &succeeded)
{
    const std::optional<QByteArray> key = subsystemKey(context, command);
    if (!key)
        return QtFuture::makeReadyFuture(int(ExitCode::Usage));
    ApiClient *client = context.client();
    if (!client)
        return QtFuture::makeReadyFuture(int(ExitCode::Usage));
    // A new key for each POST: the ones called here (redeliver, ping) may be sent again.
    const ApiClient::RequestOptions options { *key,
        method == SubsystemMethod::Post ? ApiClient::newIdempotencyKey() : QByteArray() };
    QFuture<ApiReply> reply;
    switch (method) {
    case SubsystemMethod::Get:
        reply = client->get(path, options);
        break;
    case SubsystemMethod::Post:
        reply = client->post(path, body, options);
        break;
    case SubsystemMethod::Delete:
        reply = client->deleteResource(path, options);
        break;
    }
    auto promise = std::make_shared<QPromise<int>>();
    promise->start();
    whenFinished(client, reply, [&context, promise, human, succeeded](const ApiReply &answer) {
        int code = ExitCode::Success;
        if (answer.ok()) {
            context.printResult(answer.body, human(answer.body));
            if (succeeded && !succeeded(answer.body))
                code = ExitCode::Failed;
        } else {
            QString message = answer.describe();
            if (answer.retryAfterSeconds >= 0)
                message += QStringLiteral(" (Retry after %1 s.)").arg(answer.retryAfterSeconds);
            context.printError(answer.error.code, message);
            code = ExitCode::Failed;
        }
        promise->addResult(code);
        promise->finish();
    });
    return promise->future();
}

QString pathSegment(const QString &id)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(id));
}

} // namespace tessera::cli
