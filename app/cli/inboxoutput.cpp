#include "inboxoutput.h"

#include "clicontext.h"
#include "identity/session.h"
#include "inbox/decisionoutbox.h"
#include "inbox/inboxitem.h"
#include "inbox/inboxstore.h"
#include "inbox/inboxsync.h"
#include "services/clientstack.h"
#include "signedinoutput.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>
#include <QPromise>
#include <QStringList>

namespace tessera::cli {

QFuture<int> withSyncedInbox(CliContext &context, bool withOutbox,
    std::function<void(const InboxParts &, bool synced, std::function<void(int)> deliver)> next)
{
    Session *session = context.session();
    if (!session)
        return QtFuture::makeReadyFuture(int(ExitCode::Usage));
    auto promise = std::make_shared<QPromise<int>>();
    promise->start();
    std::function<void(int)> deliver = [promise](int code) {
        promise->addResult(code);
        promise->finish();
    };
    context.afterSession([session]() { session->restore(); },
        [&context, session, withOutbox, deliver, next = std::move(next)]() {
            if (session->state() != Session::State::SignedIn) {
                deliver(reportNoSession(context, *session));
                return 0;
            }
            ClientStack::Options options;
            options.features = ClientStack::Feature::Inbox;
            options.liveStream = false;
            auto *stack = new ClientStack(*session, *context.secretStore(), options, session);
            InboxParts parts;
            parts.session = session;
            parts.stack = stack;
            parts.store = stack->part<InboxStore>();
            parts.sync = stack->part<InboxSync>();
            auto once = std::make_shared<QMetaObject::Connection>();
            auto failed = std::make_shared<QMetaObject::Connection>();
            const auto finish = [&context, parts, withOutbox, once, failed, deliver, next](
                                    bool ok) {
                QObject::disconnect(*once);
                QObject::disconnect(*failed);
                // After the sync: the outbox starts sending what an earlier run left once the
                // caller has connected to it.
                InboxParts ready = parts;
                if (withOutbox) {
                    parts.stack->add(ClientStack::Feature::Decisions);
                    ready.outbox = parts.stack->part<DecisionOutbox>();
                }
                if (!ok)
                    context.printError(parts.sync->errorCode().isEmpty()
                            ? QStringLiteral("sync_failed")
                            : parts.sync->errorCode(),
                        QStringLiteral("The inbox could not be synced (%1); showing what this "
                                       "device has.")
                            .arg(parts.sync->error()));
                next(ready, ok, deliver);
            };
            *once = QObject::connect(
                parts.sync, &InboxSync::synced, parts.sync, [finish]() { finish(true); });
            *failed = QObject::connect(
                parts.sync, &InboxSync::syncFailed, parts.sync, [finish]() { finish(false); });
            if (!parts.store->hasDatabase()) {
                QObject::disconnect(*once);
                QObject::disconnect(*failed);
                context.printError(QStringLiteral("local_data_unavailable"),
                    QStringLiteral("This device's inbox cannot be opened."));
                deliver(ExitCode::Failed);
                return 0;
            }
            parts.sync->syncNow();
            return 0;
        });
    return promise->future();
}

QJsonObject itemJson(const InboxItem &item)
{
    QJsonObject json = item.toJson();
    json.insert(QStringLiteral("pending"), item.pending);
    json.insert(QStringLiteral("pendingAction"),
        item.pending ? QJsonValue(item.pendingAction) : QJsonValue(QJsonValue::Null));
    json.insert(QStringLiteral("statusText"),
        item.statusText.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(item.statusText));
    return json;
}

QString itemText(const InboxItem &item)
{
    const QLocale locale = QLocale::c();
    const QString when =
        locale.toString(item.createdAt.toLocalTime(), QStringLiteral("yyyy-MM-dd HH:mm"));
    QStringList lines;
    lines << QStringLiteral("%1 %2  %3")
                 .arg(item.isUnread() ? QStringLiteral("●") : QStringLiteral(" "), item.id,
                     item.title);
    QStringList facts { when, item.category, item.subsystem, item.state };
    if (item.priority == u"high")
        facts << QStringLiteral("high priority");
    facts.removeAll(QString());
    lines << QStringLiteral("    ") + facts.join(QStringLiteral(" · "));
    if (!item.body.isEmpty())
        lines << QStringLiteral("    ")
                + item.body.left(300).replace(QLatin1Char('\n'), QLatin1Char(' '));
    if (item.pending) {
        lines << QStringLiteral("    Decision on its way: %1").arg(item.pendingAction);
    } else if (item.needsAction()) {
        QStringList actions;
        for (const auto &value : item.actions) {
            const QJsonObject action = value.toObject();
            QString label = action.value(QStringLiteral("label")).toString();
            if (action.value(QStringLiteral("requiresComment")).toBool())
                label += QStringLiteral(", needs --comment");
            actions << QStringLiteral("%1 (%2)").arg(
                action.value(QStringLiteral("id")).toString(), label);
        }
        lines << QStringLiteral("    Actions: ") + actions.join(QStringLiteral("; "));
    } else if (!item.decidedAction.isEmpty()) {
        const QString outcome = InboxItem::outcomeText(item, {});
        QString decided = outcome;
        if (decided.startsWith(QStringLiteral("Already ")))
            decided = decided.mid(8, 1).toUpper() + decided.mid(9);
        lines << QStringLiteral("    ") + decided;
        // The card's values it was decided with (input id=value), whoever decided.
        QStringList values;
        for (auto it = item.decidedInputs.constBegin(); it != item.decidedInputs.constEnd(); ++it)
            values << QStringLiteral("%1=%2").arg(it.key(),
                it.value().isString()
                    ? it.value().toString()
                    : QString::fromUtf8(
                        QJsonDocument(QJsonArray { it.value() }).toJson(QJsonDocument::Compact))
                          .mid(1)
                          .chopped(1));
        if (!values.isEmpty())
            lines << QStringLiteral("    With: ") + values.join(QStringLiteral(", "));
    }
    if (!item.statusText.isEmpty())
        lines << QStringLiteral("    ") + item.statusText;
    return lines.join(QLatin1Char('\n'));
}

} // namespace tessera::cli
