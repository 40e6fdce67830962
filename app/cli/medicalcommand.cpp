#include "medicalcommand.h"

#include "base/futurewatch.h"
#include "clicontext.h"
#include "healthcommand.h"
#include "identity/session.h"
#include "signedinoutput.h"
#include "subsystemcall.h"

#include <QJsonArray>

namespace tessera::cli {

namespace {

QString pendingLine(const QJsonObject &record)
{
    const QJsonObject person = record.value(QStringLiteral("person")).toObject();
    return QStringLiteral("%1  %2 (%3, %4): %5 dose %6, %7, %8")
               .arg(record.value(QStringLiteral("id")).toString(),
                   person.value(QStringLiteral("name")).toString(),
                   person.value(QStringLiteral("department")).toString(),
                   person.value(QStringLiteral("geo")).toString(),
                   record.value(QStringLiteral("vaccineName")).toString(),
                   QString::number(record.value(QStringLiteral("dose")).toInt()),
                   record.value(QStringLiteral("date")).toString(),
                   record.value(QStringLiteral("country")).toString())
        + hc1CertificateLines(record.value(QStringLiteral("certificate")).toObject());
}

QFuture<int> decide(CliContext &context, const QString &action, const QJsonObject &body)
{
    const QString id = context.arguments().value(0);
    return whenSignedIn(
        context, [&context, id, action, body](Session &session, const Deliver &deliver) {
            whenFinished(&session,
                session.post(
                    QStringLiteral("/v1/medical/records/%1/%2").arg(pathSegment(id), action), body),
                [&context, deliver](const ApiReply &reply) {
                    const QJsonObject record = answeredRecord(context, reply);
                    if (record.isEmpty()) {
                        deliver(ExitCode::Failed);
                        return;
                    }
                    context.printResult(record,
                        QStringLiteral("%1 is %2.")
                            .arg(record.value(QStringLiteral("id")).toString(),
                                record.value(QStringLiteral("state")).toString()));
                    deliver(ExitCode::Success);
                });
        });
}

} // namespace

QFuture<int> runMedicalPending(CliContext &context)
{
    return printRecords(context, QStringLiteral("/v1/medical/pending"),
        QStringLiteral("No records wait for a decision."), pendingLine);
}

QFuture<int> runMedicalVerify(CliContext &context)
{
    return decide(context, QStringLiteral("verify"), {});
}

QFuture<int> runMedicalReject(CliContext &context)
{
    const QString comment = context.value(QStringLiteral("comment"));
    if (comment.trimmed().isEmpty()) {
        context.printError(QStringLiteral("usage"),
            QStringLiteral("medical reject needs --comment TEXT: the person reads why."));
        return QtFuture::makeReadyFuture(int(ExitCode::Usage));
    }
    return decide(
        context, QStringLiteral("reject"), QJsonObject { { QStringLiteral("comment"), comment } });
}

} // namespace tessera::cli
