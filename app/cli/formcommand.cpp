#include "formcommand.h"

#include "cardinputs.h"
#include "clicontext.h"
#include "selfservice/cataloguestore.h"
#include "selfservice/requestsstore.h"
#include "selfservice/submissionoutbox.h"
#include "selfserviceparts.h"

#include <QJsonArray>

#include <memory>

namespace tessera::cli {

namespace {

QJsonObject resultJson(const OutboxEntry &entry, const QString &status)
{
    return QJsonObject { { QStringLiteral("serviceId"), entry.serviceId },
        { QStringLiteral("submissionId"),
            entry.submissionId.isEmpty() ? QJsonValue(QJsonValue::Null)
                                         : QJsonValue(entry.submissionId) },
        { QStringLiteral("status"), status }, { QStringLiteral("outboxSeq"), entry.seq } };
}

} // namespace

QFuture<int> runForm(CliContext &context)
{
    const QString serviceId = context.arguments().value(0);
    if (serviceId.isEmpty()) {
        context.printError(QStringLiteral("usage"),
            QStringLiteral("form needs a service id (tessera-cli services lists them)."));
        return QtFuture::makeReadyFuture(int(ExitCode::Usage));
    }
    const std::optional<QJsonObject> given = setValues(context);
    if (!given)
        return QtFuture::makeReadyFuture(int(ExitCode::Usage));
    const QJsonObject &values = *given;
    const QString action = context.value(QStringLiteral("action"));
    return withSyncedSelfService(context, SelfServiceSync::Catalogue,
        [&context, serviceId, values, action](
            const SelfServiceParts &parts, bool, const std::function<void(int)> &deliver) {
            SubmissionOutbox *outbox = parts.outbox;
            const SubmissionOutbox::SubmitResult result = outbox->submit(serviceId, action, values);
            if (!result.errors.isEmpty()) {
                printInvalidInputs(context, inputErrorsJson(result.errors));
                deliver(ExitCode::Failed);
                return;
            }
            if (!result.queued()) {
                context.printError(result.refusal->code, result.refusal->message);
                deliver(ExitCode::Failed);
                return;
            }
            const qint64 seq = *result.seq;
            auto connections = std::make_shared<QList<QMetaObject::Connection>>();
            const auto done = [connections, deliver](int code) {
                for (const QMetaObject::Connection &connection : *connections)
                    QObject::disconnect(connection);
                deliver(code);
            };
            connections->append(QObject::connect(outbox, &SubmissionOutbox::submissionSent, outbox,
                [&context, outbox, seq, done](qint64 sent, const QString &id) {
                    if (sent != seq)
                        return; // an earlier run's submission
                    const OutboxEntry entry = *outbox->entry(seq);
                    context.printResult(resultJson(entry, QStringLiteral("submitted")),
                        QStringLiteral("Submitted: %1 (status submitted)").arg(id));
                    done(ExitCode::Success);
                }));
            connections->append(QObject::connect(outbox, &SubmissionOutbox::submissionFailed,
                outbox, [&context, outbox, seq, done](qint64 failed, const QString &message) {
                    if (failed != seq)
                        return;
                    const OutboxEntry entry = *outbox->entry(seq);
                    context.printError(entry.errors.isEmpty() ? QStringLiteral("refused")
                                                              : QStringLiteral("invalid_inputs"),
                        QStringLiteral("The server did not take it: %1").arg(message));
                    done(ExitCode::Failed);
                }));
            connections->append(QObject::connect(outbox, &SubmissionOutbox::submissionDeferred,
                outbox, [&context, outbox, seq, done](qint64 deferred, const QString &reason) {
                    if (deferred != seq)
                        return;
                    const OutboxEntry entry = *outbox->entry(seq);
                    context.printResult(resultJson(entry, QStringLiteral("queued")),
                        QStringLiteral("Queued on this device, not sent yet (%1); the next "
                                       "tessera-cli form sends it again, with the same key.")
                            .arg(reason));
                    done(ExitCode::Failed);
                }));
        });
}

} // namespace tessera::cli
