#include "base/futurewatch.h"
#include "clicontext.h"
#include "net/apiclient.h"
#include "subsystemcall.h"
#include "surveyscommand.h"

#include <QFile>
#include <QJsonArray>
#include <QPromise>
#include <QSaveFile>

#include <memory>

namespace tessera::cli {

namespace {

QString number(double value)
{
    return QString::number(value, 'g', 4);
}

// name: n lines of a {value: n} object, in the server's order of keys.
QStringList countLines(const QJsonObject &counts)
{
    QStringList lines;
    for (auto it = counts.constBegin(); it != counts.constEnd(); ++it)
        lines << QStringLiteral("    %1: %2").arg(it.key(), number(it->toDouble()));
    return lines;
}

QString resultsText(const QJsonObject &results)
{
    const double audience = results.value(QStringLiteral("audience")).toDouble();
    const double answered = results.value(QStringLiteral("answered")).toDouble();
    const double rate = results.value(QStringLiteral("responseRate")).toDouble();
    QStringList lines {
        QStringLiteral("%1 (%2, %3): %4 of %5 answered (%6%)")
            .arg(results.value(QStringLiteral("id")).toString(),
                results.value(QStringLiteral("anonymous")).toBool() ? QStringLiteral("anonymous")
                                                                    : QStringLiteral("named"),
                results.value(QStringLiteral("closed")).toBool() ? QStringLiteral("closed")
                                                                 : QStringLiteral("open"),
                number(answered), number(audience), number(rate * 100))
    };
    const QJsonArray inputs = results.value(QStringLiteral("inputs")).toArray();
    for (const auto &value : inputs) {
        const QJsonObject input = value.toObject();
        const QString type = input.value(QStringLiteral("type")).toString();
        QString head = QStringLiteral("%1 — %2 (%3)")
                           .arg(input.value(QStringLiteral("id")).toString(),
                               input.value(QStringLiteral("label")).toString(), type);
        const QJsonValue average = input.value(QStringLiteral("average"));
        if (average.isDouble())
            head += QStringLiteral(": average %1").arg(number(average.toDouble()));
        lines << head;
        lines << countLines(input.value(QStringLiteral("counts")).toObject());
        lines << countLines(input.value(QStringLiteral("distribution")).toObject());
        if (input.value(QStringLiteral("textsHidden")).toBool())
            lines << QStringLiteral("    (the answers' texts are shown from 5 answers on)");
        const QJsonArray texts = input.value(QStringLiteral("texts")).toArray();
        for (const auto &text : texts)
            lines << QStringLiteral("    - %1").arg(text.toString());
    }
    return lines.join(QLatin1Char('\n'));
}

} // namespace

QFuture<int> runSurveyResults(CliContext &context)
{
    const QString id = context.arguments().value(0);
    if (id.isEmpty()) {
        context.printError(
            QStringLiteral("usage"), QStringLiteral("survey results needs a survey id."));
        return QtFuture::makeReadyFuture(int(ExitCode::Usage));
    }
    const QString base = QStringLiteral("/v1/subsystem/surveys/%1/results").arg(pathSegment(id));
    const QString csvFile = context.value(QStringLiteral("csv"));
    if (csvFile.isEmpty())
        return callAsSubsystem(
            context, QStringLiteral("survey results"), SubsystemMethod::Get, base, {}, resultsText);
    const std::optional<QByteArray> key = subsystemKey(context, QStringLiteral("survey results"));
    ApiClient *client = context.client();
    if (!key || !client)
        return QtFuture::makeReadyFuture(int(ExitCode::Usage));
    // The CSV first: written to FILE only when the server gave it; then the results printed.
    auto promise = std::make_shared<QPromise<int>>();
    promise->start();
    whenFinished(client, client->getBytes(base + QStringLiteral(".csv"), { *key, {} }),
        [&context, promise, base, csvFile, client, key](const ApiReply &answer) {
            const auto finish = [promise](int code) {
                promise->addResult(code);
                promise->finish();
            };
            if (!answer.ok()) {
                context.printError(answer.error.code, answer.describe());
                finish(ExitCode::Failed);
                return;
            }
            QSaveFile file(csvFile);
            if (!file.open(QIODevice::WriteOnly) || file.write(answer.bytes) != answer.bytes.size()
                || !file.commit()) {
                context.printError(QStringLiteral("file_not_written"),
                    QStringLiteral("The results could not be written to %1.").arg(csvFile));
                finish(ExitCode::Failed);
                return;
            }
            whenFinished(client, client->get(base, { *key, {} }),
                [&context, finish, csvFile](const ApiReply &results) {
                    if (!results.ok()) {
                        context.printError(results.error.code, results.describe());
                        finish(ExitCode::Failed);
                        return;
                    }
                    context.printResult(results.body,
                        resultsText(results.body)
                            + QStringLiteral("\nThe answers as CSV: %1").arg(csvFile));
                    finish(ExitCode::Success);
                });
        });
    return promise->future();
}

} // namespace tessera::cli
