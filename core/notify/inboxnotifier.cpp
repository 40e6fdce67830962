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
    if (m_baseline)
        qCInfo(lcNotify) << "inbox synced: its new items are notified from now on";
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
    loadAnnounced();
    if (m_announced.contains(itemId))
        return false;
    const std::optional<InboxItem> item = m_store.item(itemId);
    if (!item)
        return false;
    markAnnounced({ itemId });
    if (!m_active || m_shown.contains(itemId) || !item->isOpen() || item->pending)
        return false;
    m_shown.insert(itemId);
    m_notifier.show(notificationOf(*item));
    return true;
}

bool InboxNotifier::wasAnnounced(const QString &itemId) const
{
    if (m_announcedLoaded)
        return m_announced.contains(itemId);
    return m_store.announcedItems().contains(itemId);
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
        m_announced.clear();
        m_announcedLoaded = false;
        m_arrival = 0;
        m_baseline = false;
        m_cursorWasSet = false;
        return;
    }
    loadAnnounced();
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
    // What this change brought into the cache (by arrival, whatever its createdAt: an item
    // created while this device was offline arrives late and is older than the newest ones).
    // Each item arrives once, so it is looked at once; an update of it is not news.
    const QList<InboxItem> arrived = m_store.arrivedAfter(m_arrival, newItemsPerChange);
    m_arrival = m_store.lastArrival();
    QStringList notified;
    for (const InboxItem &item : arrived) {
        if (!item.isOpen() || item.pending || m_shown.contains(item.id)
            || m_announced.contains(item.id))
            continue;
        qCDebug(lcNotify).noquote() << "notifying" << item.id;
        m_shown.insert(item.id);
        notified.append(item.id);
        m_notifier.show(notificationOf(item));
    }
    if (!notified.isEmpty())
        markAnnounced(notified);
}

void InboxNotifier::synced()
{
    if (m_baseline || !m_store.hasDatabase())
        return;
    absorb();
    m_baseline = true;
    qCInfo(lcNotify) << "inbox synced: its new items are notified from now on";
}

void InboxNotifier::absorb()
{
    m_arrival = m_store.lastArrival();
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
    // Any item of the inbox, whoever showed its notification (this run, an earlier one, the
    // platform while the app was not running); an id the inbox does not have is not ours.
    const std::optional<InboxItem> item = m_store.item(itemId);
    if (!item)
        return;
    const bool shownHere = m_shown.remove(itemId);
    if (shownHere)
        m_notifier.close(itemId);
    if (!item->needsAction()) {
        // Decided (here: a second report of the same action; or elsewhere) or never actionable:
        // a notification of this run opens the item, another one's is stale.
        if (shownHere)
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
    if (!m_store.item(itemId))
        return;
    if (m_shown.remove(itemId))
        m_notifier.close(itemId);
    Q_EMIT openItemRequested(itemId);
}

void InboxNotifier::onClosed(const QString &itemId)
{
    m_shown.remove(itemId);
}

void InboxNotifier::loadAnnounced()
{
    if (m_announcedLoaded || !m_store.hasDatabase())
        return;
    m_announcedLoaded = true;
    m_announced = m_store.announcedItems();
    while (m_announced.size() > announcedItems)
        m_announced.removeFirst();
}

void InboxNotifier::markAnnounced(const QStringList &itemIds)
{
    for (const QString &id : itemIds) {
        m_announced.removeAll(id);
        m_announced.append(id);
    }
    while (m_announced.size() > announcedItems)
        m_announced.removeFirst();
    if (!m_store.setAnnouncedItems(m_announced))
        qCWarning(lcNotify) << "the announced items could not be kept";
}

} // namespace tessera
