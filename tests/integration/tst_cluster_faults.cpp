// Faults on three nodes (docs/DEPLOYMENT.md), under load, through HAProxy as scripts/run-cluster.sh
// runs it. kill -9 of one node while 200 decisions and their webhooks are under way: each
// decision took effect once (200 on the first answer or an idempotent replay, never twice), each
// webhook reached the sub-system under one delivery id, and nothing was lost (the dead node's
// idempotency claims and webhook leases lapse, and the other nodes finish its work). PostgreSQL
// restarted while notifications are posted to every node and streams are open on every node:
// what failed meanwhile answered a clear 503, every node's listener reconnected, every stream
// caught up to the inbox's cursor, and everything works afterwards, on every node.
#include "tst_cluster_faults_calls.h"
#include "webhookreceiver.h"

#include <QJsonArray>
#include <QSet>

#include <csignal>

using namespace tessera::test;

namespace {

constexpr int kItems = 200;
constexpr int kTimeout = 60000; // generous: nothing here measures time
// Past the idempotency claim's abandonment (Idempotency::abandonAfterSeconds, 120 s) and a
// webhook lease (the call's 30 s timeout + WebhookDispatcher::leaseMarginSeconds, 60 s).
constexpr int kPastLeases = 180;

QJsonObject decisionBody(int index)
{
    QJsonObject body { { QStringLiteral("action"),
                           index % 3 == 0 ? QStringLiteral("reject") : QStringLiteral("approve") },
        { QStringLiteral("version"), 1 } };
    if (index % 3 == 0)
        body.insert(QStringLiteral("comment"), QStringLiteral("Reason %1").arg(index));
    return body;
}

} // namespace

class TestClusterFaults : public QObject
{
    Q_OBJECT

    PostgresCluster m_postgres;

private Q_SLOTS:
    void initTestCase() { QVERIFY2(m_postgres.start(), qPrintable(m_postgres.error())); }

    void cleanupTestCase() { m_postgres.stop(); }

    void killNodeUnderLoad()
    {
        ThreeNodes cluster;
        QVERIFY2(cluster.start(m_postgres, QStringLiteral("killnode")), qPrintable(cluster.error));
        WebhookReceiver receiver;
        QVERIFY(receiver.listen());
        receiver.setDelay(300); // a slow sub-system: deliveries are in flight when the node dies
        const QString token =
            cluster.signIn(QStringLiteral("Asha Rao"), QStringLiteral("asha-device"));
        QVERIFY2(!token.isEmpty(), qPrintable(cluster.error));

        // 200 leave requests with webhooks, posted through HAProxy.
        RetryingCalls posts(6);
        const QJsonObject request =
            withCallback(leaveRequestFor(cluster.userId(QStringLiteral("Asha Rao"))),
                QString::fromLatin1(receiver.url()));
        for (int i = 0; i < kItems; ++i)
            posts.add(cluster.haproxy.url(QStringLiteral("/v1/notifications")),
                compactJson(request),
                bearer(
                    QString::fromLatin1(cluster.apiKey()), "kill-post-" + QByteArray::number(i)));
        QVERIFY(QTest::qWaitFor([&] { return posts.allFinished(); }, kTimeout));
        QStringList ids;
        for (const auto &call : posts.calls()) {
            QCOMPARE(call.status, 201);
            ids.append(QJsonDocument::fromJson(call.answer).object().value(u"id").toString());
        }

        // 200 decisions through HAProxy, eight at once; node 2 is killed after the first 60.
        RetryingCalls decisions(8);
        for (int i = 0; i < kItems; ++i)
            decisions.add(
                cluster.haproxy.url(QStringLiteral("/v1/inbox/%1/decision").arg(ids.at(i))),
                compactJson(decisionBody(i)),
                bearer(token, "kill-decide-" + QByteArray::number(i)));
        QVERIFY(QTest::qWaitFor([&] { return decisions.finished() >= 60; }, kTimeout));
        ServerProcess &victim = cluster.nodes[1];
        QCOMPARE(::kill(static_cast<pid_t>(victim.pid()), SIGKILL), 0);
        const int doneAtKill = decisions.finished();
        const auto deliveredAtKill = receiver.distinctDeliveries().size();
        QVERIFY2(doneAtKill < kItems, "the kill came after the load");
        QVERIFY(QTest::qWaitFor([&] { return !victim.isRunning(); }, kTimeout));

        // What the dead node had claimed waits for its claims to lapse; the rest finishes.
        QVERIFY2(QTest::qWaitFor(
                     [&] { return decisions.finished() + decisions.waitingOnClaims() == kItems; },
                     kTimeout),
            qPrintable(QStringLiteral("%1 finished, %2 waiting")
                           .arg(decisions.finished())
                           .arg(decisions.waitingOnClaims())));
        const int waitedOnClaims = decisions.waitingOnClaims();
        QVERIFY(cluster.moveClock(kPastLeases));
        QVERIFY2(QTest::qWaitFor([&] { return decisions.allFinished(); }, kTimeout),
            qPrintable(QString::number(decisions.finished())));

        // Every decision: 200, first time or replayed (never 409: it took effect once).
        int replays = 0;
        for (int i = 0; i < kItems; ++i) {
            const auto &call = decisions.calls().at(i);
            QVERIFY2(call.status == 200,
                qPrintable(QStringLiteral("decision %1: %2 %3")
                               .arg(i)
                               .arg(call.status)
                               .arg(QString::fromUtf8(call.answer))));
            replays += call.replayed;
        }

        // Every webhook: delivered (2xx) under one delivery id with the decision's action.
        const auto delivered = [&receiver] {
            QSet<QString> notifications;
            for (const auto &delivery : receiver.deliveries()) {
                if (delivery.answeredWith / 100 == 2)
                    notifications.insert(QJsonDocument::fromJson(delivery.body)
                                             .object()
                                             .value(u"notificationId")
                                             .toString());
            }
            return notifications.size();
        };
        QVERIFY2(QTest::qWaitFor([&] { return delivered() == kItems; }, kTimeout),
            qPrintable(QString::number(delivered())));
        QHash<QString, QSet<QByteArray>> deliveryIds;
        for (const auto &delivery : receiver.deliveries()) {
            const QJsonObject body = QJsonDocument::fromJson(delivery.body).object();
            const int index = int(ids.indexOf(body.value(u"notificationId").toString()));
            QVERIFY2(index >= 0, delivery.body.constData());
            const QByteArray deliveryId = delivery.headers.value("tessera-delivery-id");
            QVERIFY(!deliveryId.isEmpty());
            QCOMPARE(QString::fromLatin1(deliveryId), body.value(u"deliveryId").toString());
            QCOMPARE(
                body.value(u"action").toString(), decisionBody(index).value(u"action").toString());
            deliveryIds[ids.at(index)].insert(deliveryId);
        }
        QCOMPARE(deliveryIds.size(), kItems);
        for (auto it = deliveryIds.cbegin(); it != deliveryIds.cend(); ++it)
            QVERIFY2(it.value().size() == 1, qPrintable(it.key()));

        // The server, through HAProxy: each item decided once, as asked; one delivery each.
        for (int i = 0; i < kItems; ++i) {
            const HttpResult item = httpRequest("GET",
                cluster.haproxy.url(QStringLiteral("/v1/inbox/%1").arg(ids.at(i))), {},
                bearer(token));
            QCOMPARE(item.status, 200);
            const QString action = decisionBody(i).value(u"action").toString();
            QCOMPARE(item.json().value(u"state").toString(),
                action == u"reject" ? QStringLiteral("rejected") : QStringLiteral("approved"));
            int decided = 0;
            for (const auto &event : item.json().value(u"history").toArray()) {
                if (event.toObject().value(u"event").toString() == u"decided") {
                    ++decided;
                    QCOMPARE(event.toObject().value(u"action").toString(), action);
                }
            }
            QVERIFY2(decided == 1,
                qPrintable(QStringLiteral("%1 decided %2 times").arg(i).arg(decided)));
            const HttpResult log = httpRequest("GET",
                cluster.haproxy.url(
                    QStringLiteral("/v1/notifications/%1/deliveries").arg(ids.at(i))),
                {}, bearer(QString::fromLatin1(cluster.apiKey())));
            QCOMPARE(log.status, 200);
            QCOMPARE(log.json().value(u"deliveries").toArray().size(), 1);
        }
        QVERIFY(cluster.nodes[0].isRunning());
        QVERIFY(cluster.nodes[2].isRunning());
        qInfo("kill -9 after %d of %d decisions (%lld webhooks in): %d attempts sent again, %d "
              "waited for the dead node's claims, %d replays; %lld webhook requests for %d "
              "deliveries",
            doneAtKill, kItems, qint64(deliveredAtKill), decisions.retries(), waitedOnClaims,
            replays, qint64(receiver.deliveries().size()), kItems);
    }

    void restartPostgresUnderLoad()
    {
        ThreeNodes cluster;
        QVERIFY2(cluster.start(m_postgres, QStringLiteral("restart")), qPrintable(cluster.error));
        const QString token =
            cluster.signIn(QStringLiteral("Asha Rao"), QStringLiteral("asha-device"));
        QVERIFY2(!token.isEmpty(), qPrintable(cluster.error));
        std::array<ClusterStream, 3> streams;
        for (std::size_t i = 0; i < streams.size(); ++i)
            QVERIFY(streams[i].open(cluster.nodes[i].url(), token));

        // Notifications posted straight to each node in turn, one every 100 ms, never retried.
        QNetworkAccessManager network;
        struct Answer
        {
            std::size_t node = 0;
            int status = -1; // -1: not answered yet; 0: no answer
            QString code;
            QByteArray body;
        };
        QList<Answer> answers;
        const QByteArray request =
            compactJson(leaveRequestFor(cluster.userId(QStringLiteral("Asha Rao"))));
        const QByteArray key = cluster.apiKey();
        QTimer poster;
        poster.setInterval(100);
        connect(&poster, &QTimer::timeout, this, [&] {
            const qsizetype index = answers.size();
            const std::size_t node = std::size_t(index) % cluster.nodes.size();
            Answer pending;
            pending.node = node;
            answers.append(pending);
            QNetworkRequest post(cluster.nodes[node].url(QStringLiteral("/v1/notifications")));
            post.setHeader(
                QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
            post.setRawHeader("Authorization", "Bearer " + key);
            post.setRawHeader("Idempotency-Key", "restart-" + QByteArray::number(index));
            post.setTransferTimeout(30000);
            QNetworkReply *reply = network.post(post, request);
            connect(reply, &QNetworkReply::finished, this, [&answers, reply, index] {
                reply->deleteLater();
                Answer &answer = answers[index];
                answer.body = reply->readAll();
                answer.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
                answer.code = errorCode(HttpResult { answer.status, answer.body, {}, {} });
            });
        });
        poster.start();
        const auto createdOnEveryNodeSince = [&answers](qsizetype from, int count) {
            std::array<int, 3> created {};
            for (qsizetype i = from; i < answers.size(); ++i)
                created[answers.at(i).node] += answers.at(i).status == 201;
            return std::all_of(
                created.cbegin(), created.cend(), [count](int n) { return n >= count; });
        };
        QVERIFY(QTest::qWaitFor([&] { return createdOnEveryNodeSince(0, 3); }, kTimeout));

        m_postgres.stop();
        QTest::qWait(1500); // posts meanwhile fail
        QVERIFY2(m_postgres.start(), qPrintable(m_postgres.error()));
        const qsizetype restarted = answers.size();
        QVERIFY2(QTest::qWaitFor(
                     [&] {
                         return createdOnEveryNodeSince(restarted, 5)
                             && std::all_of(cluster.nodes.cbegin(), cluster.nodes.cend(),
                                 [](const ServerProcess &node) {
                                     return node.output().contains(
                                         "listening to the change feed again");
                                 });
                     },
                     kTimeout),
            qPrintable(QString::fromUtf8(cluster.nodes[0].output().right(3000))));
        poster.stop();
        QVERIFY(QTest::qWaitFor(
            [&] {
                return std::all_of(answers.cbegin(), answers.cend(),
                    [](const Answer &answer) { return answer.status >= 0; });
            },
            kTimeout));

        // Each post: created, or a clear 503 database_unavailable (no 401 or 500, no dropped
        // connection).
        QSet<QString> created;
        int unavailable = 0;
        for (const Answer &answer : std::as_const(answers)) {
            QVERIFY2(answer.status == 201
                    || (answer.status == 503 && answer.code == u"database_unavailable"),
                qPrintable(QStringLiteral("node %1: %2 %3")
                               .arg(answer.node + 1)
                               .arg(answer.status)
                               .arg(QString::fromUtf8(answer.body))));
            if (answer.status == 201)
                created.insert(
                    QJsonDocument::fromJson(answer.body).object().value(u"id").toString());
            else
                ++unavailable;
        }
        QVERIFY2(unavailable > 0, "no post fell into the restart");

        // Every stream caught up to the inbox's newest change; everything created is there.
        const HttpResult inbox = httpRequest("GET",
            cluster.haproxy.url(QStringLiteral("/v1/inbox"))
                .resolved(QUrl(QStringLiteral("?limit=500"))),
            {}, bearer(token));
        QCOMPARE(inbox.status, 200);
        QCOMPARE(inbox.json().value(u"hasMore").toBool(), false);
        const qint64 newest = inbox.json().value(u"cursor").toString().toLongLong();
        QSet<QString> listed;
        for (const auto &item : inbox.json().value(u"items").toArray())
            listed.insert(item.toObject().value(u"id").toString());
        QVERIFY(listed.contains(created));
        QVERIFY2(QTest::qWaitFor(
                     [&] {
                         return std::all_of(streams.cbegin(), streams.cend(),
                             [newest](const ClusterStream &stream) {
                                 return stream.inboxCursor() >= newest;
                             });
                     },
                     kTimeout),
            qPrintable(QStringLiteral("newest %1; streams at %2, %3, %4")
                           .arg(newest)
                           .arg(streams[0].inboxCursor())
                           .arg(streams[1].inboxCursor())
                           .arg(streams[2].inboxCursor())));
        for (std::size_t i = 0; i < streams.size(); ++i) {
            QCOMPARE(streams[i].closeCode, -1);
            QVERIFY(cluster.nodes[i].isRunning());
            QCOMPARE(
                httpRequest("GET", cluster.nodes[i].url(QStringLiteral("/v1/health"))).status, 200);
        }
        const HttpResult after =
            httpRequest("POST", cluster.haproxy.url(QStringLiteral("/v1/notifications")), request,
                bearer(QString::fromLatin1(key), "restart-after"));
        QCOMPARE(after.status, 201);
        qInfo("PostgreSQL restarted under load: %lld posts, %d answered 503 meanwhile",
            qint64(answers.size()), unavailable);
    }
};

QTEST_GUILESS_MAIN(TestClusterFaults)
#include "tst_cluster_faults.moc"
