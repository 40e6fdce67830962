#include "notify/inboxnotifier.h"

#include "inbox/decisionoutbox.h"
#include "inbox/inboxitem.h"
#include "inbox/inboxstore.h"
#include "inbox/inboxsync.h"
#include "notify/notifier.h"
#include "protocol/apierror.h"

#include <QLoggingCategory>

namespace tessera {

namespace {
Q_LOGGING_CATEGORY(lcNotify, "tessera.client.notify", QtInfoMsg)

const QString approveAction = QStringLiteral("approve");
const QString rejectAction = QStringLiteral("reject");
} // namespace

InboxNotifier::InboxNotifier(
    InboxStore &store, InboxSync *sync, DecisionOutbox *outbox, Notifier &notifier, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_sync(sync)
    , m_outbox(outbox)
    , m_notifier(notifier)
{
    connect(&m_store, &InboxStore::changed, this, &InboxNotifier::storeChanged);
    connect(&m_notifier, &Notifier::actionInvoked, this, &InboxNotifier::onAction);
    connect(&m_notifier, &Notifier::activated, this, &InboxNotifier::onActivated);
    connect(&m_notifier, &Notifier::closed, this, &InboxNotifier::onClosed);
    if (m_sync != nullptr)
        connect(m_sync, &InboxSync::synced, this, &InboxNotifier::synced);
    storeChanged();
    // Made after a sync (the app makes it after its first frame): what comes next is news.
    m_baseline = m_store.hasDatabase() && !m_store.cursor().isEmpty();
    m_cursorWasSet = m_baseline;
}

InboxNotifier::~InboxNotifier() = default;

void InboxNotifier::setActive(bool active)
{
    if (m_active == active)
        return;
    m_active = active;
    // What came while the app was in front has been seen there (the changes of the store are
    // not read meanwhile).
    if (m_active && m_store.hasDatabase())
        absorb();
}

bool InboxNotifier::showAnnounced(const QString &itemId)
{
    if (!m_active || m_shown.contains(itemId))
        return false;
    const std::optional<InboxItem> item = m_store.item(itemId);
    if (!item || !item->isOpen() || item->pending)
        return false;
    m_seen.insert(itemId);
    m_shown.insert(itemId);
    m_notifier.show(notificationOf(*item));
    return true;
}

QStringList InboxNotifier::shownItems() const
{
    return { m_shown.cbegin(), m_shown.cend() };
}

Notification InboxNotifier::notificationOf(const InboxItem &item)
{
    Notification notification;
    notification.itemId = item.id;
    notification.title = item.title;
    notification.body = item.body.size() > bodyChars
        ? item.body.left(bodyChars - 1) + QChar(0x2026) // …
        : item.body;
    if (item.actionable) {
        for (const QString &action : { approveAction, rejectAction })
            if (!item.action(action).isEmpty())
                notification.actions.append(action);
    }
    return notification;
}

void InboxNotifier::storeChanged()
{
    // Signed out (or another person's cache coming): nothing of the old one stays on screen.
    if (!m_store.hasDatabase()) {
        closeAll();
        m_seen.clear();
        m_baseline = false;
        m_cursorWasSet = false;
        return;
    }
    closeSettled();
    // The items of a cache not synced yet (a first sync) or of a catch-up are not news.
    if (m_sync == nullptr && !m_baseline) {
        m_baseline = m_cursorWasSet;
        m_cursorWasSet = !m_store.cursor().isEmpty();
    }
    if (!m_active)
        return;
    if (!m_baseline || m_store.inCatchUp()) {
        absorb();
        return;
    }
    InboxItemFilter all;
    const QList<InboxItem> newest = m_store.items(all, scanItems);
    for (const InboxItem &item : newest) {
        if (m_seen.contains(item.id))
            continue;
        m_seen.insert(item.id);
        if (!item.isOpen() || item.pending)
            continue;
        qCDebug(lcNotify).noquote() << "notifying" << item.id;
        m_shown.insert(item.id);
        m_notifier.show(notificationOf(item));
    }
}

void InboxNotifier::synced()
{
    if (m_baseline || !m_store.hasDatabase())
        return;
    absorb();
    m_baseline = true;
}

void InboxNotifier::absorb()
{
    InboxItemFilter all;
    for (const InboxItem &item : m_store.items(all, scanItems))
        m_seen.insert(item.id);
}

void InboxNotifier::closeSettled()
{
    const QSet<QString> shown = m_shown;
    for (const QString &id : shown) {
        const std::optional<InboxItem> item = m_store.item(id);
        if (item && item->isOpen() && !item->pending)
            continue;
        qCDebug(lcNotify).noquote() << "closing" << id;
        m_shown.remove(id);
        m_notifier.close(id);
    }
}

void InboxNotifier::closeAll()
{
    const QSet<QString> shown = std::exchange(m_shown, {});
    for (const QString &id : shown)
        m_notifier.close(id);
}

void InboxNotifier::onAction(const QString &itemId, const QString &actionId)
{
    // Once per notification: a second report of the same action (or another action on it)
    // finds it gone.
    if (!m_shown.remove(itemId))
        return;
    m_notifier.close(itemId);
    const std::optional<InboxItem> item = m_store.item(itemId);
    if (!item || !item->needsAction()) {
        Q_EMIT openItemRequested(itemId);
        return;
    }
    if (actionId == approveAction) {
        if (item->needsForm(approveAction)) {
            Q_EMIT openItemRequested(itemId);
            return;
        }
        if (item->action(approveAction).value(QStringLiteral("requiresComment")).toBool()) {
            Q_EMIT commentRequested(itemId, approveAction);
            return;
        }
        if (m_outbox == nullptr) {
            Q_EMIT openItemRequested(itemId);
            return;
        }
        if (const auto refusal = m_outbox->decide(itemId, approveAction)) {
            qCInfo(lcNotify).noquote() << "approval refused:" << itemId << refusal->code;
            Q_EMIT decisionRefused(itemId, refusal->message);
            Q_EMIT openItemRequested(itemId);
        }
        return;
    }
    if (actionId == rejectAction && !item->action(rejectAction).isEmpty()) {
        Q_EMIT commentRequested(itemId, rejectAction);
        return;
    }
    qCInfo(lcNotify).noquote() << "unknown notification action ignored:" << itemId;
    Q_EMIT openItemRequested(itemId);
}

void InboxNotifier::onActivated(const QString &itemId)
{
    if (!m_seen.contains(itemId))
        return;
    if (m_shown.remove(itemId))
        m_notifier.close(itemId);
    Q_EMIT openItemRequested(itemId);
}

void InboxNotifier::onClosed(const QString &itemId)
{
    m_shown.remove(itemId);
}

} // namespace tessera
