#include "newspostcommand.h"

#include "base/futurewatch.h"
#include "clicontext.h"
#include "identity/session.h"
#include "signedinoutput.h"
#include "subsystemcall.h"

#include <QFile>
#include <QJsonDocument>

#include <functional>
#include <optional>
#include <utility>

namespace tessera::cli {

namespace {

// The largest body file read: the server takes at most 32768 characters of body.
constexpr qint64 maxBodyFileBytes = qint64(256) * 1024;

QString postPath(const QString &postId, const QString &tail = {})
{
    return QStringLiteral("/v1/news/posts/") + pathSegment(postId) + tail;
}

// The server's refusal in words: 403 is the missing role, 422 names the field's path.
void printFailure(CliContext &context, const ApiReply &reply)
{
    if (reply.httpStatus == 403) {
        context.printError(QStringLiteral("forbidden"),
            QStringLiteral("You do not have the publisher role (an admin grants it)."));
        return;
    }
    if (reply.httpStatus == 422) {
        const QString path = reply.body.value(QStringLiteral("path")).toString();
        context.printError(reply.error.code,
            path.isEmpty() ? reply.error.message
                           : QStringLiteral("%1: %2").arg(path, reply.error.message));
        return;
    }
    if (reply.httpStatus == 404) {
        context.printError(
            QStringLiteral("not_found"), QStringLiteral("You have no post with that id."));
        return;
    }
    context.printError(reply.error.code.isEmpty() ? QStringLiteral("failed") : reply.error.code,
        Session::describeFailure(reply));
}

// Sends call as the signed-in person; on success prints human(answer) (or the answer as JSON;
// noContent for an answer without a body).
QFuture<int> callAsPublisher(CliContext &context,
    const std::function<QFuture<ApiReply>(Session &)> &call,
    const std::function<QString(const QJsonObject &)> &human, const QJsonObject &noContent = {})
{
    return whenSignedIn(
        context, [&context, call, human, noContent](Session &session, const Deliver &deliver) {
            whenFinished(&session, call(session),
                [&context, deliver, human, noContent](const ApiReply &reply) {
                    if (!reply.ok()) {
                        printFailure(context, reply);
                        deliver(ExitCode::Failed);
                        return;
                    }
                    const QJsonObject answer = reply.body.isEmpty() ? noContent : reply.body;
                    context.printResult(answer, human(answer));
                    deliver(ExitCode::Success);
                });
        });
}

// The post's body from the options; nullopt after printing what is wrong.
std::optional<QJsonObject> postBody(CliContext &context)
{
    const auto fail = [&context](const QString &message) {
        context.printError(QStringLiteral("usage"), message);
        return std::optional<QJsonObject>();
    };
    const QString title = context.value(QStringLiteral("title"));
    if (title.isEmpty())
        return fail(QStringLiteral("news post needs --title TEXT."));
    QJsonObject body { { QStringLiteral("title"), title } };
    const bool hasBody = !context.values(QStringLiteral("body")).isEmpty();
    const QString bodyFile = context.value(QStringLiteral("body-file"));
    if (hasBody && !bodyFile.isEmpty())
        return fail(QStringLiteral("Give the body with --body or --body-file, not both."));
    if (hasBody)
        body.insert(QStringLiteral("body"), context.value(QStringLiteral("body")));
    if (!bodyFile.isEmpty()) {
        QFile file(bodyFile);
        if (!file.open(QIODevice::ReadOnly) || file.size() > maxBodyFileBytes)
            return fail(QStringLiteral("Cannot read the body file %1 (at most %2 KiB).")
                            .arg(bodyFile)
                            .arg(maxBodyFileBytes / 1024));
        body.insert(QStringLiteral("body"), QString::fromUtf8(file.readAll()));
    }
    const bool everyone = context.isSet(QStringLiteral("everyone"));
    const QString audienceJson = context.value(QStringLiteral("audience-json"));
    if (everyone == !audienceJson.isEmpty())
        return fail(QStringLiteral("news post needs --everyone or --audience-json JSON (one)."));
    if (everyone) {
        body.insert(
            QStringLiteral("audience"), QJsonObject { { QStringLiteral("everyone"), true } });
    } else {
        const QJsonDocument audience = QJsonDocument::fromJson(audienceJson.toUtf8());
        if (!audience.isObject())
            return fail(QStringLiteral("--audience-json is a JSON object such as "
                                       "{\"departments\":[\"Operations\"]}."));
        body.insert(QStringLiteral("audience"), audience.object());
    }
    for (const auto &[option, field] : {
             std::pair { QStringLiteral("summary"), QStringLiteral("summary") },
             std::pair { QStringLiteral("category"), QStringLiteral("category") },
             std::pair { QStringLiteral("publish-at"), QStringLiteral("publishAt") },
             std::pair { QStringLiteral("expires-at"), QStringLiteral("expiresAt") },
         }) {
        if (!context.values(option).isEmpty())
            body.insert(field, context.value(option));
    }
    if (context.isSet(QStringLiteral("pinned")))
        body.insert(QStringLiteral("pinned"), true);
    return body;
}

} // namespace

QFuture<int> runNewsPost(CliContext &context)
{
    const QString postId = context.arguments().value(0);
    const std::optional<QJsonObject> body = postBody(context);
    if (!body)
        return QtFuture::makeReadyFuture(int(ExitCode::Usage));
    return callAsPublisher(
        context,
        [postId, body = *body](Session &session) { return session.put(postPath(postId), body); },
        [](const QJsonObject &answer) {
            const bool scheduled =
                answer.value(QStringLiteral("state")).toString() == QLatin1String("scheduled");
            return QStringLiteral("%1 %2 (%3, version %4)%5")
                .arg(scheduled ? QStringLiteral("Scheduled") : QStringLiteral("Published"),
                    answer.value(QStringLiteral("postId")).toString(),
                    answer.value(QStringLiteral("id")).toString())
                .arg(answer.value(QStringLiteral("version")).toInt())
                .arg(scheduled ? QStringLiteral(" for ")
                            + answer.value(QStringLiteral("publishAt")).toString()
                               : QString());
        });
}

QFuture<int> runNewsWithdraw(CliContext &context)
{
    const QString postId = context.arguments().value(0);
    return callAsPublisher(
        context, [postId](Session &session) { return session.deleteResource(postPath(postId)); },
        [postId](const QJsonObject &) {
            return QStringLiteral("Withdrew %1 from every feed.").arg(postId);
        },
        QJsonObject {
            { QStringLiteral("postId"), postId }, { QStringLiteral("withdrawn"), true } });
}

QFuture<int> runNewsStats(CliContext &context)
{
    const QString postId = context.arguments().value(0);
    return callAsPublisher(
        context,
        [postId](
            Session &session) { return session.get(postPath(postId, QStringLiteral("/stats"))); },
        [postId](const QJsonObject &answer) {
            return QStringLiteral("%1: delivered to %2, read by %3")
                .arg(postId)
                .arg(answer.value(QStringLiteral("audience")).toInteger())
                .arg(answer.value(QStringLiteral("read")).toInteger());
        });
}

} // namespace tessera::cli
