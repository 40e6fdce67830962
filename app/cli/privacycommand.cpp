#include "privacycommand.h"

#include "base/futurewatch.h"
#include "clicontext.h"
#include "identity/session.h"
#include "signedinoutput.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>
#include <QUuid>

namespace tessera::cli {

namespace {

// Section → its tables' rows, and the sum, from an export document.
QJsonObject rowCounts(const QJsonObject &document, qsizetype *total)
{
    QJsonObject counts;
    *total = 0;
    const QJsonObject sections = document.value(QStringLiteral("sections")).toObject();
    for (auto section = sections.begin(); section != sections.end(); ++section) {
        qsizetype rows = 0;
        const QJsonObject tables = section.value().toObject();
        for (auto table = tables.begin(); table != tables.end(); ++table)
            rows += table.value().toArray().size();
        counts.insert(section.key(), qint64(rows));
        *total += rows;
    }
    return counts;
}

// One line of a request: id, kind, state, when, the comment, and the officer's answer.
QString requestLine(const QJsonObject &request)
{
    QString line = QStringLiteral("%1  %2  %3  asked %4: %5")
                       .arg(request.value(QStringLiteral("id")).toString(),
                           request.value(QStringLiteral("kind")).toString(),
                           request.value(QStringLiteral("state")).toString(),
                           request.value(QStringLiteral("createdAt")).toString(),
                           request.value(QStringLiteral("comment")).toString());
    if (request.contains(QStringLiteral("decidedAt")))
        line += QStringLiteral("\n    decided %1")
                    .arg(request.value(QStringLiteral("decidedAt")).toString());
    if (request.contains(QStringLiteral("decisionComment")))
        line +=
            QStringLiteral(": %1").arg(request.value(QStringLiteral("decisionComment")).toString());
    return line;
}

} // namespace

QFuture<int> runPrivacyRequest(CliContext &context)
{
    const QString kind = context.arguments().value(0);
    const QString comment = context.value(QStringLiteral("comment"));
    if (kind != QStringLiteral("correction") && kind != QStringLiteral("deletion")) {
        context.printError(QStringLiteral("usage"),
            QStringLiteral("privacy request correction|deletion --comment T"));
        return QtFuture::makeReadyFuture(int(ExitCode::Usage));
    }
    if (comment.trimmed().isEmpty()) {
        context.printError(QStringLiteral("usage"),
            QStringLiteral("--comment says what to correct or why (1 to 2000 characters)."));
        return QtFuture::makeReadyFuture(int(ExitCode::Usage));
    }
    // One key for this run: a retry inside it (after a refresh) is the same request.
    const QByteArray key = QUuid::createUuid().toByteArray(QUuid::WithoutBraces);
    return whenSignedIn(
        context, [&context, kind, comment, key](Session &session, const Deliver &deliver) {
            whenFinished(&session,
                session.post(QStringLiteral("/v1/privacy/requests"),
                    QJsonObject {
                        { QStringLiteral("kind"), kind }, { QStringLiteral("comment"), comment } },
                    key),
                [&context, deliver](const ApiReply &reply) {
                    const QJsonObject request =
                        reply.body.value(QStringLiteral("request")).toObject();
                    if (!reply.ok() || request.isEmpty()) {
                        context.printError(
                            reply.ok() ? QStringLiteral("invalid_reply") : reply.error.code,
                            reply.ok() ? QStringLiteral("The server's answer was not a request.")
                                       : Session::describeFailure(reply));
                        deliver(ExitCode::Failed);
                        return;
                    }
                    context.printResult(request,
                        QStringLiteral("Sent to the privacy officers: %1")
                            .arg(requestLine(request)));
                    deliver(ExitCode::Success);
                });
        });
}

QFuture<int> runPrivacyRequests(CliContext &context)
{
    return whenSignedIn(context, [&context](Session &session, const Deliver &deliver) {
        whenFinished(&session, session.get(QStringLiteral("/v1/privacy/requests")),
            [&context, deliver](const ApiReply &reply) {
                const QJsonValue requests = reply.body.value(QStringLiteral("requests"));
                if (!reply.ok() || !requests.isArray()) {
                    context.printError(
                        reply.ok() ? QStringLiteral("invalid_reply") : reply.error.code,
                        reply.ok() ? QStringLiteral("The server's answer was not a list.")
                                   : Session::describeFailure(reply));
                    deliver(ExitCode::Failed);
                    return;
                }
                if (requests.toArray().isEmpty() && !context.json())
                    context.printResult({}, QStringLiteral("No privacy requests."));
                for (const QJsonValue request : requests.toArray())
                    context.printResult(request.toObject(), requestLine(request.toObject()));
                deliver(ExitCode::Success);
            });
    });
}

QFuture<int> runAccountDelete(CliContext &context)
{
    const std::optional<QString> password =
        CliContext::readSecret("TESSERA_PASSWORD", QStringLiteral("Password: "));
    if (!password || password->isEmpty()) {
        context.printError(QStringLiteral("usage"),
            QStringLiteral("No password: give it on standard input or in TESSERA_PASSWORD."));
        return QtFuture::makeReadyFuture(int(ExitCode::Usage));
    }
    return whenSignedIn(context, [&context, password](Session &session, const Deliver &deliver) {
        whenFinished(&session,
            session.post(QStringLiteral("/v1/me/deletion"),
                QJsonObject { { QStringLiteral("password"), *password } }),
            [&context, deliver](const ApiReply &reply) {
                if (!reply.ok()) {
                    context.printError(reply.error.code, Session::describeFailure(reply));
                    deliver(ExitCode::Failed);
                    return;
                }
                context.printResult(QJsonObject { { QStringLiteral("deleted"), true } },
                    QStringLiteral("Your account and everything the server held about you are "
                                   "deleted; you are signed out."));
                deliver(ExitCode::Success);
            });
    });
}

QFuture<int> runPrivacyExport(CliContext &context)
{
    const QString path = context.arguments().value(0);
    return whenSignedIn(context, [&context, path](Session &session, const Deliver &deliver) {
        whenFinished(&session, session.get(QStringLiteral("/v1/privacy/export")),
            [&context, deliver, path](const ApiReply &reply) {
                if (!reply.ok()) {
                    context.printError(reply.error.code, Session::describeFailure(reply));
                    deliver(ExitCode::Failed);
                    return;
                }
                if (!reply.body.value(QStringLiteral("sections")).isObject()) {
                    context.printError(QStringLiteral("invalid_reply"),
                        QStringLiteral("The server's answer was not an export."));
                    deliver(ExitCode::Failed);
                    return;
                }
                // Personal data: the owner's alone from the first byte (QSaveFile writes a
                // temporary file beside it, then renames).
                QSaveFile file(path);
                const QByteArray json = QJsonDocument(reply.body).toJson(QJsonDocument::Indented);
                if (!file.open(QIODevice::WriteOnly)
                    || !file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner)
                    || file.write(json) != json.size() || !file.commit()) {
                    context.printError(QStringLiteral("not_written"),
                        QStringLiteral("%1 could not be written (%2).")
                            .arg(path, file.errorString()));
                    deliver(ExitCode::Failed);
                    return;
                }
                qsizetype total = 0;
                const QJsonObject counts = rowCounts(reply.body, &total);
                QStringList lines {
                    QStringLiteral("Wrote your data to %1: %2 rows.").arg(path).arg(total)
                };
                for (auto it = counts.begin(); it != counts.end(); ++it)
                    lines.append(QStringLiteral("  %1: %2").arg(it.key()).arg(it.value().toInt()));
                context.printResult(QJsonObject { { QStringLiteral("file"), path },
                                        { QStringLiteral("rows"), counts } },
                    lines.join(QLatin1Char('\n')));
                deliver(ExitCode::Success);
            });
    });
}

} // namespace tessera::cli
