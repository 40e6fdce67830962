#include "healthcommand.h"

#include "base/futurewatch.h"
#include "clicontext.h"
#include "identity/session.h"
#include "net/apiclient.h"
#include "signedinoutput.h"
#include "subsystemcall.h"

#include <QFile>
#include <QJsonArray>

namespace tessera::cli {

namespace {

QString signatureWords(const QString &signature)
{
    if (signature == QLatin1StringView("valid"))
        return QStringLiteral("signature valid (an issuer key verifies it)");
    if (signature == QLatin1StringView("invalid"))
        return QStringLiteral("signature invalid");
    return QStringLiteral("signature not checked");
}

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
    return line + hc1CertificateLines(certificate);
}

// The largest certificate the server takes (its route's body limit).
constexpr qint64 maxCertificateBytes = qint64(5) * 1024 * 1024;

// The Content-Type of a certificate, told by its first bytes as the server tells it; empty when
// it is none of a PNG or JPEG photo, a PDF or an HC1: code.
QByteArray certificateType(const QByteArray &bytes)
{
    if (bytes.startsWith(QByteArrayView("\x89PNG\r\n\x1a\n", 8)))
        return QByteArrayLiteral("image/png");
    if (bytes.startsWith(QByteArrayView("\xff\xd8\xff", 3)))
        return QByteArrayLiteral("image/jpeg");
    if (bytes.startsWith("%PDF-"))
        return QByteArrayLiteral("application/pdf");
    if (bytes.startsWith("HC1:"))
        return QByteArrayLiteral("text/plain");
    return {};
}

struct Certificate
{
    QByteArray bytes;
    QByteArray contentType;
};

// Sends the certificate for the record just registered, then prints the record.
void uploadCertificate(CliContext &context, Session &session, const QJsonObject &record,
    const Certificate &certificate, const Deliver &deliver)
{
    const QString id = record.value(QStringLiteral("id")).toString();
    whenFinished(&session,
        session.putBytes(QStringLiteral("/v1/health-records/%1/certificate").arg(pathSegment(id)),
            certificate.bytes, certificate.contentType),
        [&context, deliver, id](const ApiReply &reply) {
            const QJsonObject updated = reply.body.value(QStringLiteral("record")).toObject();
            if (!reply.ok() || updated.isEmpty()) {
                context.printError(reply.ok() ? QStringLiteral("invalid_reply") : reply.error.code,
                    QStringLiteral("The dose %1 is registered, but its certificate was not: %2")
                        .arg(id,
                            reply.ok() ? QStringLiteral("the answer was not a record.")
                                       : Session::describeFailure(reply)));
                deliver(ExitCode::Failed);
                return;
            }
            context.printResult(updated,
                QStringLiteral("Registered: %1 (the medical staff will verify it).")
                    .arg(recordLine(updated)));
            deliver(ExitCode::Success);
        });
}

} // namespace

QString hc1CertificateLines(const QJsonObject &certificate)
{
    if (certificate.value(QStringLiteral("kind")).toString() != QLatin1StringView("hc1"))
        return {};
    const auto text = [](const QJsonObject &object, const char *key) {
        return object.value(QLatin1StringView(key)).toString();
    };
    QString lines =
        QStringLiteral("\n    HC1: %1").arg(signatureWords(text(certificate, "signature")));
    const QJsonObject fields = certificate.value(QStringLiteral("fields")).toObject();
    if (fields.isEmpty())
        return lines;
    const QString born = text(fields, "dateOfBirth");
    lines += QStringLiteral("\n    Name: %1, %2%3")
                 .arg(text(fields, "familyName"), text(fields, "givenName"),
                     born.isEmpty() ? QString() : QStringLiteral(", born %1").arg(born));
    for (const QJsonValue value : fields.value(QStringLiteral("vaccinations")).toArray()) {
        const QJsonObject dose = value.toObject();
        lines += QStringLiteral("\n    Dose %1/%2 of %3 on %4 in %5, issued by %6")
                     .arg(QString::number(dose.value(QStringLiteral("dose")).toInt()),
                         QString::number(dose.value(QStringLiteral("doses")).toInt()),
                         text(dose, "product"), text(dose, "date"), text(dose, "country"),
                         text(dose, "issuer"));
    }
    return lines;
}

QJsonObject answeredRecord(CliContext &context, const ApiReply &reply)
{
    QJsonObject record = reply.body.value(QStringLiteral("record")).toObject();
    if (!reply.ok() || record.isEmpty()) {
        context.printError(reply.ok() ? QStringLiteral("invalid_reply") : reply.error.code,
            reply.ok() ? QStringLiteral("The server's answer was not a record.")
                       : Session::describeFailure(reply));
        return {};
    }
    return record;
}

QFuture<int> printRecords(CliContext &context, const QString &path, const QString &empty,
    const std::function<QString(const QJsonObject &)> &line)
{
    return whenSignedIn(
        context, [&context, path, empty, line](Session &session, const Deliver &deliver) {
            whenFinished(&session, session.get(path),
                [&context, deliver, empty, line](const ApiReply &reply) {
                    const QJsonValue records = reply.body.value(QStringLiteral("records"));
                    if (!reply.ok() || !records.isArray()) {
                        context.printError(
                            reply.ok() ? QStringLiteral("invalid_reply") : reply.error.code,
                            reply.ok()
                                ? QStringLiteral("The server's answer was not a record list.")
                                : Session::describeFailure(reply));
                        deliver(ExitCode::Failed);
                        return;
                    }
                    if (records.toArray().isEmpty() && !context.json())
                        context.printResult({}, empty);
                    for (const QJsonValue record : records.toArray())
                        context.printResult(record.toObject(), line(record.toObject()));
                    deliver(ExitCode::Success);
                });
        });
}

QFuture<int> runHealth(CliContext &context)
{
    return printRecords(context, QStringLiteral("/v1/health-records"),
        QStringLiteral("No health records."), recordLine);
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
    // The certificate is read and told first: nothing is registered for a file the server would
    // refuse.
    Certificate certificate;
    const QString path = context.value(QStringLiteral("certificate"));
    if (!path.isEmpty()) {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly) || file.size() > maxCertificateBytes) {
            context.printError(QStringLiteral("bad_certificate"),
                file.isOpen() ? QStringLiteral("%1 is over 5 MiB.").arg(path)
                              : QStringLiteral("%1 cannot be read.").arg(path));
            return QtFuture::makeReadyFuture(int(ExitCode::Failed));
        }
        certificate.bytes = file.readAll();
        certificate.contentType = certificateType(certificate.bytes);
        if (certificate.contentType.isEmpty()) {
            context.printError(QStringLiteral("bad_certificate"),
                QStringLiteral("%1 is not a PNG or JPEG photo, a PDF or an HC1: code.").arg(path));
            return QtFuture::makeReadyFuture(int(ExitCode::Failed));
        }
    }
    // The server checks every field (vaccine list, dose range, no future date, country code).
    const QJsonObject body { { QStringLiteral("vaccine"),
                                 context.value(QStringLiteral("vaccine")) },
        { QStringLiteral("dose"), dose },
        { QStringLiteral("date"), context.value(QStringLiteral("date")) },
        { QStringLiteral("country"), context.value(QStringLiteral("country")) } };
    return whenSignedIn(
        context, [&context, body, certificate](Session &session, const Deliver &deliver) {
            whenFinished(&session,
                session.post(
                    QStringLiteral("/v1/health-records"), body, ApiClient::newIdempotencyKey()),
                [&context, &session, deliver, certificate](const ApiReply &reply) {
                    const QJsonObject record = answeredRecord(context, reply);
                    if (record.isEmpty()) {
                        deliver(ExitCode::Failed);
                        return;
                    }
                    if (!certificate.bytes.isEmpty()) {
                        uploadCertificate(context, session, record, certificate, deliver);
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
