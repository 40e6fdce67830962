#include "decidecommand.h"

#include "cardinputs.h"
#include "clicontext.h"
#include "inbox/decisionoutbox.h"
#include "inbox/inboxitem.h"
#include "inbox/inboxstore.h"
#include "inboxoutput.h"

#include <QJsonArray>
#include <QStringList>

namespace tessera::cli {

namespace {

QString doneText(const QString &action)
{
    if (action == u"approve")
        return QStringLiteral("Approved");
    if (action == u"reject")
        return QStringLiteral("Rejected");
    return QStringLiteral("Done (%1)").arg(action);
}

// A decision sent without any --set on an item whose card's action sends inputs: which inputs
// it needs (each named, the required ones said so) and how to give them. The JSON keeps the shape
// of any invalid_inputs answer (code, message, errors).
void printInputsNeeded(
    CliContext &context, const QString &id, const QString &action, const QJsonArray &errors)
{
    QStringList named;
    for (const auto &value : errors)
        named << value.toObject().value(QStringLiteral("input")).toString();
    QStringList sets;
    for (const QString &input : std::as_const(named))
        sets << QStringLiteral("--set %1=VALUE").arg(input);
    const QString message =
        QStringLiteral("%1 on %2 sends the card's inputs; these need a value: %3. Give them with: "
                       "tessera-cli decide %2 %1 %4")
            .arg(action, id, named.join(QStringLiteral(", ")), sets.join(QLatin1Char(' ')));
    if (context.json())
        context.printResult(
            QJsonObject { { QStringLiteral("error"),
                QJsonObject { { QStringLiteral("code"), QStringLiteral("invalid_inputs") },
                    { QStringLiteral("message"), message },
                    { QStringLiteral("errors"), errors } } } },
            {});
    else
        context.printError(QStringLiteral("invalid_inputs"), message);
}

} // namespace

namespace {

// The command that sends a queued decision again (the same idempotency key is used).
QString againCommand(const QString &command, const QString &id, const QString &action)
{
    if (command == u"decide")
        return QStringLiteral("tessera-cli decide %1 %2").arg(id, action);
    if (command == u"reject") // the comment kept with the decision is the one sent
        return QStringLiteral("tessera-cli reject %1 --comment TEXT").arg(id);
    return QStringLiteral("tessera-cli %1 %2").arg(command, id);
}

} // namespace

QFuture<int> runDecide(CliContext &context)
{
    const QStringList arguments = context.arguments();
    const QString id = arguments.value(0);
    const QString action = arguments.value(1);
    if (id.isEmpty() || action.isEmpty()) {
        context.printError(
            QStringLiteral("usage"), QStringLiteral("decide needs an item id and an action."));
        return QtFuture::makeReadyFuture(int(ExitCode::Usage));
    }
    const std::optional<QJsonObject> inputs = setValues(context);
    if (!inputs)
        return QtFuture::makeReadyFuture(int(ExitCode::Usage));
    return decideItem(context, QStringLiteral("decide"), id, action,
        context.value(QStringLiteral("comment")), *inputs);
}

QFuture<int> runApprove(CliContext &context)
{
    const QString id = context.arguments().value(0);
    if (id.isEmpty()) {
        context.printError(QStringLiteral("usage"), QStringLiteral("approve needs an item id."));
        return QtFuture::makeReadyFuture(int(ExitCode::Usage));
    }
    return decideItem(context, QStringLiteral("approve"), id, QStringLiteral("approve"),
        context.value(QStringLiteral("comment")));
}

QFuture<int> runReject(CliContext &context)
{
    const QString id = context.arguments().value(0);
    const QString comment = context.value(QStringLiteral("comment"));
    if (id.isEmpty()) {
        context.printError(QStringLiteral("usage"), QStringLiteral("reject needs an item id."));
        return QtFuture::makeReadyFuture(int(ExitCode::Usage));
    }
    if (comment.trimmed().isEmpty()) {
        context.printError(QStringLiteral("comment_required"),
            QStringLiteral("reject needs a reason: --comment TEXT."));
        return QtFuture::makeReadyFuture(int(ExitCode::Usage));
    }
    return decideItem(context, QStringLiteral("reject"), id, QStringLiteral("reject"), comment);
}

QFuture<int> decideItem(CliContext &context, const QString &command, const QString &id,
    const QString &action, const QString &comment, const QJsonObject &inputs)
{
    return withSyncedInbox(context, true,
        [&context, command, id, action, comment, inputs](
            const InboxParts &parts, bool, const std::function<void(int)> &deliver) {
            const std::optional<InboxItem> before = parts.store->item(id);
            const bool resend = before && before->pending;
            if (resend && before->pendingAction != action) {
                context.printError(QStringLiteral("decision_pending"),
                    QStringLiteral("A decision on %1 is already on its way (%2); it is sent "
                                   "again by: %3")
                        .arg(id, before->pendingAction,
                            againCommand(command, id, before->pendingAction)));
                deliver(ExitCode::Failed);
                return;
            }
            DecisionOutbox *outbox = parts.outbox;
            InboxStore *store = parts.store;
            const auto finished = std::make_shared<QMetaObject::Connection>();
            const auto deferred = std::make_shared<QMetaObject::Connection>();
            const auto done = [finished, deferred, deliver](int code) {
                QObject::disconnect(*finished);
                QObject::disconnect(*deferred);
                deliver(code);
            };
            *finished = QObject::connect(outbox, &DecisionOutbox::decisionFinished, outbox,
                [&context, id, store, done](
                    const QString &itemId, DecisionOutbox::Outcome outcome, const QString &text) {
                    if (itemId != id)
                        return; // an earlier run's decision on another item
                    const std::optional<InboxItem> item = store->item(id);
                    QJsonObject result {
                        { QStringLiteral("id"), id },
                        { QStringLiteral("item"),
                            item ? itemJson(*item) : QJsonValue(QJsonValue::Null) },
                    };
                    switch (outcome) {
                    case DecisionOutbox::Outcome::Confirmed:
                        result.insert(QStringLiteral("status"), QStringLiteral("confirmed"));
                        context.printResult(result,
                            QStringLiteral("%1: %2").arg(
                                doneText(item ? item->decidedAction : QString()),
                                item ? item->title : id));
                        done(ExitCode::Success);
                        return;
                    case DecisionOutbox::Outcome::Conflicted:
                        result.insert(QStringLiteral("status"), QStringLiteral("conflict"));
                        result.insert(QStringLiteral("message"), text);
                        context.printResult(result, QStringLiteral("Not applied: %1").arg(text));
                        done(ExitCode::Failed);
                        return;
                    case DecisionOutbox::Outcome::Refused:
                        // The server's 422 invalid_inputs: each input named, as before sending.
                        if (item && !item->inputErrors.isEmpty()) {
                            printInvalidInputs(context, item->inputErrors);
                            done(ExitCode::Failed);
                            return;
                        }
                        result.insert(QStringLiteral("status"), QStringLiteral("refused"));
                        result.insert(QStringLiteral("message"), text);
                        context.printResult(result, text);
                        done(ExitCode::Failed);
                        return;
                    }
                });
            *deferred = QObject::connect(outbox, &DecisionOutbox::decisionDeferred, outbox,
                [&context, command, id, action, done](
                    const QString &itemId, const QString &reason) {
                    if (itemId != id)
                        return;
                    context.printResult(QJsonObject { { QStringLiteral("id"), id },
                                            { QStringLiteral("status"), QStringLiteral("queued") },
                                            { QStringLiteral("message"), reason } },
                        QStringLiteral("Not sent yet: %1\nThe decision is kept on this device; "
                                       "run the same command again to send it (it takes "
                                       "effect once): %2")
                            .arg(reason, againCommand(command, id, action)));
                    done(ExitCode::Failed);
                });
            if (resend) {
                outbox->sendNow();
                return;
            }
            QJsonArray inputErrors;
            const std::optional<ApiError> refusal =
                outbox->decide(id, action, comment, inputs, &inputErrors);
            if (refusal) {
                QObject::disconnect(*finished);
                QObject::disconnect(*deferred);
                if (!inputErrors.isEmpty() && inputs.isEmpty())
                    printInputsNeeded(context, id, action, inputErrors);
                else if (!inputErrors.isEmpty())
                    printInvalidInputs(context, inputErrors);
                else
                    context.printError(refusal->code, refusal->message);
                const bool usage =
                    refusal->code == u"unknown_action" || refusal->code == u"comment_required";
                deliver(usage ? ExitCode::Usage : ExitCode::Failed);
            }
        });
}

} // namespace tessera::cli
