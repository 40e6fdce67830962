#include "privacycommand.h"

#include "base/futurewatch.h"
#include "clicontext.h"
#include "identity/session.h"
#include "signedinoutput.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>

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

} // namespace

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
