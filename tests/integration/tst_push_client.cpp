// The app's own push against the real server with a VAPID key, over TLS: the client
// stack's PushClient with a FakePushChannel whose push service is a loopback HTTP/1.1 receiver
// in this process, the push keys in the real keyring (scripts/with-keyring.sh), the inbox
// without its live stream (so only a push brings a new item), core's InboxNotifier on a
// FakeNotifier:
// - the client registers {webpush, endpoint, keys} once its keys are made; a sub-system's
//   notification makes the server push; the client decrypts it with its keychain-held keys, the
//   push's sync brings the item, and it is shown once with its title and actions; approve from
//   the notification is a decision through the outbox;
// - the same push delivered twice: one notification;
// - a garbage body, a body encrypted for other keys, a valid push for an unknown id and one for
//   another person's item: dropped, nothing shown;
// - after a restart of the client the same keys are read from the keychain (the same p256dh
//   registered), pushes still decrypt, and a push handled before the restart is not shown again;
// - sign-out unregisters the channel, removes the keys, and the server sends this device
//   nothing more (a person still subscribed gets the same notification's push).
#include "push/webpushdecryptor.h"
#include "pushserverfixture.h"

using namespace tessera;
using namespace tessera::test;

class TestPushClient : public QObject, private PushServerFixture
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(hasKeyringSession(), noKeyringSession);
        QVERIFY(startPushParts());
    }

    void pushShowsTheItemOnce()
    {
        ServerProcess server;
        QVERIFY(startServer(server));
        const QString service = newService();
        PushDevice ben(server.url(), m_ca.caFile(), m_deviceInfo, service, newDatabasePath(),
            QStringLiteral("ben-phone"));
        FakePushChannel channel(m_service, QStringLiteral("ben"));
        ben.push->setChannel(&channel);
        QSignalSpy registered(ben.push, &PushClient::registered);
        QSignalSpy handled(ben.push, &PushClient::pushHandled);
        QSignalSpy dropped(ben.push, &PushClient::pushDropped);
        QSignalSpy synced(ben.sync, &InboxSync::synced);
        QVERIFY(signIn(ben, server, QStringLiteral("Ben Okafor")));
        QTRY_VERIFY_WITH_TIMEOUT(!synced.isEmpty(), kTimeout);
        QTRY_COMPARE_WITH_TIMEOUT(registered.size(), 1, kTimeout);
        QCOMPARE(channel.requests(), 1);
        QVERIFY(ben.push->isRegistered());

        // The keys the client registered are the keychain's.
        const PushKeys keys = storedKeys(*ben.secrets);
        QVERIFY(keys.isValid());

        // A sub-system's notification: the server pushes, the client shows it once.
        const QString id = notify(
            server, { QStringLiteral("E1002") }, {}, QStringLiteral("Leave request from Asha"));
        QVERIFY(!id.isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(m_service.receivedBy(QStringLiteral("ben")), 1, kTimeout);
        QTRY_COMPARE_WITH_TIMEOUT(ben.shownCount(id), 1, kTimeout);
        QTRY_COMPARE_WITH_TIMEOUT(handled.size(), 1, kTimeout);
        QCOMPARE(handled.constFirst().value(0).toString(), id);
        QVERIFY(dropped.isEmpty());
        const Notification shown = ben.notifier.open().value(id);
        QCOMPARE(shown.title, QStringLiteral("Leave request from Asha"));
        QCOMPARE(
            shown.actions, QStringList({ QStringLiteral("approve"), QStringLiteral("reject") }));
        QVERIFY(ben.store->item(id).has_value());

        // The same push again (a push service delivers at least once): no second notification.
        const QByteArray body = m_service.received().constLast().second;
        channel.deliver(body);
        QTRY_COMPARE_WITH_TIMEOUT(handled.size(), 2, kTimeout);
        QCOMPARE(handled.at(1).value(0).toString(), id);
        QCOMPARE(handled.at(1).value(1).toBool(), false);
        QCOMPARE(ben.shownCount(id), 1);

        // Approve from the notification: one decision through the outbox.
        ben.notifier.invoke(id, QStringLiteral("approve"));
        QTRY_COMPARE_WITH_TIMEOUT(ben.store->item(id)->state, QStringLiteral("approved"), kTimeout);

        // Nothing to show: garbage, a body for other keys, an unknown id, another's item.
        const auto [otherPrivate, otherPublic] = WebPushDecryptor::generateKeyPair();
        const QString ashas = notify(server, { QStringLiteral("E1001") });
        QVERIFY(!ashas.isEmpty());
        const QString unknown = QStringLiteral("ntf_") + QString(22, QLatin1Char('Q'));
        const QList<std::pair<const char *, QByteArray>> bad {
            { "garbage", QByteArray("not a push at all") },
            { "other keys", pushFor(id, otherPublic, keys.auth) },
            { "unknown id", pushFor(unknown, keys.publicKey, keys.auth) },
            { "another person's item", pushFor(ashas, keys.publicKey, keys.auth) },
            { "empty", QByteArray() },
        };
        const qsizetype shownBefore = ben.notifier.shownLog().size();
        for (const auto &[why, each] : bad) {
            const qsizetype before = dropped.size();
            channel.deliver(each);
            QVERIFY2(QTest::qWaitFor([&] { return dropped.size() == before + 1; }, kTimeout), why);
        }
        QTest::qWait(300);
        QCOMPARE(ben.notifier.shownLog().size(), shownBefore);
        QCOMPARE(handled.size(), 2);
        QVERIFY(!ben.store->item(ashas).has_value());
        QVERIFY(!ben.store->item(unknown).has_value());
    }

    void keysSurviveARestartAndSignOutUnsubscribes()
    {
        ServerProcess server;
        QVERIFY(startServer(server));
        const QString service = newService();
        const QString databasePath = newDatabasePath();
        QByteArray publicKey;
        QString first;
        QByteArray firstBody;
        {
            PushDevice asha(server.url(), m_ca.caFile(), m_deviceInfo, service, databasePath,
                QStringLiteral("asha-phone"));
            FakePushChannel channel(m_service, QStringLiteral("asha-1"));
            asha.push->setChannel(&channel);
            QSignalSpy registered(asha.push, &PushClient::registered);
            QVERIFY(signIn(asha, server, QStringLiteral("Asha Rao")));
            QTRY_COMPARE_WITH_TIMEOUT(registered.size(), 1, kTimeout);
            publicKey = storedKeys(*asha.secrets).publicKey;
            QCOMPARE(publicKey.size(), 65);
            first = notify(server, { QStringLiteral("E1001") });
            QTRY_COMPARE_WITH_TIMEOUT(asha.shownCount(first), 1, kTimeout);
            asha.notifier.dismiss(first);
            QCOMPARE(m_service.receivedBy(QStringLiteral("asha-1")), 1);
            firstBody = m_service.received().constLast().second;
        }
        // The app starts again (its channel with another endpoint): the session is restored, the
        // keys are the same, and a push reaches the new endpoint and is shown.
        PushDevice asha(server.url(), m_ca.caFile(), m_deviceInfo, service, databasePath,
            QStringLiteral("asha-phone"));
        FakePushChannel channel(m_service, QStringLiteral("asha-2"));
        QSignalSpy registered(asha.push, &PushClient::registered);
        QSignalSpy synced(asha.sync, &InboxSync::synced);
        QVERIFY(asha.run([&] { asha.session->restore(); }));
        QCOMPARE(asha.session->state(), Session::State::SignedIn);
        asha.push->setChannel(&channel); // after the first frame
        QTRY_COMPARE_WITH_TIMEOUT(registered.size(), 1, kTimeout);
        QTRY_VERIFY_WITH_TIMEOUT(!synced.isEmpty(), kTimeout);
        QCOMPARE(storedKeys(*asha.secrets).publicKey, publicKey);
        // The push of before the restart, delivered again: remembered, not shown again.
        QSignalSpy handled(asha.push, &PushClient::pushHandled);
        channel.deliver(firstBody);
        QTRY_COMPARE_WITH_TIMEOUT(handled.size(), 1, kTimeout);
        QCOMPARE(handled.constFirst().value(0).toString(), first);
        QCOMPARE(handled.constFirst().value(1).toBool(), false);
        QCOMPARE(asha.shownCount(first), 0);
        const QString id = notify(server, { QStringLiteral("E1001") });
        QTRY_COMPARE_WITH_TIMEOUT(m_service.receivedBy(QStringLiteral("asha-2")), 1, kTimeout);
        QTRY_COMPARE_WITH_TIMEOUT(asha.shownCount(id), 1, kTimeout);
        QCOMPARE(m_service.receivedBy(QStringLiteral("asha-1")), 1);

        // A token change registers again.
        channel.changeToken();
        QTRY_COMPARE_WITH_TIMEOUT(registered.size(), 2, kTimeout);
        QCOMPARE(channel.requests(), 2);

        // Sign-out: the channel unregistered, the keys gone, the server pushes nothing more to
        // this device, while Ben (subscribed) gets the same notification's push.
        QVERIFY(asha.run([&] { asha.session->signOut(); }));
        QCOMPARE(asha.session->state(), Session::State::SignedOut);
        QCOMPARE(channel.unregisters(), 1);
        QTRY_COMPARE_WITH_TIMEOUT(readOutcome(*asha.secrets, PushKeyStore::secretName()),
            SecretOutcome::NotFound, kTimeout);
        PushDevice ben(server.url(), m_ca.caFile(), m_deviceInfo, newService(), newDatabasePath(),
            QStringLiteral("ben-phone-2"));
        FakePushChannel benChannel(m_service, QStringLiteral("ben-2"));
        ben.push->setChannel(&benChannel);
        QSignalSpy benRegistered(ben.push, &PushClient::registered);
        QVERIFY(signIn(ben, server, QStringLiteral("Ben Okafor")));
        QTRY_COMPARE_WITH_TIMEOUT(benRegistered.size(), 1, kTimeout);
        const QString both = notify(server, { QStringLiteral("E1001"), QStringLiteral("E1002") });
        QVERIFY(!both.isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(m_service.receivedBy(QStringLiteral("ben-2")), 1, kTimeout);
        QTRY_COMPARE_WITH_TIMEOUT(ben.shownCount(both), 1, kTimeout);
        QTest::qWait(500);
        QCOMPARE(m_service.receivedBy(QStringLiteral("asha-2")), 1);
        QCOMPARE(asha.notifier.shownLog().size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestPushClient)
#include "tst_push_client.moc"
