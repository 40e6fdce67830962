#include "inboxcommand.h"

#include "base/printtext.h"
#include "clicontext.h"
#include "inbox/inboxitem.h"
#include "inbox/inboxstore.h"
#include "inboxoutput.h"

#include <QJsonDocument>

#include <cstdio>

namespace tessera::cli {

QFuture<int> runInbox(CliContext &context)
{
    const bool unreadOnly = context.isSet(QStringLiteral("unread"));
    const bool needsActionOnly = context.isSet(QStringLiteral("needs-action"));
    return withSyncedInbox(context, false,
        [&context, unreadOnly, needsActionOnly](
            const InboxParts &parts, bool synced, const std::function<void(int)> &deliver) {
            int shown = 0;
            const QList<InboxItem> items = parts.store->items();
            for (const InboxItem &item : items) {
                if ((unreadOnly && !item.isUnread()) || (needsActionOnly && !item.needsAction()))
                    continue;
                ++shown;
                context.printResult(itemJson(item), itemText(item));
            }
            if (shown == 0 && !context.json()) {
                const QString none = unreadOnly ? QStringLiteral("Nothing unread.")
                    : needsActionOnly           ? QStringLiteral("Nothing waits for a decision.")
                                                : QStringLiteral("The inbox is empty.");
                printText(stdout, qPrintable(none + QLatin1Char('\n')));
            }
            deliver(synced ? ExitCode::Success : ExitCode::Failed);
        });
}

} // namespace tessera::cli
