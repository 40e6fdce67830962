// ApiClient and a draining node (docs/DEPLOYMENT.md "Draining"): two real servers behind a
// forwarder standing in for the load balancer. Each client keeps its connection alive (one
// connection for two requests); node A gets SIGTERM and answers 503 draining while the balancer
// sends new connections to B. A request that went over the connection kept to A is sent again
// at once on a fresh connection, and B answers it: a GET, and a POST with its Idempotency-Key.
// A POST without one is not sent twice: its caller gets the 503, and the client's next request
// goes on a fresh connection (to B).
#include "faultyproxy.h"
#include "net/apiclient.h"
#include "net/apireply.h"
#include "net/serverendpoint.h"
#include "serverprocess.h"
#include "testhttp.h"

#include <QTest>

#include <array>
#include <csignal>
#include <memory>

using namespace tessera;
using namespace tessera::test;

namespace {

ApiReply await(QFuture<ApiReply> future)
{
    if (!QTest::qWaitFor([&future] { return future.isFinished(); }, 30000))
        return {};
    return future.result();
}

} // namespace

class TestApiClientDrain : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void drainingAnswerMovesToAFreshConnection()
    {
        ServerProcess::Options options;
        // Long enough for the whole test: A keeps answering 503 draining until it is stopped.
        options.extraArguments = { QStringLiteral("--drain-seconds"), QStringLiteral("10") };
        ServerProcess a;
        QVERIFY2(a.start(options), qPrintable(a.error()));
        options.extraArguments.clear();
        ServerProcess b;
        QVERIFY2(b.start(options), qPrintable(b.error()));

        FaultyProxy balancer(1);
        QVERIFY(balancer.listen());
        balancer.setTarget(quint16(a.url().port()));
        const auto endpoint =
            ServerEndpoint::parse(QStringLiteral("http://127.0.0.1:%1").arg(balancer.port()),
                ServerEndpoint::PlainHttp::AllowOnLoopback, nullptr);
        QVERIFY(endpoint.has_value());

        // Three clients, each with its connection kept alive to A (two requests, one connection
        // each): the normal case keeps HTTP keep-alive.
        std::array<std::unique_ptr<ApiClient>, 3> clients;
        for (auto &client : clients) {
            client = std::make_unique<ApiClient>(*endpoint);
            for (int i = 0; i < 2; ++i)
                QCOMPARE(await(client->get(QStringLiteral("/v1/health"))).httpStatus, 200);
        }
        QCOMPARE(balancer.connectionCount(), int(clients.size()));
        ApiClient &reader = *clients[0];
        ApiClient &poster = *clients[1];
        ApiClient &keyedPoster = *clients[2];

        // A drains (its health answers 503 draining); the balancer takes it out.
        balancer.setTarget(quint16(b.url().port()));
        ::kill(static_cast<pid_t>(a.pid()), SIGTERM);
        QVERIFY(QTest::qWaitFor(
            [&] { return httpRequest("GET", a.url(QStringLiteral("/v1/health"))).status == 503; },
            10000));

        // A GET over the connection kept to A: A's 503 draining, then at once B's answer.
        const ApiReply health = await(reader.get(QStringLiteral("/v1/health")));
        QCOMPARE(health.httpStatus, 200);
        QVERIFY(health.ok());
        QCOMPARE(reader.connectionDrops(), 1);
        QCOMPARE(balancer.connectionCount(), int(clients.size()) + 1);

        // A POST without an Idempotency-Key is not sent twice: A's 503 draining comes back (no
        // new connection) ...
        const int before = balancer.connectionCount();
        const ApiReply unkeyed = await(poster.post(QStringLiteral("/v1/auth/logout"), {}));
        QCOMPARE(unkeyed.httpStatus, 503);
        QCOMPARE(unkeyed.error.code, QStringLiteral("draining"));
        QVERIFY(ApiClient::isDraining(unkeyed));
        QCOMPARE(balancer.connectionCount(), before);
        QCOMPARE(poster.connectionDrops(), 1);
        // ... and the client's next request goes on a fresh connection, to B.
        QCOMPARE(await(poster.get(QStringLiteral("/v1/health"))).httpStatus, 200);
        QCOMPARE(balancer.connectionCount(), before + 1);
        QCOMPARE(poster.connectionDrops(), 1);

        // A POST with its Idempotency-Key is sent again, and B answers it (B's own answer to a
        // sign-out without a token: 401, where A said 503).
        ApiClient::RequestOptions keyed;
        keyed.idempotencyKey = ApiClient::newIdempotencyKey();
        const ApiReply signOut =
            await(keyedPoster.post(QStringLiteral("/v1/auth/logout"), {}, keyed));
        QCOMPARE(signOut.httpStatus, 401);
        QCOMPARE(keyedPoster.connectionDrops(), 1);
        QCOMPARE(balancer.connectionCount(), before + 2);

        // Only the draining answers dropped connections: B's answers keep theirs alive.
        for (auto &client : clients)
            QCOMPARE(await(client->get(QStringLiteral("/v1/health"))).httpStatus, 200);
        QCOMPARE(balancer.connectionCount(), before + 2);
        for (auto &client : clients)
            QCOMPARE(client->connectionDrops(), 1);
        QCOMPARE(a.stop(0, std::chrono::seconds(15)), 0);
    }

    // One node, draining: the health check is asked once more on a fresh connection, then its
    // 503 draining comes back with the words a person reads (ServerConnection shows them).
    void aLoneDrainingNodeIsReported()
    {
        ServerProcess::Options options;
        options.extraArguments = { QStringLiteral("--drain-seconds"), QStringLiteral("5") };
        ServerProcess node;
        QVERIFY2(node.start(options), qPrintable(node.error()));
        FaultyProxy balancer(1);
        QVERIFY(balancer.listen());
        balancer.setTarget(quint16(node.url().port()));
        const auto endpoint =
            ServerEndpoint::parse(QStringLiteral("http://127.0.0.1:%1").arg(balancer.port()),
                ServerEndpoint::PlainHttp::AllowOnLoopback, nullptr);
        QVERIFY(endpoint.has_value());
        ApiClient client(*endpoint);
        QCOMPARE(await(client.get(QStringLiteral("/v1/health"))).httpStatus, 200);
        ::kill(static_cast<pid_t>(node.pid()), SIGTERM);
        QVERIFY(QTest::qWaitFor(
            [&] {
                return httpRequest("GET", node.url(QStringLiteral("/v1/health"))).status == 503;
            },
            10000));
        const ApiReply health = await(client.get(QStringLiteral("/v1/health")));
        QCOMPARE(health.httpStatus, 503);
        QCOMPARE(health.error.code, QStringLiteral("draining"));
        QVERIFY(!health.describe().isEmpty());
        QVERIFY(health.describe().contains(QStringLiteral("stopping")));
        // Sent twice (once again on a fresh connection), not more.
        QCOMPARE(balancer.connectionCount(), 2);
        QCOMPARE(node.stop(0, std::chrono::seconds(12)), 0);
    }
};

QTEST_GUILESS_MAIN(TestApiClientDrain)
#include "tst_apiclient_drain.moc"
