// Several tessera-server nodes on one PostgreSQL (docs/DEPLOYMENT.md): a change
// committed on one node hints the streams held by the others (LISTEN/NOTIFY); one item decided
// on two nodes at once is decided once (the other 409); the listener survives a PostgreSQL
// restart; a node with another secrets key refuses to start; SIGTERM drains a node (health 503
// draining, streams closed with 4000 "reconnect", exit 0); a session ended on one node closes its
// streams on the others at once (4401), not at their token check.
#include "clusterstream.h"
#include "demoaccounts.h"
#include "postgrescluster.h"
#include "serverprocess.h"
#include "testhttp.h"
#include "webhookreceiver.h"

#include <QDir>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkRequest>
#include <QSemaphore>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QWebSocket>

#include <csignal>
#include <memory>
#include <vector>

using namespace tessera::test;

namespace {

const QString kStart = QStringLiteral("2026-11-29T09:00:00Z");

// StreamHub::pingSeconds: how often a node checks its streams' tokens, the first time this long
// after it started (a revoked session's stream closes then at the latest).
constexpr qint64 kTokenCheckMs = qint64 { 30 } * 1000;

} // namespace

class TestCluster : public QObject
{
    Q_OBJECT

    PostgresCluster m_postgres;
    QString m_database;
    ServerProcess m_a;
    ServerProcess m_b;
    ServerProcess m_c;
    int m_keys = 0;

    // A node on the shared database with the first node's secrets key.
    ServerProcess::Options nodeOptions(const QStringList &extra = {}) const
    {
        ServerProcess::Options options;
        options.now = kStart;
        options.database = m_database;
        options.demo = false;
        options.config = QJsonObject { { QStringLiteral("secretsKeyFile"),
            QDir(m_a.dataDir()).filePath(QStringLiteral("secrets.key")) } };
        options.extraArguments = extra;
        return options;
    }

    QString ashaId() const
    {
        return demoAccount(m_a, QStringLiteral("Asha Rao"))
            .value(QStringLiteral("userId"))
            .toString();
    }

    // The status of a sign-in on server as the demo person displayName (the demo accounts are
    // in the first node's data); token: the access token when it succeeded.
    int signIn(const ServerProcess &server, const QString &displayName, const QString &password,
        QString *token = nullptr)
    {
        const QJsonObject account = demoAccount(m_a, displayName);
        const HttpResult answer = httpRequest("POST", server.url(QStringLiteral("/v1/auth/login")),
            compactJson(QJsonObject { { QStringLiteral("kind"), QStringLiteral("local") },
                { QStringLiteral("username"), account.value(QStringLiteral("username")) },
                { QStringLiteral("password"),
                    password.isNull() ? account.value(QStringLiteral("password")).toString()
                                      : password },
                { QStringLiteral("device"),
                    testDevice(QStringLiteral("cluster-device-%1").arg(++m_keys)) } }));
        if (token != nullptr)
            *token = answer.json().value(QStringLiteral("accessToken")).toString();
        return answer.status;
    }

    QString signInAsha(const ServerProcess &server)
    {
        QString token;
        signIn(server, QStringLiteral("Asha Rao"), QString(), &token);
        return token;
    }

    // A leave request to Asha, posted to server (with a webhook to callback when given); its id
    // (empty when refused).
    QString notify(const ServerProcess &server, const QByteArray &callback = {})
    {
        const QJsonObject request = callback.isEmpty()
            ? leaveRequestFor(ashaId())
            : withCallback(leaveRequestFor(ashaId()), QString::fromLatin1(callback));
        const HttpResult created = httpRequest("POST",
            server.url(QStringLiteral("/v1/notifications")), compactJson(request),
            bearer(demoApiKey(m_a).value(QStringLiteral("key")).toString(),
                "cluster-" + QByteArray::number(++m_keys)));
        return created.status == 201 ? created.json().value(QStringLiteral("id")).toString()
                                     : QString();
    }

    static bool inboxHas(const ServerProcess &server, const QString &token, const QString &id)
    {
        const HttpResult inbox =
            httpRequest("GET", server.url(QStringLiteral("/v1/inbox")), {}, bearer(token));
        return inbox.status == 200 && inbox.body.contains(id.toUtf8());
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(m_postgres.start(), qPrintable(m_postgres.error()));
        QVERIFY(m_postgres.createDatabase(QStringLiteral("cluster")));
        m_database = m_postgres.databaseUrl(QStringLiteral("cluster"));
        ServerProcess::Options first;
        first.now = kStart;
        first.database = m_database;
        // The first node makes the demo data and the secrets key; the others share both.
        QVERIFY2(m_a.start(first), qPrintable(m_a.error()));
        QVERIFY2(m_b.start(nodeOptions()), qPrintable(m_b.error()));
        QVERIFY2(m_c.start(nodeOptions()), qPrintable(m_c.error()));
    }

    void cleanupTestCase()
    {
        m_a.stop();
        m_b.stop();
        m_c.stop();
        m_postgres.stop();
    }

    // Posted to B, heard on the streams of A and C (a hint), then read through A (the item, by
    // its sync).
    void hintCrossesNodes()
    {
        const QString token = signInAsha(m_a);
        QVERIFY(!token.isEmpty());
        ClusterStream onA;
        ClusterStream onC;
        QVERIFY(onA.open(m_a.url(), token));
        QVERIFY(onC.open(m_c.url(), token));
        const QString id = notify(m_b);
        QVERIFY(!id.isEmpty());
        QVERIFY2(
            QTest::qWaitFor([&] { return onA.inboxCursor() > 0 && onC.inboxCursor() > 0; }, 10000),
            qPrintable(onA.messages.join(u' ') + u" | " + onC.messages.join(u' ')));
        QCOMPARE(onA.inboxCursor(), onC.inboxCursor());
        QVERIFY(inboxHas(m_a, token, id));
    }

    // Five wrong passwords spread over the three nodes lock the name on every node: the right
    // password is then refused with 429 on the third.
    void lockoutAcrossNodes()
    {
        const QString ben = QStringLiteral("Ben Okafor");
        QVERIFY(!demoAccount(m_a, ben).isEmpty());
        const ServerProcess *nodes[] = { &m_a, &m_b, &m_c };
        for (int i = 0; i < 5; ++i)
            QCOMPARE(signIn(*nodes[i % 3], ben, QStringLiteral("wrong-password-%1").arg(i)), 401);
        QCOMPARE(signIn(m_c, ben, QString()), 429);
        QCOMPARE(signIn(m_a, ben, QString()), 429);
    }

    // One item decided on A and on B at the same moment: one 200, the other 409.
    void decisionOnTwoNodesOnce()
    {
        const QString token = signInAsha(m_a);
        const QString id = notify(m_a);
        QVERIFY(!id.isEmpty());
        const QByteArray body =
            compactJson(QJsonObject { { QStringLiteral("action"), QStringLiteral("approve") },
                { QStringLiteral("version"), 1 } });
        QSemaphore ready;
        QSemaphore go;
        std::vector<int> statuses(2, 0);
        std::vector<std::unique_ptr<QThread>> threads;
        for (int i = 0; i < 2; ++i) {
            const QUrl url =
                (i == 0 ? m_a : m_b).url(QStringLiteral("/v1/inbox/%1/decision").arg(id));
            const auto headers = bearer(token, "decide-" + QByteArray::number(++m_keys));
            threads.emplace_back(QThread::create([&, i, url, headers] {
                ready.release();
                go.acquire();
                statuses[i] = httpRequest("POST", url, body, headers).status;
            }));
            threads.back()->start();
        }
        ready.acquire(2);
        go.release(2);
        for (const auto &thread : threads)
            QVERIFY(thread->wait(30000));
        std::sort(statuses.begin(), statuses.end());
        QCOMPARE(statuses, (std::vector<int> { 200, 409 }));
    }

    // Decisions made on A, B and C, each queueing a webhook, while all three run dispatchers:
    // each delivered once (one request per delivery id, none sent twice).
    void webhookDeliveredOnce()
    {
        WebhookReceiver receiver;
        QVERIFY(receiver.listen());
        const QString token = signInAsha(m_a);
        const ServerProcess *nodes[] = { &m_a, &m_b, &m_c };
        constexpr int kItems = 6;
        for (int i = 0; i < kItems; ++i) {
            const QString id = notify(*nodes[i % 3], receiver.url());
            QVERIFY(!id.isEmpty());
            const HttpResult decided = httpRequest("POST",
                nodes[(i + 1) % 3]->url(QStringLiteral("/v1/inbox/%1/decision").arg(id)),
                compactJson(QJsonObject { { QStringLiteral("action"), QStringLiteral("approve") },
                    { QStringLiteral("version"), 1 } }),
                bearer(token, "hook-" + QByteArray::number(++m_keys)));
            QCOMPARE(decided.status, 200);
        }
        QVERIFY2(QTest::qWaitFor([&] { return receiver.deliveries().size() >= kItems; }, 20000),
            qPrintable(QString::number(receiver.deliveries().size())));
        QTest::qWait(3000); // more than a dispatcher's poll: nothing sent again
        QCOMPARE(receiver.deliveries().size(), kItems);
        QCOMPARE(receiver.distinctDeliveries().size(), kItems);
    }

    // A node whose secrets key is not the cluster's (here: a new one of its own) refuses to start.
    void otherSecretsKeyRefused()
    {
        QTemporaryDir keyDir;
        QVERIFY(keyDir.isValid());
        ServerProcess::Options options;
        options.now = kStart;
        options.database = m_database;
        options.demo = false;
        options.config = QJsonObject { { QStringLiteral("secretsKeyFile"),
            keyDir.filePath(QStringLiteral("other-secrets.key")) } };
        ServerProcess stranger;
        QVERIFY(!stranger.start(options));
        QVERIFY2(!stranger.isRunning(), stranger.output().constData());
        QVERIFY2(stranger.output().contains("key"), stranger.output().constData());
    }

    // PostgreSQL restarts: the listeners of A and C reconnect, B's request threads connect again
    // (each one's first statement fails on its lost connection), and a notification posted to B
    // afterwards reaches the streams on A and C.
    void listenerSurvivesRestart()
    {
        const QString token = signInAsha(m_a);
        ClusterStream onA;
        ClusterStream onC;
        QVERIFY(onA.open(m_a.url(), token));
        QVERIFY(onC.open(m_c.url(), token));
        QVERIFY(!notify(m_b).isEmpty()); // B's request threads hold connections
        m_postgres.stop();
        QVERIFY2(m_postgres.start(), qPrintable(m_postgres.error()));
        // Each of B's threads fails once on its lost connection, then connects again.
        QVERIFY(QTest::qWaitFor(
            [&] { return httpRequest("GET", m_b.url(QStringLiteral("/v1/health"))).status == 200; },
            15000));
        const qint64 before = std::max(onA.inboxCursor(), onC.inboxCursor());
        QString id;
        QVERIFY(QTest::qWaitFor([&] { return !(id = notify(m_b)).isEmpty(); }, 15000));
        QVERIFY2(
            QTest::qWaitFor(
                [&] { return onA.inboxCursor() > before && onC.inboxCursor() > before; }, 15000),
            qPrintable(onA.messages.join(u' ') + u" | " + onC.messages.join(u' ')));
        QVERIFY(QTest::qWaitFor([&] { return inboxHas(m_a, token, id); }, 10000));
    }

    // SIGTERM: health 503 draining, the stream closed with 4000, other requests 503 with
    // Retry-After, then exit 0 on its own.
    void sigtermDrains()
    {
        ServerProcess node;
        QVERIFY2(
            node.start(nodeOptions({ QStringLiteral("--drain-seconds"), QStringLiteral("3") })),
            qPrintable(node.error()));
        const QString token = signInAsha(node);
        QVERIFY(!token.isEmpty());
        ClusterStream stream;
        QVERIFY(stream.open(node.url(), token));
        QCOMPARE(httpRequest("GET", node.url(QStringLiteral("/v1/health"))).status, 200);
        ::kill(static_cast<pid_t>(node.pid()), SIGTERM);
        QVERIFY(QTest::qWaitFor([&] { return stream.closeCode >= 0; }, 5000));
        QCOMPARE(stream.closeCode, 4000);
        const HttpResult health = httpRequest("GET", node.url(QStringLiteral("/v1/health")));
        QCOMPARE(health.status, 503);
        QCOMPARE(
            health.json().value(QStringLiteral("status")).toString(), QStringLiteral("draining"));
        const HttpResult inbox =
            httpRequest("GET", node.url(QStringLiteral("/v1/inbox")), {}, bearer(token));
        QCOMPARE(inbox.status, 503);
        QCOMPARE(errorCode(inbox), QStringLiteral("draining"));
        QVERIFY(!inbox.header("Retry-After").isEmpty());
        QCOMPARE(node.stop(0, std::chrono::seconds(12)), 0); // no second signal: it stops itself
        QVERIFY(node.output().contains("stopping"));
    }
    // Asha's phone is signed out from her laptop through B: its streams on A (a node started
    // here) and on C close with 4401 "session ended" before A's first token check could have run
    // (kTokenCheckMs after A started), told by B's NOTIFY; her laptop's stream stays open. A person
    // disabled through C: their stream on A closes too.
    void endedSessionClosesStreamsOnEveryNode()
    {
        QElapsedTimer sinceStart;
        sinceStart.start();
        ServerProcess node;
        QVERIFY2(node.start(nodeOptions()), qPrintable(node.error()));
        QString phone;
        QString laptop;
        QCOMPARE(signIn(m_b, QStringLiteral("Asha Rao"), QString(), &phone), 200);
        QCOMPARE(signIn(m_b, QStringLiteral("Asha Rao"), QString(), &laptop), 200);
        const QString phoneDevice =
            httpRequest("GET", m_b.url(QStringLiteral("/v1/me")), {}, bearer(phone))
                .json()
                .value(QStringLiteral("deviceId"))
                .toString();
        QVERIFY(!phoneDevice.isEmpty());
        ClusterStream phoneOnA;
        ClusterStream phoneOnC;
        ClusterStream laptopOnA;
        QVERIFY(phoneOnA.open(node.url(), phone));
        QVERIFY(phoneOnC.open(m_c.url(), phone));
        QVERIFY(laptopOnA.open(node.url(), laptop));

        QCOMPARE(httpRequest("DELETE", m_b.url(QStringLiteral("/v1/me/devices/") + phoneDevice), {},
                     bearer(laptop))
                     .status,
            204);
        QVERIFY2(QTest::qWaitFor(
                     [&] { return phoneOnA.closeCode >= 0 && phoneOnC.closeCode >= 0; }, 20000),
            qPrintable(QStringLiteral("%1 %2").arg(phoneOnA.closeCode).arg(phoneOnC.closeCode)));
        const qint64 closedAfter = sinceStart.elapsed();
        QCOMPARE(phoneOnA.closeCode, 4401);
        QCOMPARE(phoneOnA.closeReason, QStringLiteral("session ended"));
        QCOMPARE(phoneOnC.closeCode, 4401);
        QVERIFY2(closedAfter < kTokenCheckMs,
            qPrintable(QStringLiteral("closed %1 ms after A started").arg(closedAfter)));
        // The laptop's session goes on: its stream on A still hears a hint.
        QVERIFY(!notify(m_b).isEmpty());
        QVERIFY(QTest::qWaitFor([&] { return laptopOnA.inboxCursor() > 0; }, 10000));
        QCOMPARE(laptopOnA.closeCode, -1);

        // An administrator disables Sam through C: every one of Sam's streams on A closes (every
        // device), again before A's token check could have; Sam is enabled again afterwards.
        const QString sam = QStringLiteral("Sam Guard");
        QString samToken;
        QCOMPARE(signIn(m_c, sam, QString(), &samToken), 200);
        ClusterStream samOnA;
        QVERIFY(samOnA.open(node.url(), samToken));
        QString adminToken;
        QCOMPARE(signIn(m_c,
                     demoAccountWithRole(m_a, QStringLiteral("admin"))
                         .value(QStringLiteral("displayName"))
                         .toString(),
                     QString(), &adminToken),
            200);
        const QUrl disable =
            m_c.url(QStringLiteral("/v1/admin/users/%1/disabled")
                        .arg(demoAccount(m_a, sam).value(QStringLiteral("userId")).toString()));
        QCOMPARE(httpRequest("POST", disable,
                     compactJson(QJsonObject { { QStringLiteral("disabled"), true } }),
                     bearer(adminToken))
                     .status,
            200);
        QVERIFY(QTest::qWaitFor([&] { return samOnA.closeCode >= 0; }, 20000));
        QCOMPARE(samOnA.closeCode, 4401);
        QVERIFY2(sinceStart.elapsed() < kTokenCheckMs,
            qPrintable(QStringLiteral("closed %1 ms after A started").arg(sinceStart.elapsed())));
        QCOMPARE(httpRequest("POST", disable,
                     compactJson(QJsonObject { { QStringLiteral("disabled"), false } }),
                     bearer(adminToken))
                     .status,
            200);
    }
};

QTEST_GUILESS_MAIN(TestCluster)
#include "tst_cluster.moc"
