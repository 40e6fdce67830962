// The client's session and stream against the real server over TLS: an expired stream token
// refreshed and reconnected, the pinned stream sending the token only after the key check,
// sign-out emptying the model, and services held until released.
#include "inboxserverfixture.h"

using namespace tessera;
using namespace tessera::test;

class TestInboxServerSession : public QObject, protected InboxServerFixture
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { startParts(); }

    // The stream's token expires: the server closes it with 4401; the client refreshes the
    // token by itself, opens the stream again and hears hints again.
    void streamTokenExpiryRefreshesAndReconnects()
    {
        const QDateTime start = QDateTime(QDate(2026, 11, 29), QTime(9, 0), Qt::UTC);
        ServerProcess::Options options = serverOptions(m_dir.filePath(QStringLiteral("expiry")));
        QVERIFY(QDir().mkpath(options.dataDir));
        options.now = start.toString(Qt::ISODate);
        auto server = std::make_unique<ServerProcess>();
        QVERIFY2(server->start(options), qPrintable(server->error()));
        const QDateTime firstStarted = QDateTime::currentDateTimeUtc();
        // The device reaches the server through a plain forwarder (the server's port changes
        // when it starts again).
        FaultyProxy forwarder(1);
        QVERIFY(forwarder.listen());
        forwarder.setTarget(quint16(server->url().port()));
        QUrl through = server->url();
        through.setPort(forwarder.port());
        MemorySecretStore secrets;
        Device ben(through, m_ca.caFile(), secrets, m_deviceInfo, newDatabasePath(),
            QStringLiteral("ben-phone"));
        ben.sync->setRetryDelays(std::chrono::milliseconds(200), std::chrono::seconds(1));
        ben.sync->start();
        QVERIFY(signIn(ben, *server, QStringLiteral("Ben Okafor")));
        QTRY_VERIFY_WITH_TIMEOUT(ben.sync->isLive(), kTimeout);

        // The server comes back almost a day later by its clock: the token Ben's device holds
        // has about 15 s left (the device does not know: its clock did not move).
        QVERIFY(server->stop().has_value());
        server.reset();
        options.now = start.addSecs(24 * 3600 - 15)
                          .addMSecs(firstStarted.msecsTo(QDateTime::currentDateTimeUtc()))
                          .toString(Qt::ISODate);
        server = std::make_unique<ServerProcess>();
        QVERIFY2(server->start(options), qPrintable(server->error()));
        forwarder.setTarget(quint16(server->url().port()));
        QSignalSpy refreshed(ben.session.get(), &Session::refreshFinished);
        // Open again with the old token (unless a slow start used up its seconds), then closed
        // with 4401 when it expires.
        QTRY_COMPARE_WITH_TIMEOUT(ben.sync->stream().lastCloseCode(), 4401, kTimeout);
        // Refreshed by itself, and open again with the new token.
        QTRY_VERIFY_WITH_TIMEOUT(!refreshed.isEmpty(), kTimeout);
        QCOMPARE(refreshed.first().at(0).toBool(), true);
        QCOMPARE(ben.session->state(), Session::State::SignedIn);
        QTRY_VERIFY_WITH_TIMEOUT(ben.sync->isLive(), kTimeout);
        // Hints arrive again: a new notification reaches the device without a sync asked for.
        const QString later =
            notify(*server, { QStringLiteral("E1002") }, {}, QStringLiteral("Later"));
        QTRY_COMPARE_WITH_TIMEOUT(ben.rowOf(later), 0, kTimeout);
        QVERIFY(ben.sync->isLive());
        for (const QList<QVariant> &refresh : std::as_const(refreshed))
            QCOMPARE(refresh.at(0).toBool(), true);
    }

    // A pinned server key: the stream opens without the token, checks the key the server
    // presented on that socket, then sends the token as its first message; hints arrive. The
    // server refuses a first message without a valid token (4401). Another key (a valid
    // certificate of the same CA): nothing is sent, the stream fails with the reason.
    void pinnedStreamSendsTheTokenAfterTheKeyCheck()
    {
        ServerProcess::Options options = serverOptions(m_dir.filePath(QStringLiteral("pinned")));
        QVERIFY(QDir().mkpath(options.dataDir));
        auto server = std::make_unique<ServerProcess>();
        QVERIFY2(server->start(options), qPrintable(server->error()));
        FaultyProxy forwarder(1);
        QVERIFY(forwarder.listen());
        forwarder.setTarget(quint16(server->url().port()));
        QUrl through = server->url();
        through.setPort(forwarder.port());
        const QList<QSslCertificate> presented =
            QSslCertificate::fromPath(m_certificate->certificateFile);
        QCOMPARE(presented.size(), 1);
        const QByteArray pin = TlsPolicy::publicKeyDigest(presented.first());

        MemorySecretStore secrets;
        Device ben(through, m_ca.caFile(), secrets, m_deviceInfo, newDatabasePath(),
            QStringLiteral("ben-phone"), pin);
        ben.sync->setRetryDelays(std::chrono::milliseconds(200), std::chrono::seconds(1));
        QSignalSpy failed(&ben.sync->stream(), &StreamClient::failed);
        ben.sync->start();
        QVERIFY(signIn(ben, *server, QStringLiteral("Ben Okafor")));
        QVERIFY(!ben.session->webSocketRequest(QStringLiteral("/v1/stream"))
                     .hasRawHeader("Authorization"));
        QTRY_VERIFY_WITH_TIMEOUT(ben.sync->isLive(), kTimeout);
        const QString hinted =
            notify(*server, { QStringLiteral("E1002") }, {}, QStringLiteral("Pinned"));
        QTRY_COMPARE_WITH_TIMEOUT(ben.rowOf(hinted), 0, kTimeout);
        QCOMPARE(failed.size(), 0);
        QCOMPARE(ben.sync->stream().lastError(), QString());

        // The server's side, raw: an upgrade without a token whose first message is not a
        // valid one is closed with 4401.
        const QList<QByteArray> badFirstMessages {
            QByteArrayLiteral("{\"type\":\"auth\",\"token\":\"tat_nothing\"}"),
            QByteArrayLiteral("{\"type\":\"hello\"}"), QByteArrayLiteral("not json")
        };
        for (const QByteArray &first : badFirstMessages) {
            QWebSocket raw;
            QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
            raw.setSslConfiguration(tls);
            QUrl url = server->url(QStringLiteral("/v1/stream"));
            url.setScheme(QStringLiteral("wss"));
            QSignalSpy connected(&raw, &QWebSocket::connected);
            QSignalSpy disconnected(&raw, &QWebSocket::disconnected);
            QSignalSpy messages(&raw, &QWebSocket::textMessageReceived);
            raw.open(url);
            QTRY_VERIFY_WITH_TIMEOUT(!connected.isEmpty(), kTimeout);
            raw.sendTextMessage(QString::fromUtf8(first));
            QTRY_VERIFY_WITH_TIMEOUT(!disconnected.isEmpty(), kTimeout);
            QCOMPARE(int(raw.closeCode()), 4401);
            QCOMPARE(messages.size(), 0); // no hello
        }

        // Another key behind the same address (a valid certificate from the same CA): the
        // stream gives up before sending anything.
        const std::optional<IssuedCertificate> impostor =
            m_ca.issueServerCertificate(QStringLiteral("impostor"));
        QVERIFY2(impostor, qPrintable(m_ca.error()));
        QVERIFY(server->stop().has_value());
        server.reset();
        options.config = tlsServerConfig(*impostor);
        server = std::make_unique<ServerProcess>();
        QVERIFY2(server->start(options), qPrintable(server->error()));
        forwarder.setTarget(quint16(server->url().port()));
        QTRY_VERIFY_WITH_TIMEOUT(!failed.isEmpty(), kTimeout);
        QVERIFY(!ben.sync->isLive());
        QVERIFY2(ben.sync->stream().lastError().contains(QStringLiteral("pinned key")),
            qPrintable(ben.sync->stream().lastError()));
        const QString unseen =
            notify(*server, { QStringLiteral("E1002") }, {}, QStringLiteral("Unseen"));
        QVERIFY(!unseen.isEmpty());
        QTest::qWait(1500);
        QCOMPARE(ben.rowOf(unseen), -1); // no stream, and the sync refuses the key too
        QVERIFY(!ben.sync->isLive());
    }

    // Sign-out drops the cache: the store lets go of the database before it is deleted.
    void signOutEmptiesTheModel()
    {
        ServerProcess server;
        QVERIFY2(server.start(serverOptions()), qPrintable(server.error()));
        notify(server, { QStringLiteral("E1002") });
        MemorySecretStore secrets;
        const QString databasePath = newDatabasePath();
        Device ben(server.url(), m_ca.caFile(), secrets, m_deviceInfo, databasePath,
            QStringLiteral("ben-phone"));
        ben.sync->start();
        QVERIFY(signIn(ben, server, QStringLiteral("Ben Okafor")));
        QTRY_COMPARE_WITH_TIMEOUT(ben.model->rowCount(), 1, kTimeout);
        QTRY_VERIFY_WITH_TIMEOUT(ben.sync->isLive(), kTimeout);
        QVERIFY(ben.run([&] { ben.session->signOut(); }));
        QCOMPARE(ben.session->state(), Session::State::SignedOut);
        QCOMPARE(ben.model->rowCount(), 0);
        QVERIFY(!ben.store->hasDatabase());
        QVERIFY(!QFile::exists(databasePath));
        QTRY_VERIFY_WITH_TIMEOUT(!ben.sync->isLive(), kTimeout);
    }

    // The app's deferred start (Session::setHoldServicesOnSignIn): each sign-in holds the sync,
    // the stream and the outbox until releaseServices(); the inbox shows meanwhile that an
    // update is on its way, and everything runs as usual once released.
    void heldServicesStartWhenReleased()
    {
        ServerProcess server;
        QVERIFY2(server.start(serverOptions()), qPrintable(server.error()));
        const QString first = notify(server, { QStringLiteral("E1002") });
        QVERIFY(!first.isEmpty());
        MemorySecretStore secrets;
        Device ben(server.url(), m_ca.caFile(), secrets, m_deviceInfo, newDatabasePath(),
            QStringLiteral("ben-phone"));
        ben.session->setHoldServicesOnSignIn(true);
        QSignalSpy released(ben.session.get(), &Session::servicesReleased);
        ben.sync->start();

        for (int signIns = 1; signIns <= 2; ++signIns) {
            QVERIFY(signIn(ben, server, QStringLiteral("Ben Okafor")));
            QVERIFY(ben.session->servicesHeld());
            QVERIFY(!ben.session->servicesMayRun());
            QVERIFY(ben.store->hasDatabase()); // the cache is there at once
            QVERIFY(ben.model->isLoading()); // "updating" from the first frame on
            QVERIFY(!ben.sync->stream().isActive());
            QTest::qWait(300); // what a sync on loopback would take: none starts
            QCOMPARE(ben.model->rowCount(), 0);
            QVERIFY(ben.store->cursor().isEmpty());
            QVERIFY(!ben.sync->isLive());
            QCOMPARE(released.size(), signIns - 1);

            ben.session->releaseServices();
            QCOMPARE(released.size(), signIns);
            QVERIFY(ben.session->servicesMayRun());
            QVERIFY(ben.sync->stream().isActive());
            QTRY_COMPARE_WITH_TIMEOUT(ben.model->rowCount(), 1, kTimeout);
            QTRY_VERIFY_WITH_TIMEOUT(!ben.model->isLoading(), kTimeout);
            QTRY_VERIFY_WITH_TIMEOUT(ben.sync->isLive(), kTimeout);
            ben.session->releaseServices(); // nothing held: nothing happens
            QCOMPARE(released.size(), signIns);

            // A decision goes out at once now; the next sign-in is held again.
            if (signIns == 1) {
                QVERIFY(!ben.outbox->decide(first, QStringLiteral("approve")));
                QTRY_COMPARE_WITH_TIMEOUT(ben.role(first, InboxModel::StateRole).toString(),
                    QStringLiteral("approved"), kTimeout);
                QVERIFY(ben.run([&] { ben.session->signOut(); }));
                QCOMPARE(ben.model->rowCount(), 0);
                QVERIFY(!ben.model->isLoading());
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestInboxServerSession)
#include "tst_inbox_server_session.moc"
