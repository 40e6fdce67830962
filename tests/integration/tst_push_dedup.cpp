// One place against a second notification of an item (DESIGN.md second round, decision 5: a push
// comes at least once, and an item may come both by the stream and by a push): InboxNotifier's
// announced marks, kept in the client's database, against the real server over TLS with the
// inbox's live stream, a PushClient whose channel takes no server pushes (the test hands the
// pushes in, encrypted for the device's keychain-held keys as the server would), core's
// InboxNotifier on a FakeNotifier:
// - an item the stream brought and showed, whose notification the person dismissed, then
//   pushed twice: one notification;
// - an item pushed first, then its push again: one notification;
// - after a restart of the client: the push of an item the stream showed before the restart (its
//   first push) and the pushes of items shown before: nothing shown; a new item is still shown
//   once.
#include "pushserverfixture.h"

using namespace tessera;
using namespace tessera::test;

class TestPushDedup : public QObject, private PushServerFixture
{
    Q_OBJECT

    // Hands body to the device's channel and waits for the push to be handled; whether it was
    // shown (nullopt: dropped or not handled in time).
    static std::optional<bool> deliver(
        PushDevice &device, FakePushChannel &channel, const QByteArray &body, const QString &itemId)
    {
        QSignalSpy handled(device.push, &PushClient::pushHandled);
        channel.deliver(body);
        if (!QTest::qWaitFor([&] { return !handled.isEmpty(); }, kTimeout))
            return std::nullopt;
        if (handled.constFirst().value(0).toString() != itemId)
            return std::nullopt;
        return handled.constFirst().value(1).toBool();
    }

    // No subscription at the server (the test delivers every push itself); the device's keys
    // are made all the same.
    static void noSubscription(FakePushChannel &channel)
    {
        channel.setFailure(QStringLiteral("no push service in this test"));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(hasKeyringSession(), noKeyringSession);
        QVERIFY(startPushParts());
    }

    void streamAndPushAndRestartShowOnce()
    {
        ServerProcess server;
        QVERIFY(startServer(server));
        const QString service = newService();
        const QString databasePath = newDatabasePath();
        PushKeys keys;
        QString streamed;
        QString pushed;
        QString quiet;
        {
            PushDevice ben(server.url(), m_ca.caFile(), m_deviceInfo, service, databasePath,
                QStringLiteral("ben-phone"), true);
            FakePushChannel channel(m_service, QStringLiteral("ben"));
            noSubscription(channel);
            QSignalSpy failed(ben.push, &PushClient::registrationFailed);
            QSignalSpy dropped(ben.push, &PushClient::pushDropped);
            QSignalSpy synced(ben.sync, &InboxSync::synced);
            ben.push->setChannel(&channel);
            QVERIFY(signIn(ben, server, QStringLiteral("Ben Okafor")));
            QTRY_VERIFY_WITH_TIMEOUT(!failed.isEmpty(), kTimeout);
            QTRY_VERIFY_WITH_TIMEOUT(!synced.isEmpty(), kTimeout);
            keys = storedKeys(*ben.secrets);
            QVERIFY(keys.isValid());

            // The stream brings an item: shown once.
            streamed = notify(server, { QStringLiteral("E1002") }, {}, QStringLiteral("Streamed"));
            QVERIFY(!streamed.isEmpty());
            QTRY_COMPARE_WITH_TIMEOUT(ben.shownCount(streamed), 1, kTimeout);
            // Dismissed by the person (its notification no longer open), then its push comes,
            // twice (at least once): not shown again.
            ben.notifier.dismiss(streamed);
            QVERIFY(ben.notifications->shownItems().isEmpty());
            const QByteArray streamedPush = pushFor(streamed, keys.publicKey, keys.auth);
            QCOMPARE(deliver(ben, channel, streamedPush, streamed), std::optional<bool>(false));
            QCOMPARE(deliver(ben, channel, streamedPush, streamed), std::optional<bool>(false));
            QCOMPARE(ben.shownCount(streamed), 1);

            // An item whose push comes before the stream's news or after it: one notification
            // however the two meet; its push again: none.
            pushed = notify(server, { QStringLiteral("E1002") }, {}, QStringLiteral("Pushed"));
            QVERIFY(!pushed.isEmpty());
            const QByteArray pushedPush = pushFor(pushed, keys.publicKey, keys.auth);
            QVERIFY(deliver(ben, channel, pushedPush, pushed).has_value());
            QTRY_COMPARE_WITH_TIMEOUT(ben.shownCount(pushed), 1, kTimeout);
            QCOMPARE(deliver(ben, channel, pushedPush, pushed), std::optional<bool>(false));
            QTest::qWait(300);
            QCOMPARE(ben.shownCount(pushed), 1);

            // An item the stream shows and whose push has not come before the restart.
            quiet = notify(server, { QStringLiteral("E1002") }, {}, QStringLiteral("Quiet"));
            QVERIFY(!quiet.isEmpty());
            QTRY_COMPARE_WITH_TIMEOUT(ben.shownCount(quiet), 1, kTimeout);
            QVERIFY(dropped.isEmpty());
            QCOMPARE(ben.notifier.shownLog().size(), 3);
        }

        // The app starts again: the session is restored from the keychain and the database.
        PushDevice ben(server.url(), m_ca.caFile(), m_deviceInfo, service, databasePath,
            QStringLiteral("ben-phone"), true);
        FakePushChannel channel(m_service, QStringLiteral("ben"));
        noSubscription(channel);
        QSignalSpy synced(ben.sync, &InboxSync::synced);
        QSignalSpy dropped(ben.push, &PushClient::pushDropped);
        QVERIFY(ben.run([&] { ben.session->restore(); }));
        QCOMPARE(ben.session->state(), Session::State::SignedIn);
        ben.push->setChannel(&channel); // after the first frame
        QTRY_VERIFY_WITH_TIMEOUT(!synced.isEmpty(), kTimeout);
        QCOMPARE(storedKeys(*ben.secrets).publicKey, keys.publicKey);
        QVERIFY(ben.store->item(streamed).has_value());

        // The stream showed it before the restart; its push comes only now: not shown.
        QCOMPARE(deliver(ben, channel, pushFor(quiet, keys.publicKey, keys.auth), quiet),
            std::optional<bool>(false));
        QCOMPARE(deliver(ben, channel, pushFor(streamed, keys.publicKey, keys.auth), streamed),
            std::optional<bool>(false));
        // A push showed it before the restart; the push again: not shown.
        QCOMPARE(deliver(ben, channel, pushFor(pushed, keys.publicKey, keys.auth), pushed),
            std::optional<bool>(false));
        QTest::qWait(300);
        QVERIFY(ben.notifier.shownLog().isEmpty());
        QVERIFY(dropped.isEmpty());

        // A new item is news: shown once, by the stream or its push, whichever comes first.
        const QString fresh =
            notify(server, { QStringLiteral("E1002") }, {}, QStringLiteral("New"));
        QVERIFY(!fresh.isEmpty());
        QVERIFY(
            deliver(ben, channel, pushFor(fresh, keys.publicKey, keys.auth), fresh).has_value());
        QTRY_COMPARE_WITH_TIMEOUT(ben.shownCount(fresh), 1, kTimeout);
        QCOMPARE(deliver(ben, channel, pushFor(fresh, keys.publicKey, keys.auth), fresh),
            std::optional<bool>(false));
        QTest::qWait(300);
        QCOMPARE(ben.notifier.shownLog().size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestPushDedup)
#include "tst_push_dedup.moc"
