#include "healthcommand.h"

#include "base/futurewatch.h"
#include "clicontext.h"
#include "identity/session.h"
#include "net/apiclient.h"
#include "signedinoutput.h"

#include <QJsonArray>

namespace tessera::cli {

namespace {

QString recordLine(const QJsonObject &record)
{
    QString line = QStringLiteral("%1  %2 dose %3, %4, %5: %6")
                       .arg(record.value(QStringLiteral("id")).toString(),
                           record.value(QStringLiteral("vaccineName")).toString(),
                           QString::number(record.value(QStringLiteral("dose")).toInt()),
                           record.value(QStringLiteral("date")).toString(),
                           record.value(QStringLiteral("country")).toString(),
                           record.value(QStringLiteral("state")).toString());
    const QString reason = record.value(QStringLiteral("reason")).toString();
    if (!reason.isEmpty())
        line += QStringLiteral(" (%1)").arg(reason);
    const QJsonObject certificate = record.value(QStringLiteral("certificate")).toObject();
    if (!certificate.isEmpty())
        line += QStringLiteral(", certificate: %1")
                    .arg(certificate.value(QStringLiteral("kind")).toString());
    return line;
}

} // namespace

QFuture<int> runHealth(CliContext &context)
{
    return whenSignedIn(context, [&context](Session &session, const Deliver &deliver) {
        whenFinished(&session, session.get(QStringLiteral("/v1/health-records")),
            [&context, deliver](const ApiReply &reply) {
                const QJsonValue records = reply.body.value(QStringLiteral("records"));
                if (!reply.ok() || !records.isArray()) {
                    context.printError(
                        reply.ok() ? QStringLiteral("invalid_reply") : reply.error.code,
                        reply.ok() ? QStringLiteral("The server's answer was not a record list.")
                                   : Session::describeFailure(reply));
                    deliver(ExitCode::Failed);
                    return;
                }
                if (records.toArray().isEmpty() && !context.json())
                    context.printResult({}, QStringLiteral("No health records."));
                for (const QJsonValue record : records.toArray())
                    context.printResult(record.toObject(), recordLine(record.toObject()));
                deliver(ExitCode::Success);
            });
    });
}

QFuture<int> runHealthAdd(CliContext &context)
{
    bool isNumber = false;
    const int dose = context.value(QStringLiteral("dose")).toInt(&isNumber);
    if (!isNumber || context.value(QStringLiteral("vaccine")).isEmpty()
        || context.value(QStringLiteral("date")).isEmpty()
        || context.value(QStringLiteral("country")).isEmpty()) {
        context.printError(QStringLiteral("usage"),
            QStringLiteral("health add needs --vaccine CODE --dose N --date YYYY-MM-DD"
                           " --country CC."));
        return QtFuture::makeReadyFuture(int(ExitCode::Usage));
    }
    // The server checks every field (vaccine list, dose range, no future date, country code).
    const QJsonObject body { { QStringLiteral("vaccine"),
                                 context.value(QStringLiteral("vaccine")) },
        { QStringLiteral("dose"), dose },
        { QStringLiteral("date"), context.value(QStringLiteral("date")) },
        { QStringLiteral("country"), context.value(QStringLiteral("country")) } };
    return whenSignedIn(context, [&context, body](Session &session, const Deliver &deliver) {
        whenFinished(&session,
            session.post(
                QStringLiteral("/v1/health-records"), body, ApiClient::newIdempotencyKey()),
            [&context, deliver](const ApiReply &reply) {
                const QJsonObject record = reply.body.value(QStringLiteral("record")).toObject();
                if (!reply.ok() || record.isEmpty()) {
                    context.printError(
                        reply.ok() ? QStringLiteral("invalid_reply") : reply.error.code,
                        reply.ok() ? QStringLiteral("The server's answer was not a record.")
                                   : Session::describeFailure(reply));
                    deliver(ExitCode::Failed);
                    return;
                }
                context.printResult(record,
                    QStringLiteral("Registered: %1 (the medical staff will verify it).")
                        .arg(recordLine(record)));
                deliver(ExitCode::Success);
            });
    });
}

} // namespace tessera::cli
