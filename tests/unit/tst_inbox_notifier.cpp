// The inbox's notifications (core/notify InboxNotifier) on a real SQLCipher inbox store and a real
// decision outbox, with the fake of the Notifier seam playing the notification daemon.
#include "fakes/fakenotifier.h"
#include "inboxfixture.h"
#include "watchedinbox.h"

using namespace tessera;
using namespace tessera::test;

namespace {

QJsonObject withState(QJsonObject json, const QString &state)
{
    json.insert(QStringLiteral("state"), state);
    json.insert(QStringLiteral("version"), json.value(QStringLiteral("version")).toInt() + 1);
    return json;
}

} // namespace

class TestInboxNotifier : public QObject, private InboxFixture
{
    Q_OBJECT

private Q_SLOTS:
    void newItemsOnlyOnceAndOnlyInTheBackground()
    {
        InboxStore store(newDatabase());
        QVERIFY(
            store.applyDelta({ item(wireItem(QStringLiteral("old"), 1)) }, QStringLiteral("1")));
        FakeNotifier notifier;
        WatchedInbox watched(store, notifier, nullptr, nullptr, false); // the app in front

        // In front: a new item is seen in the app, and not notified later either.
        QVERIFY(
            store.applyDelta({ item(wireItem(QStringLiteral("front"), 2)) }, QStringLiteral("2")));
        watched.watcher.setActive(true);
        QVERIFY(
            store.applyDelta({ item(wireItem(QStringLiteral("new"), 3)) }, QStringLiteral("3")));
        QCOMPARE(notifier.shownIds(), QStringList { QStringLiteral("new") });
        const Notification shown = notifier.shownLog().constFirst();
        QCOMPARE(shown.title, QStringLiteral("Leave request new"));
        QCOMPARE(shown.body, QStringLiteral("Three days."));
        QCOMPARE(
            shown.actions, QStringList({ QStringLiteral("approve"), QStringLiteral("reject") }));

        // The same item again (a duplicate push, a read mark, a resync): never a second time.
        QVERIFY(
            store.applyDelta({ item(wireItem(QStringLiteral("new"), 3)) }, QStringLiteral("4")));
        QVERIFY(store.markReadLocally(QStringLiteral("new")));
        QCOMPARE(notifier.shownIds(), QStringList { QStringLiteral("new") });
        QCOMPARE(watched.watcher.shownItems(), QStringList { QStringLiteral("new") });

        // Back in front: nothing new is shown.
        watched.watcher.setActive(false);
        QVERIFY(
            store.applyDelta({ item(wireItem(QStringLiteral("later"), 4)) }, QStringLiteral("5")));
        QCOMPARE(notifier.shownLog().size(), 1);
    }

    void firstSyncAndCatchUpAreNotNews()
    {
        InboxStore store(newDatabase());
        FakeNotifier notifier;
        WatchedInbox watched(store, notifier);
        // A first sync of an empty cache: what the person already had.
        QVERIFY(store.applyDelta(
            { item(wireItem(QStringLiteral("a"), 1)), item(wireItem(QStringLiteral("b"), 2)) },
            QStringLiteral("2")));
        QVERIFY(notifier.shownLog().isEmpty());
        // A catch-up after a long time offline: a page of catchUpItems or more.
        QList<InboxItem> page;
        for (int i = 0; i < InboxStore::catchUpItems; ++i)
            page.append(item(wireItem(QStringLiteral("c%1").arg(i), 3 + i % 50)));
        QVERIFY(store.applyDelta(page, QStringLiteral("3")));
        QVERIFY(notifier.shownLog().isEmpty());
        // Then a live change is news.
        QVERIFY(
            store.applyDelta({ item(wireItem(QStringLiteral("live"), 59)) }, QStringLiteral("4")));
        QCOMPARE(notifier.shownIds(), QStringList { QStringLiteral("live") });
    }

    void decidedWithdrawnOrExpiredCloses()
    {
        InboxStore store(newDatabase());
        QVERIFY(store.applyDelta({}, QStringLiteral("0")));
        FakeNotifier notifier;
        WatchedInbox watched(store, notifier);
        const QJsonObject a = wireItem(QStringLiteral("a"), 1);
        const QJsonObject b = wireItem(QStringLiteral("b"), 2);
        const QJsonObject c = wireItem(QStringLiteral("c"), 3);
        QVERIFY(store.applyDelta({ item(a), item(b), item(c) }, QStringLiteral("1")));
        QCOMPARE(notifier.open().size(), 3);

        // Decided on another device: the stream's delta updates the store.
        QVERIFY(
            store.applyDelta({ decided(a, QStringLiteral("approve"), QStringLiteral("approved")) },
                QStringLiteral("2")));
        QCOMPARE(notifier.closedLog(), QStringList { QStringLiteral("a") });
        QVERIFY(store.applyDelta(
            { item(withState(b, QStringLiteral("withdrawn"))) }, QStringLiteral("3")));
        QVERIFY(store.upsert(item(withState(c, QStringLiteral("expired")))));
        QCOMPARE(notifier.closedLog(),
            QStringList({ QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c") }));
        QVERIFY(notifier.open().isEmpty());
        QVERIFY(watched.watcher.shownItems().isEmpty());
        QCOMPARE(notifier.shownLog().size(), 3);
    }

    void approveDecidesOnceThroughTheOutbox()
    {
        DecidingInbox inbox(m_dir.filePath(QStringLiteral("session-approve.db")), newDatabase());
        InboxStore &store = inbox.store;
        QVERIFY(store.applyDelta({}, QStringLiteral("0")));
        FakeNotifier notifier;
        WatchedInbox watched(store, notifier, &inbox.outbox);
        QVERIFY(store.applyDelta({ item(wireItem(QStringLiteral("a"), 1)) }, QStringLiteral("1")));
        QSignalSpy refused(&watched.watcher, &InboxNotifier::decisionRefused);

        notifier.invoke(QStringLiteral("a"), QStringLiteral("approve"));
        // Some daemons report an action twice (and the person may click twice): one decision.
        notifier.invoke(QStringLiteral("a"), QStringLiteral("approve"));
        const QList<PendingDecision> pending = store.pendingDecisions();
        QCOMPARE(pending.size(), 1);
        QCOMPARE(pending.constFirst().itemId, QStringLiteral("a"));
        QCOMPARE(pending.constFirst().action, QStringLiteral("approve"));
        QVERIFY(pending.constFirst().comment.isEmpty());
        QVERIFY(store.item(QStringLiteral("a"))->pending);
        QVERIFY(notifier.open().isEmpty());
        QCOMPARE(watched.opened.count(), 0);
        QCOMPARE(refused.count(), 0);
    }

    void rejectCommentsAndClicksOpenTheApp()
    {
        DecidingInbox inbox(m_dir.filePath(QStringLiteral("session-open.db")), newDatabase());
        InboxStore &store = inbox.store;
        QVERIFY(store.applyDelta({}, QStringLiteral("0")));
        FakeNotifier notifier;
        WatchedInbox watched(store, notifier, &inbox.outbox);
        const QSignalSpy &comment = watched.comment;
        const QSignalSpy &opened = watched.opened;
        QJsonObject strict = wireItem(QStringLiteral("strict"), 3);
        strict.insert(QStringLiteral("actions"),
            QJsonArray { QJsonObject { { QStringLiteral("id"), QStringLiteral("approve") },
                { QStringLiteral("label"), QStringLiteral("Approve") },
                { QStringLiteral("requiresComment"), true } } });
        QJsonObject info = wireItem(QStringLiteral("info"), 4);
        info.insert(QStringLiteral("actionable"), false);
        info.insert(QStringLiteral("actions"), QJsonArray {});
        QVERIFY(
            store.applyDelta({ item(wireItem(QStringLiteral("a"), 1)),
                                 item(wireItem(QStringLiteral("b"), 2)), item(strict), item(info) },
                QStringLiteral("1")));
        QCOMPARE(notifier.open().value(QStringLiteral("strict")).actions,
            QStringList { QStringLiteral("approve") });
        QVERIFY(notifier.open().value(QStringLiteral("info")).actions.isEmpty());

        notifier.invoke(QStringLiteral("a"), QStringLiteral("reject"));
        notifier.invoke(QStringLiteral("strict"), QStringLiteral("approve"));
        QCOMPARE(comment.count(), 2);
        QCOMPARE(comment.at(0), QVariantList({ QStringLiteral("a"), QStringLiteral("reject") }));
        QCOMPARE(
            comment.at(1), QVariantList({ QStringLiteral("strict"), QStringLiteral("approve") }));
        notifier.click(QStringLiteral("b"));
        QCOMPARE(opened.count(), 1);
        QCOMPARE(opened.at(0).at(0).toString(), QStringLiteral("b"));
        // None of them decided anything.
        QCOMPARE(store.pendingDecisionCount(), 0);
        QVERIFY(!notifier.open().contains(QStringLiteral("a")));
        // A click on something never notified (a forged or stale report) opens nothing.
        notifier.click(QStringLiteral("ntf_unknown"));
        QCOMPARE(opened.count(), 1);
        // Dismissed: an action reported afterwards decides nothing.
        notifier.dismiss(QStringLiteral("info"));
        notifier.invoke(QStringLiteral("info"), QStringLiteral("approve"));
        QCOMPARE(store.pendingDecisionCount(), 0);
    }

    void notificationsOfAnEarlierRunAreTakenToo()
    {
        // The items came, and were notified, before this run (or by the platform while the app
        // was not running): this run showed nothing.
        DecidingInbox inbox(m_dir.filePath(QStringLiteral("session-earlier.db")), newDatabase());
        InboxStore &store = inbox.store;
        QVERIFY(store.applyDelta(
            { item(wireItem(QStringLiteral("a"), 1)), item(wireItem(QStringLiteral("b"), 2)),
                item(wireItem(QStringLiteral("c"), 3)) },
            QStringLiteral("1")));
        FakeNotifier notifier;
        WatchedInbox watched(store, notifier, &inbox.outbox);
        QVERIFY(notifier.shownLog().isEmpty());
        const QSignalSpy &opened = watched.opened;
        const QSignalSpy &comment = watched.comment;

        // Approve decides once, however often it is reported.
        notifier.invoke(QStringLiteral("a"), QStringLiteral("approve"));
        notifier.invoke(QStringLiteral("a"), QStringLiteral("approve"));
        QCOMPARE(store.pendingDecisionCount(), 1);
        QCOMPARE(store.pendingDecisions().constFirst().itemId, QStringLiteral("a"));
        QCOMPARE(opened.count(), 0);
        // Reject asks for its comment; a click opens the item.
        notifier.invoke(QStringLiteral("b"), QStringLiteral("reject"));
        QCOMPARE(comment.count(), 1);
        QCOMPARE(comment.at(0), QVariantList({ QStringLiteral("b"), QStringLiteral("reject") }));
        notifier.click(QStringLiteral("c"));
        QCOMPARE(opened.count(), 1);
        QCOMPARE(opened.at(0).at(0).toString(), QStringLiteral("c"));
        // An id the inbox does not have: nothing.
        notifier.invoke(QStringLiteral("ntf_unknown"), QStringLiteral("approve"));
        notifier.click(QStringLiteral("ntf_unknown"));
        QCOMPARE(store.pendingDecisionCount(), 1);
        QCOMPARE(opened.count(), 1);
        QCOMPARE(comment.count(), 1);
    }

    void signOutClosesEverything()
    {
        InboxStore store(newDatabase());
        QVERIFY(store.applyDelta({}, QStringLiteral("0")));
        FakeNotifier notifier;
        WatchedInbox watched(store, notifier);
        QVERIFY(store.applyDelta({ item(wireItem(QStringLiteral("a"), 1)) }, QStringLiteral("1")));
        QCOMPARE(notifier.open().size(), 1);
        store.setDatabase(nullptr);
        QVERIFY(notifier.open().isEmpty());
        QVERIFY(watched.watcher.shownItems().isEmpty());
        // The next person's cache is a baseline again, not news.
        InboxStore *const same = &store;
        same->setDatabase(newDatabase());
        QVERIFY(store.applyDelta({ item(wireItem(QStringLiteral("z"), 9)) }, QStringLiteral("1")));
        QCOMPARE(notifier.shownLog().size(), 1);
    }

    void aLateItemOlderThanTheNewestIsNews()
    {
        // A cache of more items than one screenful, all newer than the one that comes late.
        InboxStore store(newDatabase());
        QList<InboxItem> cache;
        for (int minute = 5; minute < 60; ++minute)
            cache.append(item(wireItem(QStringLiteral("cached%1").arg(minute), minute)));
        QVERIFY(store.applyDelta(cache, QStringLiteral("1")));
        FakeNotifier notifier;
        WatchedInbox watched(store, notifier);

        // Created while this device was offline (older than the 55 cached), brought by a live
        // delta page with a cached item sent again: the late one is news, the cached one not.
        QVERIFY(store.applyDelta({ item(wireItem(QStringLiteral("cached7"), 7)),
                                     item(wireItem(QStringLiteral("late"), 1)) },
            QStringLiteral("2")));
        QCOMPARE(notifier.shownIds(), QStringList { QStringLiteral("late") });
        QCOMPARE(watched.watcher.shownItems(), QStringList { QStringLiteral("late") });
        // An answer's update of the late item (a read mark) is not news a second time.
        QVERIFY(store.markReadLocally(QStringLiteral("late")));
        QVERIFY(store.applyDelta(
            { item(withState(wireItem(QStringLiteral("late"), 1), QStringLiteral("read"))) },
            QStringLiteral("3")));
        QCOMPARE(notifier.shownLog().size(), 1);
        // Its click opens it.
        notifier.click(QStringLiteral("late"));
        QCOMPARE(watched.opened.count(), 1);
        QCOMPARE(watched.opened.constFirst().constFirst().toString(), QStringLiteral("late"));
    }

    void longBodiesAreCut()
    {
        QJsonObject json = wireItem(QStringLiteral("long"), 1);
        json.insert(QStringLiteral("body"), QString(500, QLatin1Char('x')));
        const Notification notification = InboxNotifier::notificationOf(item(json));
        QCOMPARE(notification.body.size(), InboxNotifier::bodyChars);
        QVERIFY(notification.body.endsWith(QChar(0x2026)));
    }
};

QTEST_GUILESS_MAIN(TestInboxNotifier)
#include "tst_inbox_notifier.moc"
