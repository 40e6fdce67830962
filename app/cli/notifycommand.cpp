#include "notifycommand.h"

#include "base/futurewatch.h"
#include "clicontext.h"
#include "net/apiclient.h"
#include "subsystemcall.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QPromise>

namespace tessera::cli {

namespace {

const QString commentSuffix = QStringLiteral(":comment");

} // namespace

QFuture<int> runNotify(CliContext &context)
{
    const auto usage = [&context](const QString &message) {
        context.printError(QStringLiteral("usage"), message);
        return QtFuture::makeReadyFuture(int(ExitCode::Usage));
    };
    const std::optional<QByteArray> key = subsystemKey(context, QStringLiteral("notify"));
    if (!key)
        return QtFuture::makeReadyFuture(int(ExitCode::Usage));
    QStringList to;
    const QStringList given = context.values(QStringLiteral("to"));
    for (const QString &value : given) {
        const QStringList ids = value.split(QLatin1Char(','), Qt::SkipEmptyParts);
        for (const QString &id : ids) {
            if (!id.trimmed().isEmpty())
                to.append(id.trimmed());
        }
    }
    const QString title = context.value(QStringLiteral("title"));
    const QString body = context.value(QStringLiteral("body"));
    if (to.isEmpty() || title.isEmpty() || body.isEmpty())
        return usage(QStringLiteral("notify needs --to USERID, --title and --body."));

    QJsonArray actions;
    const QStringList actionTexts = context.values(QStringLiteral("action"));
    for (const QString &text : actionTexts) {
        const qsizetype colon = text.indexOf(QLatin1Char(':'));
        if (colon <= 0)
            return usage(
                QStringLiteral("--action takes id:label or id:label:comment, not “%1”.").arg(text));
        QString label = text.mid(colon + 1);
        bool requiresComment = false;
        if (label.endsWith(commentSuffix)) {
            requiresComment = true;
            label.chop(commentSuffix.size());
        }
        if (label.isEmpty())
            return usage(QStringLiteral("--action “%1” has no label.").arg(text));
        QJsonObject action { { QStringLiteral("id"), text.left(colon) },
            { QStringLiteral("label"), label } };
        if (requiresComment)
            action.insert(QStringLiteral("requiresComment"), true);
        actions.append(action);
    }

    QJsonObject request {
        { QStringLiteral("recipients"),
            QJsonObject { { QStringLiteral("users"), QJsonArray::fromStringList(to) } } },
        { QStringLiteral("title"), title },
        { QStringLiteral("body"), body },
        { QStringLiteral("category"),
            context.value(QStringLiteral("category")).isEmpty()
                ? QStringLiteral("general")
                : context.value(QStringLiteral("category")) },
        { QStringLiteral("priority"),
            context.value(QStringLiteral("priority")).isEmpty()
                ? QStringLiteral("normal")
                : context.value(QStringLiteral("priority")) },
        { QStringLiteral("actionable"), !actions.isEmpty() },
    };
    if (!actions.isEmpty())
        request.insert(QStringLiteral("actions"), actions);
    if (!context.value(QStringLiteral("callback")).isEmpty())
        request.insert(QStringLiteral("callbackUrl"), context.value(QStringLiteral("callback")));
    if (!context.value(QStringLiteral("delivery")).isEmpty())
        request.insert(QStringLiteral("delivery"), context.value(QStringLiteral("delivery")));

    ApiClient *client = context.client();
    if (!client)
        return QtFuture::makeReadyFuture(int(ExitCode::Usage));
    // The same key on a retry (give it with --idempotency-key) makes the server answer the
    // first request's answer instead of notifying twice.
    QByteArray idempotencyKey = context.value(QStringLiteral("idempotency-key")).toLatin1();
    if (idempotencyKey.isEmpty())
        idempotencyKey = ApiClient::newIdempotencyKey();
    // The server requires a reference (it comes back with each decision's webhook). Without
    // --reference: one made from the key, so that a retry sends the very same body.
    const QString reference = context.value(QStringLiteral("reference"));
    request.insert(QStringLiteral("reference"),
        reference.isEmpty() ? QStringLiteral("cli-") + QString::fromLatin1(idempotencyKey)
                            : reference);

    auto promise = std::make_shared<QPromise<int>>();
    promise->start();
    whenFinished(client,
        client->post(QStringLiteral("/v1/notifications"), request,
            ApiClient::RequestOptions { *key, idempotencyKey }),
        [&context, promise, idempotencyKey, to](const ApiReply &reply) {
            int code = ExitCode::Success;
            if (reply.ok()) {
                QJsonObject result = reply.body;
                result.insert(
                    QStringLiteral("idempotencyKey"), QString::fromLatin1(idempotencyKey));
                const int count = reply.body.value(QStringLiteral("recipientCount")).toInt();
                context.printResult(result,
                    QStringLiteral("Sent %1 to %2 %3.")
                        .arg(reply.body.value(QStringLiteral("id")).toString())
                        .arg(count)
                        .arg(count == 1 ? QStringLiteral("person") : QStringLiteral("people")));
            } else {
                context.printError(reply.error.code, reply.describe());
                code = ExitCode::Failed;
            }
            promise->addResult(code);
            promise->finish();
        });
    return promise->future();
}

} // namespace tessera::cli
