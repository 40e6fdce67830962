#include "attestcommand.h"

#include "attest/attestoutbox.h"
#include "attest/atteststore.h"
#include "base/futurewatch.h"
#include "base/printtext.h"
#include "cardinputs.h"
#include "clicontext.h"
#include "identity/session.h"
#include "services/clientstack.h"
#include "signedinoutput.h"

#include <QJsonArray>

#include <memory>

namespace tessera::cli {

namespace {

QString inputsText(const QJsonObject &attestation)
{
    QStringList parts;
    const QJsonObject inputs = attestation.value(QStringLiteral("inputs")).toObject();
    for (auto it = inputs.begin(); it != inputs.end(); ++it)
        parts << it.key() + QLatin1Char('=') + it.value().toVariant().toString();
    return parts.join(QStringLiteral(", "));
}

QJsonObject resultJson(const QString &status, const QJsonObject &attestation, qint64 seq)
{
    return QJsonObject { { QStringLiteral("status"), status },
        { QStringLiteral("attestation"),
            attestation.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(attestation) },
        { QStringLiteral("outboxSeq"), seq } };
}

// Waits for the outbox's outcome of the answer seq and ends the command with it.
void reportOutcome(CliContext &context, AttestOutbox &outbox, qint64 seq, const Deliver &deliver)
{
    auto done = std::make_shared<bool>(false);
    QObject::connect(&outbox, &AttestOutbox::answered, &outbox,
        [&context, seq, deliver, done](qint64 sent, const QJsonObject &attestation, bool already) {
            if (sent != seq || std::exchange(*done, true))
                return;
            const QString day = attestation.value(QStringLiteral("day")).toString();
            context.printResult(
                resultJson(already ? QStringLiteral("alreadyAnswered") : QStringLiteral("answered"),
                    attestation, seq),
                already ? QStringLiteral("You answered for %1 already: %2 (this answer was not "
                                         "stored).")
                              .arg(day, inputsText(attestation))
                        : QStringLiteral("Answered for %1: %2").arg(day, inputsText(attestation)));
            deliver(ExitCode::Success);
        });
    QObject::connect(&outbox, &AttestOutbox::deferred, &outbox,
        [&context, seq, deliver, done](qint64 waiting, const QString &reason) {
            if (waiting != seq || std::exchange(*done, true))
                return;
            context.printResult(resultJson(QStringLiteral("queued"), {}, seq),
                QStringLiteral("Saved on this device, not sent yet (%1); the next tessera-cli "
                               "attest sends it again, with the same key.")
                    .arg(reason));
            deliver(ExitCode::Failed);
        });
    QObject::connect(&outbox, &AttestOutbox::refused, &outbox,
        [&context, seq, deliver, done](
            qint64 refused, const QString &code, const QString &reason, const QJsonArray &errors) {
            if (refused != seq || std::exchange(*done, true))
                return;
            if (!errors.isEmpty())
                printInvalidInputs(context, errors);
            else
                context.printError(code, QStringLiteral("The server did not take it: ") + reason);
            deliver(ExitCode::Failed);
        });
}

void submit(CliContext &context, AttestOutbox &outbox, const QJsonObject &values,
    const QString &action, const Deliver &deliver)
{
    const AttestOutbox::SubmitResult result = outbox.submit(values, action);
    switch (result.outcome) {
    case AttestOutbox::Submit::Queued:
    case AttestOutbox::Submit::AlreadyWaiting:
        reportOutcome(context, outbox, *result.seq, deliver);
        return;
    case AttestOutbox::Submit::Invalid:
        printInvalidInputs(context, inputErrorsJson(result.errors));
        break;
    case AttestOutbox::Submit::NoForm:
        context.printError(QStringLiteral("no_form"),
            QStringLiteral("There is no attestation form on this device yet: connect once."));
        break;
    case AttestOutbox::Submit::Failed:
        context.printError(QStringLiteral("local_data_unavailable"),
            QStringLiteral("The answer could not be stored on this device."));
        break;
    }
    deliver(ExitCode::Failed);
}

void show(CliContext &context, Session &session, AttestStore &store, const Deliver &deliver)
{
    const bool pending = store.pending().has_value();
    whenFinished(&session, session.get(QStringLiteral("/v1/attestations/today")),
        [&context, deliver, pending](const ApiReply &reply) {
            if (!reply.ok()) {
                context.printError(
                    reply.error.code.isEmpty() ? QStringLiteral("unreachable") : reply.error.code,
                    Session::describeFailure(reply));
                deliver(ExitCode::Failed);
                return;
            }
            QJsonObject answer = reply.body;
            answer.insert(QStringLiteral("pending"), pending);
            const QJsonObject attestation =
                reply.body.value(QStringLiteral("attestation")).toObject();
            const QString day = reply.body.value(QStringLiteral("day")).toString();
            QString text = attestation.isEmpty()
                ? QStringLiteral("Not answered for %1.").arg(day)
                : QStringLiteral("Answered for %1 at %2: %3")
                      .arg(day, attestation.value(QStringLiteral("answeredAt")).toString(),
                          inputsText(attestation));
            if (pending)
                text += QStringLiteral(" An answer waits on this device.");
            context.printResult(answer, text);
            deliver(ExitCode::Success);
        });
}

} // namespace

QFuture<int> runAttest(CliContext &context)
{
    const bool showOnly = context.isSet(QStringLiteral("show"));
    const std::optional<QJsonObject> values = setValues(context);
    if (!values)
        return QtFuture::makeReadyFuture(int(ExitCode::Usage));
    if (showOnly == !values->isEmpty()) {
        context.printError(QStringLiteral("usage"),
            QStringLiteral("attest takes --set INPUT=VALUE... (the answer) or --show."));
        return QtFuture::makeReadyFuture(int(ExitCode::Usage));
    }
    const QString action = context.value(QStringLiteral("action"));
    return whenSignedIn(
        context, [&context, showOnly, values, action](Session &session, const Deliver &deliver) {
            ClientStack::Options options;
            options.features = ClientStack::Feature::Attestations;
            options.liveStream = false;
            auto *stack = new ClientStack(session, *context.secretStore(), options, &session);
            AttestStore *store = stack->part<AttestStore>();
            AttestOutbox *outbox = stack->part<AttestOutbox>();
            if (!store->hasDatabase()) {
                context.printError(QStringLiteral("local_data_unavailable"),
                    QStringLiteral("This device's attestation data cannot be opened."));
                deliver(ExitCode::Failed);
                return;
            }
            if (showOnly) {
                show(context, session, *store, deliver);
                return;
            }
            // An answer still waiting (made offline) is the day's answer: it goes, not this one.
            if (const std::optional<AttestEntry> waiting = store->pending()) {
                reportOutcome(context, *outbox, waiting->seq, deliver);
                outbox->sendNow();
                return;
            }
            auto asked = std::make_shared<bool>(false);
            const auto proceed = [&context, outbox, values, action, deliver, asked]() {
                if (!std::exchange(*asked, true))
                    submit(context, *outbox, *values, action, deliver);
            };
            QObject::connect(outbox, &AttestOutbox::formLoaded, outbox, proceed);
            QObject::connect(outbox, &AttestOutbox::formFailed, outbox,
                [&context, proceed, deliver, asked](const QString &code, const QString &reason) {
                    if (code == u"not_found" && !std::exchange(*asked, true)) {
                        context.printError(QStringLiteral("no_form"),
                            QStringLiteral("No attestation form is defined yet."));
                        deliver(ExitCode::Failed);
                        return;
                    }
                    // Offline: the form this device has checks the answer, which waits.
                    printText(stderr,
                        qPrintable(QStringLiteral("tessera-cli: the form was not fetched (%1); "
                                                  "using this device's.\n")
                                       .arg(reason)));
                    proceed();
                });
            outbox->fetchForm();
        });
}

} // namespace tessera::cli
