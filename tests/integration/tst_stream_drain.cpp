// The app's live stream when its node drains (docs/DEPLOYMENT.md "Draining"): two
// nodes on one PostgreSQL behind a forwarder standing in for the load balancer; the node holding
// the stream gets SIGTERM and closes it with 4000 "reconnect"; the app's StreamClient connects
// again at once (a random wait of at most StreamClient::maxDrainDelay, far below its backoff's
// first delay, and no failure counted) through the balancer to the other node, which hints it
// and which it syncs from. The sync the reopened stream starts goes first over the connection the
// app kept alive to the draining node, which answers 503 draining: ApiClient drops it and asks
// again at once on a fresh one (the other node), so that sync works without a failure or backoff.
#include "inboxserverfixture.h"
#include "postgrescluster.h"

#include <QElapsedTimer>
#include <QFile>

#include <algorithm>
#include <csignal>

using namespace tessera;
using namespace tessera::test;

class TestStreamDrain : public QObject, protected InboxServerFixture
{
    Q_OBJECT

    PostgresCluster m_postgres;

private Q_SLOTS:
    void initTestCase()
    {
        startParts();
        QVERIFY2(m_postgres.start(), qPrintable(m_postgres.error()));
        QVERIFY(m_postgres.createDatabase(QStringLiteral("drain")));
    }

    void cleanupTestCase() { m_postgres.stop(); }

    void drainedStreamReconnectsAtOnceToAnotherNode()
    {
        // Node A makes the demo data and the secrets key; B shares the database and the key (and
        // the demo accounts' file, for the sub-system's API key the test posts with).
        ServerProcess::Options first = serverOptions();
        first.database = m_postgres.databaseUrl(QStringLiteral("drain"));
        first.extraArguments = { QStringLiteral("--drain-seconds"), QStringLiteral("3") };
        ServerProcess a;
        QVERIFY2(a.start(first), qPrintable(a.error()));
        ServerProcess::Options second = serverOptions(m_dir.filePath(QStringLiteral("node-b")));
        QVERIFY(QDir().mkpath(second.dataDir));
        QVERIFY(QFile::copy(QDir(a.dataDir()).filePath(QStringLiteral("demo-accounts.json")),
            QDir(second.dataDir).filePath(QStringLiteral("demo-accounts.json"))));
        second.database = first.database;
        second.demo = false;
        second.config.insert(QStringLiteral("secretsKeyFile"),
            QDir(a.dataDir()).filePath(QStringLiteral("secrets.key")));
        ServerProcess b;
        QVERIFY2(b.start(second), qPrintable(b.error()));

        // The device reaches the nodes through one address: the balancer (a forwarder).
        FaultyProxy balancer(1);
        QVERIFY(balancer.listen());
        balancer.setTarget(quint16(a.url().port()));
        QUrl through = a.url();
        through.setPort(balancer.port());
        MemorySecretStore secrets;
        Device ben(through, m_ca.caFile(), secrets, m_deviceInfo, newDatabasePath(),
            QStringLiteral("ben-phone"));
        ben.sync->start();
        QVERIFY(signIn(ben, a, QStringLiteral("Ben Okafor")));
        QTRY_VERIFY_WITH_TIMEOUT(ben.sync->isLive(), kTimeout);
        const StreamClient &stream = ben.sync->stream();
        QVERIFY(stream.isOpen());

        // A backoff whose first delay is far above the drain's wait: a reconnect that waited
        // for it (a failure counted) shows as a gap this long.
        const auto backoff = std::chrono::seconds(15);
        ben.sync->setRetryDelays(backoff, std::chrono::minutes(1));
        QSignalSpy opened(&stream, &StreamClient::opened);
        QSignalSpy closed(&stream, &StreamClient::closed);
        QSignalSpy hinted(&stream, &StreamClient::changed);
        QSignalSpy synced(ben.sync, &DeltaSync::synced);
        QSignalSpy failed(ben.sync, &DeltaSync::syncFailed);
        qsizetype syncedAtOpen = -1;
        connect(&stream, &StreamClient::opened, this,
            [&syncedAtOpen, &synced] { syncedAtOpen = synced.size(); });

        // The balancer takes A out (HAProxy does at its next health check, which answers 503
        // from the start of the drain): new connections go to B, the open stream stays on A.
        balancer.setTarget(quint16(b.url().port()));
        QElapsedTimer sinceClose;
        connect(&stream, &StreamClient::closed, this, [&sinceClose] { sinceClose.start(); });
        ::kill(static_cast<pid_t>(a.pid()), SIGTERM);
        QTRY_COMPARE_WITH_TIMEOUT(closed.size(), 1, kTimeout);
        QCOMPARE(stream.lastCloseCode(), int(StreamClient::closeCodeReconnect));
        QTRY_COMPARE_WITH_TIMEOUT(opened.size(), 1, kTimeout);
        const qint64 gapMs = sinceClose.elapsed();
        // Open again on B without the backoff: the wait scheduled was the drain's (not the
        // backoff's first delay), nothing else closed in between, and it came well before the
        // backoff would have let it try.
        QVERIFY(stream.isOpen());
        QCOMPARE(closed.size(), 1);
        QCOMPARE(stream.lastCloseCode(), int(StreamClient::closeCodeReconnect));
        QVERIFY2(stream.lastReconnectDelay() <= StreamClient::maxDrainDelay,
            qPrintable(QString::number(stream.lastReconnectDelay().count())));
        QVERIFY2(gapMs < std::chrono::milliseconds(backoff).count(),
            qPrintable(QStringLiteral("reopened after %1 ms").arg(gapMs)));
        qInfo("stream open again %lld ms after the 4000 (drain wait %lld ms)", gapMs,
            qint64(stream.lastReconnectDelay().count()));
        // The sync the reopen started: A's 503 draining on the kept connection, then B's answer on
        // a fresh one, before any backoff (a failure would wait backoff, and count).
        QTRY_VERIFY_WITH_TIMEOUT(synced.size() > syncedAtOpen, kTimeout);
        QVERIFY2(failed.isEmpty(), qPrintable(ben.sync->error()));
        QVERIFY2(sinceClose.elapsed() < std::chrono::milliseconds(backoff).count(),
            qPrintable(QStringLiteral("synced %1 ms after the 4000").arg(sinceClose.elapsed())));

        // A drains and stops by itself while the stream stays on B: a notification posted to B
        // is hinted on it, and the device syncs it in, without a failure.
        QCOMPARE(a.stop(0, std::chrono::seconds(12)), 0);
        QVERIFY(stream.isOpen());
        QCOMPARE(closed.size(), 1);
        const QString later = notify(b, { QStringLiteral("E1002") }, {}, QStringLiteral("Later"));
        QVERIFY(!later.isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(
            std::any_of(hinted.cbegin(), hinted.cend(),
                [](const QList<QVariant> &hint) { return hint.at(0).toString() == u"inbox"; }),
            kTimeout);
        QTRY_COMPARE_WITH_TIMEOUT(ben.rowOf(later), 0, kTimeout);
        QVERIFY2(failed.isEmpty(), qPrintable(ben.sync->error()));
        QCOMPARE(closed.size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestStreamDrain)
#include "tst_stream_drain.moc"
