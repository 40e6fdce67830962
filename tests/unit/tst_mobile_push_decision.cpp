// The phones' notifications (platform/mobile's MobileNotifier) driven by the real inbox watcher
// (core/notify's InboxNotifier) on a real SQLCipher inbox store and decision outbox, with a fake
// MobileOs as the phone: a new item becomes the OS's notification, and the person's Approve on
// it, reported by the OS (twice, from its own thread), becomes one decision in the outbox.
#include "inboxfixture.h"
#include "mobile/mobilebridge.h"
#include "mobile/mobilenotifier.h"
#include "mobile/mobilepushpayload.h"
#include "tst_mobile_push_fakeos.h"
#include "watchedinbox.h"

#include <QThread>

using namespace tessera;
using namespace tessera::test;

namespace {

template<typename Fn>
void onOsThread(Fn fn)
{
    std::unique_ptr<QThread> thread(QThread::create(std::move(fn)));
    thread->start();
    QVERIFY(thread->wait(10'000));
}

} // namespace

class TestMobilePushDecision : public QObject, private InboxFixture
{
    Q_OBJECT

private Q_SLOTS:
    void approveFromTheOsDecidesOnceThroughTheOutbox()
    {
        DecidingInbox inbox(m_dir.filePath(QStringLiteral("session-approve.db")), newDatabase());
        InboxStore &store = inbox.store;
        QVERIFY(store.applyDelta({}, QStringLiteral("0")));
        FakeMobileOs os;
        MobileBridge bridge;
        MobileNotifier notifier(os, bridge);
        WatchedInbox watched(store, notifier, &inbox.outbox);
        const QSignalSpy &opened = watched.opened;
        const QSignalSpy &comment = watched.comment;

        QVERIFY(store.applyDelta({ item(wireItem(QStringLiteral("a"), 1)) }, QStringLiteral("1")));
        QCOMPARE(os.open().keys(), QStringList { QStringLiteral("a") });
        const Notification shown = os.open().value(QStringLiteral("a"));
        QCOMPARE(shown.title, QStringLiteral("Leave request a"));
        QCOMPARE(
            shown.actions, QStringList({ QStringLiteral("approve"), QStringLiteral("reject") }));

        // The OS reports the action on its own thread, and twice (a double tap, a redelivered
        // broadcast).
        onOsThread([&] {
            bridge.notificationActionInvoked(QStringLiteral("a"), QStringLiteral("approve"), {});
            bridge.notificationActionInvoked(QStringLiteral("a"), QStringLiteral("approve"), {});
        });
        QTRY_COMPARE(store.pendingDecisionCount(), 1);
        QCoreApplication::processEvents();
        const QList<PendingDecision> pending = store.pendingDecisions();
        QCOMPARE(pending.size(), 1);
        QCOMPARE(pending.constFirst().itemId, QStringLiteral("a"));
        QCOMPARE(pending.constFirst().action, QStringLiteral("approve"));
        QVERIFY(pending.constFirst().comment.isEmpty());
        QVERIFY(store.item(QStringLiteral("a"))->pending);
        // The notification is gone from the phone.
        QCOMPARE(os.cancelledLog(), QStringList { QStringLiteral("a") });
        QVERIFY(os.open().isEmpty());
        QCOMPARE(opened.count(), 0);
        QCOMPARE(comment.count(), 0);
    }

    void rejectOpensTheCommentDialogWithWhatWasTyped()
    {
        DecidingInbox inbox(m_dir.filePath(QStringLiteral("session-reject.db")), newDatabase());
        InboxStore &store = inbox.store;
        QVERIFY(store.applyDelta({}, QStringLiteral("0")));
        FakeMobileOs os;
        MobileBridge bridge;
        MobileNotifier notifier(os, bridge);
        WatchedInbox watched(store, notifier, &inbox.outbox);
        const QSignalSpy &comment = watched.comment;
        const QSignalSpy &opened = watched.opened;
        QVERIFY(store.applyDelta(
            { item(wireItem(QStringLiteral("a"), 1)), item(wireItem(QStringLiteral("b"), 2)) },
            QStringLiteral("1")));
        QCOMPARE(os.open().size(), 2);

        // iOS's Reject carries the text typed into the notification; Android's opens the app.
        const QString typed = QStringLiteral("Not <b>this</b> week");
        onOsThread([&] {
            bridge.notificationActionInvoked(QStringLiteral("a"), QStringLiteral("reject"), typed);
        });
        QTRY_COMPARE(comment.count(), 1);
        QCOMPARE(comment.at(0), QVariantList({ QStringLiteral("a"), QStringLiteral("reject") }));
        // The comment dialog starts with it, once; nothing is decided before the person confirms.
        QCOMPARE(notifier.takeComment(QStringLiteral("a")), typed);
        QVERIFY(notifier.takeComment(QStringLiteral("a")).isEmpty());
        QCOMPARE(store.pendingDecisionCount(), 0);

        // A tap opens the item.
        bridge.notificationTapped(QStringLiteral("b"));
        QTRY_COMPARE(opened.count(), 1);
        QCOMPARE(opened.at(0).at(0).toString(), QStringLiteral("b"));
        QCOMPARE(store.pendingDecisionCount(), 0);
    }

    void malformedActionsDecideNothing()
    {
        DecidingInbox inbox(m_dir.filePath(QStringLiteral("session-bad.db")), newDatabase());
        InboxStore &store = inbox.store;
        QVERIFY(store.applyDelta({}, QStringLiteral("0")));
        FakeMobileOs os;
        MobileBridge bridge;
        MobileNotifier notifier(os, bridge);
        WatchedInbox watched(store, notifier, &inbox.outbox);
        QSignalSpy actions(&notifier, &Notifier::actionInvoked);
        QSignalSpy closed(&notifier, &Notifier::closed);
        QVERIFY(store.applyDelta(
            { item(wireItem(QStringLiteral("a"), 1)), item(wireItem(QStringLiteral("b"), 2)) },
            QStringLiteral("1")));

        bridge.notificationActionInvoked(QStringLiteral("a"), QStringLiteral("delete"), {});
        bridge.notificationActionInvoked(QStringLiteral("a"), QStringLiteral("APPROVE"), {});
        bridge.notificationActionInvoked({}, QStringLiteral("approve"), {});
        bridge.notificationActionInvoked(QStringLiteral("a b"), QStringLiteral("approve"), {});
        bridge.notificationActionInvoked(QString(129, u'a'), QStringLiteral("approve"), {});
        bridge.notificationActionInvoked(QStringLiteral("a"), QStringLiteral("reject"),
            QString(MobilePushPayload::maxCommentChars + 1, u'x'));
        // Swiped away, then an Approve the OS still reports for it: the person chose it, and
        // InboxNotifier takes an action for any item the inbox holds, whoever showed its
        // notification (an earlier run, the OS while the app was not running).
        bridge.notificationDismissed(QStringLiteral("b"));
        bridge.notificationActionInvoked(QStringLiteral("b"), QStringLiteral("approve"), {});
        QTRY_COMPARE(closed.count(), 1);
        QTRY_COMPARE(actions.count(), 1);
        QCoreApplication::processEvents();
        QCOMPARE(actions.count(), 1);
        QCOMPARE(actions.at(0), QVariantList({ QStringLiteral("b"), QStringLiteral("approve") }));
        // One decision, for "b"; none of the malformed actions decided "a".
        QCOMPARE(store.pendingDecisionCount(), 1);
        QVERIFY(store.item(QStringLiteral("b"))->pending);
        QVERIFY(!store.item(QStringLiteral("a"))->pending);
        // "a" is still there to be decided.
        QVERIFY(os.open().contains(QStringLiteral("a")));
    }

    void answersBeforeTheAppWaitForIt()
    {
        // A tap that started the app: the OS reports it before the notifier is made.
        FakeMobileOs os;
        MobileBridge bridge;
        bridge.notificationTapped(QStringLiteral("itm_1"));
        bridge.notificationPermissionAnswered(true);
        MobileNotifier notifier(os, bridge);
        QSignalSpy activated(&notifier, &Notifier::activated);
        QSignalSpy permission(&notifier, &MobileNotifier::permissionAnswered);
        QTRY_COMPARE(activated.count(), 1);
        QCOMPARE(activated.at(0).at(0).toString(), QStringLiteral("itm_1"));
        QTRY_COMPARE(permission.count(), 1);
        QCOMPARE(permission.at(0).at(0).toBool(), true);
    }

    void permissionAndActionsGoToTheOs()
    {
        FakeMobileOs os;
        MobileBridge bridge;
        MobileNotifier notifier(os, bridge);
        QVERIFY(notifier.isAvailable());
        os.setAllowed(false);
        QVERIFY(!notifier.isAvailable());
        notifier.requestPermission();
        QCOMPARE(os.permissionRequests(), 1);
        // Only the phones' two actions reach the OS.
        notifier.show({ QStringLiteral("x"), QStringLiteral("T"), QStringLiteral("B"),
            { QStringLiteral("approve"), QStringLiteral("snooze"), QStringLiteral("reject") } });
        QCOMPARE(os.open().value(QStringLiteral("x")).actions,
            QStringList({ QStringLiteral("approve"), QStringLiteral("reject") }));
        notifier.close(QStringLiteral("x"));
        QVERIFY(os.open().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestMobilePushDecision)
#include "tst_mobile_push_decision.moc"
