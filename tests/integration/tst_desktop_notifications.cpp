// Desktop notifications for real: the app's inbox (the client stack signed in against the real
// server over TLS) with core's InboxNotifier and the desktop's Notifier (QtDBus) on a private
// session bus, where python3-dbusmock's notification daemon records the calls and plays the
// person: a sub-system's notification becomes a Notify with its actions; "approve" on it becomes
// one decision that reaches the sub-system's webhook once; an item decided on another device has
// its notification closed.
#include "desktop/desktopnotifier.h"
#include "inboxserverfixture.h"
#include "notificationdaemonfixture.h"
#include "watchedinbox.h"

using namespace tessera;
using namespace tessera::test;

namespace {

// Notify's arguments: app_name, replaces_id, app_icon, summary, body, actions, hints, timeout.
enum NotifyArg { AppName = 0, ReplacesId = 1, Summary = 3, Body = 4, Actions = 5 };

QStringList actionsOf(const QVariantList &notify)
{
    const QVariant actions = notify.value(Actions);
    if (actions.canConvert<QDBusArgument>())
        return qdbus_cast<QStringList>(actions.value<QDBusArgument>());
    return actions.toStringList();
}

} // namespace

class TestDesktopNotifications : public QObject, private InboxServerFixture
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { startParts(); }

    void notifyApproveAndCloseOnTheDaemon()
    {
        NotificationDaemonMock daemon;
        QVERIFY2(
            daemon.start(QStringLiteral("actions body body-markup")), qPrintable(daemon.error()));
        ServerProcess server;
        QVERIFY2(server.start(serverOptions()), qPrintable(server.error()));
        WebhookReceiver receiver;
        QVERIFY(receiver.listen());
        // Already in the inbox before the app starts: never notified.
        const QString before = notify(server, { QStringLiteral("E1002") }, receiver.url());
        QVERIFY(!before.isEmpty());

        MemorySecretStore secrets;
        Device ben(server.url(), m_ca.caFile(), secrets, m_deviceInfo, newDatabasePath(),
            QStringLiteral("ben-desktop"));
        DesktopNotifier notifier(daemon.connection());
        QTRY_VERIFY_WITH_TIMEOUT(notifier.isAvailable(), kTimeout);
        WatchedInbox watched(*ben.store, notifier, ben.outbox, ben.sync); // the window in the tray
        ben.stack->start();
        QVERIFY(signIn(ben, server, QStringLiteral("Ben Okafor")));
        QTRY_VERIFY_WITH_TIMEOUT(ben.store->item(before).has_value(), kTimeout);
        QTRY_VERIFY_WITH_TIMEOUT(ben.sync->isLive(), kTimeout);

        // A new item through the stream: one Notify with its actions; the body escaped for a
        // daemon that reads markup.
        const QString fresh = notifyWithBody(server, receiver.url(),
            QStringLiteral("<b>Tom & Jerry</b>"), QStringLiteral("Leave <i>now</i>"));
        QVERIFY(!fresh.isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(daemon.calls(QStringLiteral("Notify")).size(), 1, kTimeout);
        const QVariantList shown = daemon.calls(QStringLiteral("Notify")).constFirst();
        QCOMPARE(shown.value(AppName).toString(), QStringLiteral("Tessera"));
        QCOMPARE(shown.value(ReplacesId).toUInt(), 0u);
        QCOMPARE(shown.value(Summary).toString(), QStringLiteral("Leave <i>now</i>"));
        QCOMPARE(
            shown.value(Body).toString(), QStringLiteral("&lt;b&gt;Tom &amp; Jerry&lt;/b&gt;"));
        QCOMPARE(actionsOf(shown),
            QStringList(
                { QStringLiteral("approve"), QStringLiteral("Approve"), QStringLiteral("reject"),
                    QStringLiteral("Reject"), QStringLiteral("default"), QStringLiteral("Open") }));
        QCOMPARE(watched.watcher.shownItems(), QStringList { fresh });
        QTRY_VERIFY_WITH_TIMEOUT(notifier.hasNotification(fresh), kTimeout);

        // The person approves from the notification (the daemon reports it twice): one decision,
        // one webhook; the notification is closed.
        const uint firstId = 1; // the mock's first notification id
        QVERIFY(daemon.invokeAction(firstId, QStringLiteral("approve")));
        QVERIFY(daemon.invokeAction(firstId, QStringLiteral("approve")));
        QTRY_COMPARE_WITH_TIMEOUT(receiver.deliveries().size(), 1, kTimeout);
        const QJsonObject hook =
            QJsonDocument::fromJson(receiver.deliveries().constFirst().body).object();
        QCOMPARE(hook.value(QStringLiteral("notificationId")).toString(), fresh);
        QCOMPARE(hook.value(QStringLiteral("action")).toString(), QStringLiteral("approve"));
        QCOMPARE(hook.value(QStringLiteral("decidedBy")).toString(), QStringLiteral("E1002"));
        QTRY_COMPARE_WITH_TIMEOUT(
            ben.store->item(fresh)->state, QStringLiteral("approved"), kTimeout);
        QTRY_COMPARE_WITH_TIMEOUT(
            daemon.calls(QStringLiteral("CloseNotification")).size(), 1, kTimeout);
        QCOMPARE(daemon.calls(QStringLiteral("CloseNotification")).constFirst().value(0).toUInt(),
            firstId);

        // Another item, decided by Ben on another device: its notification is closed here.
        const QString elsewhere = notify(server, { QStringLiteral("E1002") }, receiver.url());
        QTRY_COMPARE_WITH_TIMEOUT(daemon.calls(QStringLiteral("Notify")).size(), 2, kTimeout);
        QTRY_VERIFY_WITH_TIMEOUT(notifier.hasNotification(elsewhere), kTimeout);
        const uint secondId = 2;
        const HttpResult decided =
            httpRequest("POST", server.url(QStringLiteral("/v1/inbox/%1/decision").arg(elsewhere)),
                compactJson(QJsonObject { { QStringLiteral("action"), QStringLiteral("approve") },
                    { QStringLiteral("version"), 1 } }),
                bearer(tokenOf(server, QStringLiteral("Ben Okafor")), "ben-cli-1"));
        QCOMPARE(decided.status, 200);
        QTRY_COMPARE_WITH_TIMEOUT(
            daemon.calls(QStringLiteral("CloseNotification")).size(), 2, kTimeout);
        QCOMPARE(
            daemon.calls(QStringLiteral("CloseNotification")).at(1).value(0).toUInt(), secondId);
        QVERIFY(watched.watcher.shownItems().isEmpty());

        // Still exactly one webhook from the notification's approval (the second was Ben's on
        // the other device), and the item present at the start was never shown.
        QTRY_COMPARE_WITH_TIMEOUT(receiver.deliveries().size(), 2, kTimeout);
        QTest::qWait(500);
        QCOMPARE(receiver.deliveries().size(), 2);
        QCOMPARE(daemon.calls(QStringLiteral("Notify")).size(), 2);
    }

    void rejectAndClickOpenTheApp()
    {
        NotificationDaemonMock daemon;
        QVERIFY2(daemon.start(QStringLiteral("actions body")), qPrintable(daemon.error()));
        ServerProcess server;
        QVERIFY2(server.start(serverOptions()), qPrintable(server.error()));
        WebhookReceiver receiver;
        QVERIFY(receiver.listen());

        MemorySecretStore secrets;
        Device ben(server.url(), m_ca.caFile(), secrets, m_deviceInfo, newDatabasePath(),
            QStringLiteral("ben-desktop-2"));
        DesktopNotifier notifier(daemon.connection());
        WatchedInbox watched(*ben.store, notifier, ben.outbox, ben.sync);
        ben.stack->start();
        QVERIFY(signIn(ben, server, QStringLiteral("Ben Okafor")));
        QTRY_VERIFY_WITH_TIMEOUT(ben.sync->isLive(), kTimeout);
        QTRY_VERIFY_WITH_TIMEOUT(!ben.store->cursor().isEmpty(), kTimeout);
        const QSignalSpy &comment = watched.comment;
        const QSignalSpy &opened = watched.opened;

        const QString one =
            notifyWithBody(server, receiver.url(), QStringLiteral("a < b"), QStringLiteral("One"));
        QTRY_COMPARE_WITH_TIMEOUT(daemon.calls(QStringLiteral("Notify")).size(), 1, kTimeout);
        // A daemon without body-markup gets the body as it is.
        QCOMPARE(daemon.calls(QStringLiteral("Notify")).constFirst().value(Body).toString(),
            QStringLiteral("a < b"));
        const QString two = notify(server, { QStringLiteral("E1002") }, receiver.url());
        QTRY_COMPARE_WITH_TIMEOUT(daemon.calls(QStringLiteral("Notify")).size(), 2, kTimeout);
        QTRY_VERIFY_WITH_TIMEOUT(notifier.hasNotification(one), kTimeout);
        QTRY_VERIFY_WITH_TIMEOUT(notifier.hasNotification(two), kTimeout);

        // A notification id this app never sent (another application's): ignored.
        QVERIFY(daemon.invokeAction(77, QStringLiteral("approve")));
        QVERIFY(daemon.invokeAction(1, QStringLiteral("reject")));
        QVERIFY(daemon.invokeAction(2, QStringLiteral("default")));
        QTRY_COMPARE_WITH_TIMEOUT(comment.size(), 1, kTimeout);
        QCOMPARE(comment.constFirst(), QVariantList({ one, QStringLiteral("reject") }));
        QTRY_COMPARE_WITH_TIMEOUT(opened.size(), 1, kTimeout);
        QCOMPARE(opened.constFirst().constFirst().toString(), two);
        // Neither decided anything.
        QTest::qWait(500);
        QCOMPARE(ben.store->pendingDecisionCount(), 0);
        QVERIFY(receiver.deliveries().isEmpty());
    }

private:
    // A sub-system's notification to Ben with this body and title.
    QString notifyWithBody(const ServerProcess &server, const QByteArray &callback,
        const QString &body, const QString &title)
    {
        const QJsonObject request {
            { QStringLiteral("recipients"),
                QJsonObject {
                    { QStringLiteral("users"), QJsonArray { QStringLiteral("E1002") } } } },
            { QStringLiteral("title"), title },
            { QStringLiteral("body"), body },
            { QStringLiteral("category"), QStringLiteral("leave") },
            { QStringLiteral("priority"), QStringLiteral("normal") },
            { QStringLiteral("actionable"), true },
            { QStringLiteral("actions"), approveRejectActions() },
            { QStringLiteral("reference"), QStringLiteral("HR-N-%1").arg(m_keys + 1) },
            { QStringLiteral("callbackUrl"), QString::fromLatin1(callback) },
        };
        return postNotification(server, request);
    }
};

QTEST_GUILESS_MAIN(TestDesktopNotifications)
#include "tst_desktop_notifications.moc"
