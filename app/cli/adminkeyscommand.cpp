#include "adminkeyscommand.h"

#include "base/futurewatch.h"
#include "clicontext.h"
#include "identity/session.h"
#include "signedinoutput.h"

#include <QJsonArray>
#include <QUrl>
#include <QUrlQuery>

#include <functional>
#include <memory>

namespace tessera::cli {

namespace {

// Pages the list asks for; a server with more keys than this many pages is cut short, said.
constexpr int maxPages = 50;

QString orDash(const QJsonValue &value)
{
    return value.toString().isEmpty() ? QStringLiteral("-") : value.toString();
}

// "a, b" of a JSON array of strings; "-" when empty.
QString listText(const QJsonValue &array)
{
    QStringList items;
    for (const auto &item : array.toArray())
        items.append(item.toString());
    return items.isEmpty() ? QStringLiteral("-") : items.join(QStringLiteral(", "));
}

// --scopes a,b (or another option's) as a JSON array (empty items dropped).
QJsonArray listOption(const CliContext &context, const QString &option = QStringLiteral("scopes"))
{
    QJsonArray items;
    for (const QString &item : context.value(option).split(QLatin1Char(','), Qt::SkipEmptyParts))
        items.append(item.trimmed());
    return items;
}

QString keyLine(const QJsonObject &key)
{
    QString line = QStringLiteral("%1  %2  %3  created %4")
                       .arg(key.value(QStringLiteral("id")).toString(),
                           key.value(QStringLiteral("subsystem")).toString(),
                           key.value(QStringLiteral("state")).toString(),
                           key.value(QStringLiteral("createdAt")).toString());
    if (!key.value(QStringLiteral("rotatedAt")).isNull())
        line += QStringLiteral("  rotated %1").arg(orDash(key.value(QStringLiteral("rotatedAt"))));
    if (!key.value(QStringLiteral("overlapEndsAt")).isNull())
        line += QStringLiteral("  old key until %1")
                    .arg(orDash(key.value(QStringLiteral("overlapEndsAt"))));
    if (!key.value(QStringLiteral("revokedAt")).isNull())
        line += QStringLiteral("  revoked %1").arg(orDash(key.value(QStringLiteral("revokedAt"))));
    return line
        + QStringLiteral("\n    callbacks: %1\n    scopes: %2\n    card hosts: %3")
              .arg(listText(key.value(QStringLiteral("callbackPrefixes"))),
                  listText(key.value(QStringLiteral("scopes"))),
                  listText(key.value(QStringLiteral("cardHosts"))));
}

// A new key and secret (made or rotated): printed once, with what to do with them.
QString secretsText(const QJsonObject &answer)
{
    QString text = QStringLiteral("API key id:      %1\nSub-system:      %2\nAPI key:         %3\n"
                                  "Webhook secret:  %4\nScopes:          %5\n")
                       .arg(answer.value(QStringLiteral("id")).toString(),
                           answer.value(QStringLiteral("subsystem")).toString(),
                           answer.value(QStringLiteral("key")).toString(),
                           answer.value(QStringLiteral("webhookSecret")).toString(),
                           listText(answer.value(QStringLiteral("scopes"))));
    if (answer.contains(QStringLiteral("overlapEndsAt")))
        text += answer.value(QStringLiteral("overlapEndsAt")).isNull()
            ? QStringLiteral("The old key and secret stopped at once.\n")
            : QStringLiteral("The old key works and the old secret signs until %1.\n")
                  .arg(answer.value(QStringLiteral("overlapEndsAt")).toString());
    return text
        + QStringLiteral("They are shown only now: give them to the sub-system's operator.");
}

// Calls the server as the signed-in admin; prints a refusal, or hands the answer to done.
QFuture<int> callAsAdmin(CliContext &context,
    std::function<QFuture<ApiReply>(Session &session)> call,
    std::function<void(const QJsonObject &answer)> done)
{
    return whenSignedIn(context,
        [&context, call = std::move(call), done = std::move(done)](
            Session &session, const Deliver &deliver) {
            whenFinished(&session, call(session), [&context, deliver, done](const ApiReply &reply) {
                if (!reply.ok()) {
                    context.printError(reply.error.code, Session::describeFailure(reply));
                    deliver(ExitCode::Failed);
                    return;
                }
                done(reply.body);
                deliver(ExitCode::Success);
            });
        });
}

QFuture<int> usage(CliContext &context, const QString &message)
{
    context.printError(QStringLiteral("usage"), message);
    return QtFuture::makeReadyFuture(int(ExitCode::Usage));
}

} // namespace

QFuture<int> runAdminKeysList(CliContext &context)
{
    return whenSignedIn(context, [&context](Session &session, const Deliver &deliver) {
        // One page after the other, until the server says there are no more.
        auto fetch = std::make_shared<std::function<void(const QString &, int)>>();
        *fetch = [&context, &session, deliver, weak = std::weak_ptr(fetch)](
                     const QString &cursor, int page) {
            QUrlQuery query;
            query.addQueryItem(QStringLiteral("limit"), QStringLiteral("200"));
            if (!cursor.isEmpty())
                query.addQueryItem(QStringLiteral("cursor"), cursor);
            // The answer's handler holds the function while its page is under way.
            whenFinished(&session,
                session.get(
                    QStringLiteral("/v1/admin/api-keys?") + query.toString(QUrl::FullyEncoded)),
                [&context, deliver, next = weak.lock(), page](const ApiReply &reply) {
                    if (!reply.ok()) {
                        context.printError(reply.error.code, Session::describeFailure(reply));
                        deliver(ExitCode::Failed);
                        return;
                    }
                    for (const auto &key : reply.body.value(QStringLiteral("keys")).toArray())
                        context.printResult(key.toObject(), keyLine(key.toObject()));
                    if (!reply.body.value(QStringLiteral("hasMore")).toBool() || !next) {
                        deliver(ExitCode::Success);
                        return;
                    }
                    if (page + 1 >= maxPages) {
                        context.printError(QStringLiteral("too_many_keys"),
                            QStringLiteral("More keys than %1 pages: the list is cut short.")
                                .arg(maxPages));
                        deliver(ExitCode::Failed);
                        return;
                    }
                    (*next)(reply.body.value(QStringLiteral("cursor")).toString(), page + 1);
                });
        };
        (*fetch)(QString(), 0);
    });
}

QFuture<int> runAdminKeysCreate(CliContext &context)
{
    const QString subsystem = context.value(QStringLiteral("subsystem"));
    if (subsystem.isEmpty())
        return usage(context,
            QStringLiteral("admin keys create needs --subsystem NAME (and --callback-prefix URL "
                           "for each place its webhooks may go)."));
    QJsonObject body {
        { QStringLiteral("subsystem"), subsystem },
        { QStringLiteral("callbackPrefixes"),
            QJsonArray::fromStringList(context.values(QStringLiteral("callback-prefix"))) },
    };
    // Without --scopes the server gives every scope; an empty one is the server's to refuse.
    if (context.isSet(QStringLiteral("scopes")))
        body.insert(QStringLiteral("scopes"), listOption(context));
    return callAsAdmin(
        context,
        [body](
            Session &session) { return session.post(QStringLiteral("/v1/admin/api-keys"), body); },
        [&context](
            const QJsonObject &answer) { context.printResult(answer, secretsText(answer)); });
}

QFuture<int> runAdminKeysRotate(CliContext &context)
{
    const QString id = context.arguments().value(0);
    QJsonObject body;
    if (context.isSet(QStringLiteral("overlap"))) {
        bool ok = false;
        const qint64 seconds = context.value(QStringLiteral("overlap")).toLongLong(&ok);
        if (!ok || seconds < 0 || seconds > qint64(7) * 86400)
            return usage(context,
                QStringLiteral(
                    "--overlap is a whole number of seconds from 0 to 604800 (7 days)."));
        body.insert(QStringLiteral("overlapSeconds"), seconds);
    }
    if (context.isSet(QStringLiteral("force")))
        body.insert(QStringLiteral("force"), true);
    return callAsAdmin(
        context,
        [id, body](Session &session) {
            return session.post(QStringLiteral("/v1/admin/api-keys/%1/rotate")
                                    .arg(QString::fromLatin1(QUrl::toPercentEncoding(id))),
                body);
        },
        [&context](
            const QJsonObject &answer) { context.printResult(answer, secretsText(answer)); });
}

QFuture<int> runAdminKeysRevoke(CliContext &context)
{
    const QString id = context.arguments().value(0);
    return callAsAdmin(
        context,
        [id](Session &session) {
            return session.post(QStringLiteral("/v1/admin/api-keys/%1/revoke")
                                    .arg(QString::fromLatin1(QUrl::toPercentEncoding(id))),
                QJsonObject());
        },
        [&context](const QJsonObject &answer) {
            context.printResult(answer,
                QStringLiteral("API key %1 revoked at %2: it no longer works.")
                    .arg(answer.value(QStringLiteral("id")).toString(),
                        answer.value(QStringLiteral("revokedAt")).toString()));
        });
}

QFuture<int> runAdminKeysScopes(CliContext &context)
{
    const QString id = context.arguments().value(0);
    if (!context.isSet(QStringLiteral("scopes")))
        return usage(context,
            QStringLiteral("admin keys scopes needs --scopes S,S... (notifications:write, "
                           "notifications:read, events:read, deliveries:read, deliveries:write, "
                           "cards:write, services:write, submissions:read, news:write, "
                           "events:write)."));
    const QJsonObject body { { QStringLiteral("scopes"), listOption(context) } };
    return callAsAdmin(
        context,
        [id, body](Session &session) {
            return session.post(QStringLiteral("/v1/admin/api-keys/%1/scopes")
                                    .arg(QString::fromLatin1(QUrl::toPercentEncoding(id))),
                body);
        },
        [&context](const QJsonObject &answer) {
            context.printResult(answer,
                QStringLiteral("API key %1 (%2) now has the scopes: %3. Its next request is held "
                               "to them.")
                    .arg(answer.value(QStringLiteral("id")).toString(),
                        answer.value(QStringLiteral("subsystem")).toString(),
                        listText(answer.value(QStringLiteral("scopes")))));
        });
}

QFuture<int> runAdminKeysCardHosts(CliContext &context)
{
    const QString id = context.arguments().value(0);
    if (!context.isSet(QStringLiteral("hosts")))
        return usage(context,
            QStringLiteral("admin keys card-hosts needs --hosts H,H... (host names; an empty "
                           "value allows none)."));
    const QJsonObject body { { QStringLiteral("hosts"),
        listOption(context, QStringLiteral("hosts")) } };
    return callAsAdmin(
        context,
        [id, body](Session &session) {
            return session.post(QStringLiteral("/v1/admin/api-keys/%1/card-hosts")
                                    .arg(QString::fromLatin1(QUrl::toPercentEncoding(id))),
                body);
        },
        [&context](const QJsonObject &answer) {
            context.printResult(answer,
                QStringLiteral("API key %1 (%2): its cards may now link to: %3.")
                    .arg(answer.value(QStringLiteral("id")).toString(),
                        answer.value(QStringLiteral("subsystem")).toString(),
                        listText(answer.value(QStringLiteral("cardHosts")))));
        });
}

} // namespace tessera::cli
