#pragma once

#include <QObject>
#include <QSet>
#include <QString>
#include <QStringList>

namespace tessera {

class DecisionOutbox;
class InboxStore;
class InboxSync;
class Notifier;
struct InboxItem;
struct Notification;

// Notifications of new inbox items while the app is not in front (its window hidden in the tray
// or in the background): watches the inbox store and asks the Notifier seam to show each new open
// item once (by item id; never the items the cache held when it was first seen, nor those a first
// sync or a catch-up brings, nor those that came while the app was in front), and closes an item's
// notification as soon as the store says it is decided (here or on another device: the stream
// updates the store), withdrawn or expired.
//
// The one place against notifying an item twice (a push service delivers at least once, and an
// item may come both by the stream and by a push: DESIGN.md second round, decision 5): besides
// the arrival mark (what the store's changes brought after the last one looked at), each item
// notified, or handed over by a push, is marked announced in the database (the last
// announcedItems ids, InboxStore::announcedItems()), and an item marked is never shown again,
// in this run or after a restart.
//
// A notification's "approve" is a decision through the decision outbox (the call the inbox page
// makes), made once however often the daemon reports it. "reject", an approval that asks for a
// comment or a card's form, and a click on the notification do not decide: they ask the app to
// open the item (commentRequested(), openItemRequested()). They are taken for any item the inbox
// holds, whoever showed the notification (this run, an earlier one, the platform while the app
// was not running): an action on an item still waiting for a decision, a click on any item; a
// report about an id the inbox does not have is ignored.
//
// What the cache holds is news from the end of the first sync after the database came on (or,
// for a cache already synced when this is made, at once): with sync, when it reports synced();
// without one (tests of the store alone), from the first change that finds the cursor already
// set at the change before.
//
// store, sync and outbox (each may be null: no sync; no decisions from notifications) and
// notifier must outlive this.
class InboxNotifier : public QObject
{
    Q_OBJECT
public:
    InboxNotifier(InboxStore &store, InboxSync *sync, DecisionOutbox *outbox, Notifier &notifier,
        QObject *parent = nullptr);
    ~InboxNotifier() override;

    // True while the app is not in front: new items are then shown as notifications.
    void setActive(bool active);
    bool isActive() const { return m_active; }
    // An item a push announced (core/push's PushClient) that the store now holds: shown while
    // active, even when a catch-up or a first sync brought it, unless it was announced before
    // (by the stream or a push, this run or an earlier one). Marked announced from then on, shown
    // or not (in front, it is seen there). False when not shown now (announced before, unknown,
    // in front, not open).
    bool showAnnounced(const QString &itemId);
    // Whether the item was notified or handed over by a push already (kept across restarts).
    bool wasAnnounced(const QString &itemId) const;
    // The items whose notification is open, in no order.
    QStringList shownItems() const;

    // At most how many of the items a change of the store brought are shown (more at once are a
    // catch-up, which is not news anyway).
    static constexpr int newItemsPerChange = 50;
    static constexpr int bodyChars = 200;
    // How many announced marks are kept (the newest).
    static constexpr int announcedItems = 256;

    // The notification of an item: its title and body (cut to bodyChars), the decisions offered.
    static Notification notificationOf(const InboxItem &item);

Q_SIGNALS:
    // The app should come to the front at this item (a click, or an action it cannot take from
    // the notification).
    void openItemRequested(const QString &itemId);
    // The app should come to the front at this item's comment dialog for action.
    void commentRequested(const QString &itemId, const QString &action);
    // An approval from a notification was refused by the outbox (message: why, for the person).
    void decisionRefused(const QString &itemId, const QString &message);

private:
    void storeChanged();
    void synced();
    // Everything the cache holds now is not news (without showing it).
    void absorb();
    void closeSettled();
    void closeAll();
    void onAction(const QString &itemId, const QString &actionId);
    void onActivated(const QString &itemId);
    void onClosed(const QString &itemId);
    // The announced marks of the store's database (once per database), and a new one kept.
    void loadAnnounced();
    void markAnnounced(const QStringList &itemIds);

    InboxStore &m_store;
    InboxSync *m_sync;
    DecisionOutbox *m_outbox;
    Notifier &m_notifier;
    bool m_active = false;
    // The cache the baseline was taken from (false: no database, or not synced once yet).
    bool m_baseline = false;
    // Without a sync: whether the cursor was set when the store last changed.
    bool m_cursorWasSet = false;
    // The highest arrival number (InboxStore::lastArrival()) looked at: what arrives after it is
    // new.
    qint64 m_arrival = 0;
    QSet<QString> m_shown;
    // The announced marks, oldest first, as the database keeps them (loaded: of this database).
    QStringList m_announced;
    bool m_announcedLoaded = false;
};

} // namespace tessera
