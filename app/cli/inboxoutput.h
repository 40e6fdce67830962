#pragma once

#include <QFuture>
#include <QJsonObject>
#include <QString>

#include <functional>

namespace tessera {
class ClientStack;
class DecisionOutbox;
class InboxStore;
class InboxSync;
class Session;
struct InboxItem;
} // namespace tessera

namespace tessera::cli {

class CliContext;

// What the inbox commands work with: the restored session, its client stack with the inbox
// cache, a sync without the live stream (one run per command) and, when asked for, the decision
// outbox (which sends what an earlier run left). The stack is owned by the session.
struct InboxParts
{
    Session *session = nullptr;
    ClientStack *stack = nullptr;
    InboxStore *store = nullptr;
    InboxSync *sync = nullptr;
    DecisionOutbox *outbox = nullptr;
};

// Restores the session, syncs the inbox once and calls next (with whether the sync worked; its
// failure is printed first). Prints why and answers exit 1 when there is no session.
QFuture<int> withSyncedInbox(CliContext &context, bool withOutbox,
    std::function<void(const InboxParts &, bool synced, std::function<void(int)> deliver)> next);

// One item as the CLI prints it with --json: the wire's fields plus pending, pendingAction and
// statusText.
QJsonObject itemJson(const InboxItem &item);
// The human lines of one item (a decided one: who decided and, for a card, "With: id=value, ...").
QString itemText(const InboxItem &item);

} // namespace tessera::cli
