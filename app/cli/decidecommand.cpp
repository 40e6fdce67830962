#include "decidecommand.h"

#include "clicontext.h"
#include "decisionoutbox.h"
#include "inboxitem.h"
#include "inboxoutput.h"
#include "inboxstore.h"

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

} // namespace

QFuture<int> runDecide(CliContext &context)
{
    const QStringList arguments = context.arguments();
    const QString id = arguments.value(0);
    const QString action = arguments.value(1);
    const QString comment = context.value(QStringLiteral("comment"));
    if (id.isEmpty() || action.isEmpty()) {
        context.printError(
            QStringLiteral("usage"), QStringLiteral("decide needs an item id and an action."));
        return QtFuture::makeReadyFuture(int(ExitCode::Usage));
    }
    return withSyncedInbox(context, true,
        [&context, id, action, comment](
            const InboxParts &parts, bool, std::function<void(int)> deliver) {
            const std::optional<InboxItem> before = parts.store->item(id);
            const bool resend = before && before->pending;
            if (resend && before->pendingAction != action) {
                context.printError(QStringLiteral("decision_pending"),
                    QStringLiteral("A decision on %1 is already on its way (%2); it is sent "
                                   "again by: tessera-cli decide %1 %2")
                        .arg(id, before->pendingAction));
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
                        result.insert(QStringLiteral("status"), QStringLiteral("refused"));
                        result.insert(QStringLiteral("message"), text);
                        context.printResult(result, text);
                        done(ExitCode::Failed);
                        return;
                    }
                });
            *deferred = QObject::connect(outbox, &DecisionOutbox::decisionDeferred, outbox,
                [&context, id, action, done](const QString &itemId, const QString &reason) {
                    if (itemId != id)
                        return;
                    context.printResult(QJsonObject { { QStringLiteral("id"), id },
                                            { QStringLiteral("status"), QStringLiteral("queued") },
                                            { QStringLiteral("message"), reason } },
                        QStringLiteral("Not sent yet: %1\nThe decision is kept on this device; "
                                       "run the same command again to send it (it takes "
                                       "effect once): tessera-cli decide %2 %3")
                            .arg(reason, id, action));
                    done(ExitCode::Failed);
                });
            if (resend) {
                outbox->sendNow();
                return;
            }
            const std::optional<ApiError> refusal = outbox->decide(id, action, comment);
            if (refusal) {
                QObject::disconnect(*finished);
                QObject::disconnect(*deferred);
                context.printError(refusal->code, refusal->message);
                const bool usage =
                    refusal->code == u"unknown_action" || refusal->code == u"comment_required";
                deliver(usage ? ExitCode::Usage : ExitCode::Failed);
            }
        });
}

} // namespace tessera::cli
