// scripts/run-cluster.sh (README, docs/DEPLOYMENT.md) as a user runs it, with this build's
// server: PostgreSQL, three nodes and HAProxy start, GET /v1/health answers through HAProxy, a
// person signs in and opens the WebSocket stream through it, and a notification posted through
// it reaches that stream (whichever nodes took the two); a SIGTERM stops it all (exit 0).
#include "childprocess.h"
#include "demoaccounts.h"
#include "serverprocess.h"
#include "testhttp.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkRequest>
#include <QRegularExpression>
#include <QTest>
#include <QWebSocket>

using namespace tessera::test;
using namespace std::chrono_literals;

class TestClusterHaproxy : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void throughHaproxy()
    {
        const quint16 port = freeLoopbackPort();
        QVERIFY(port != 0);
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("TESSERA_CLUSTER_PORT"), QString::number(port));
        ChildProcess cluster;
        QVERIFY2(cluster.start(QStringLiteral(TESSERA_RUN_CLUSTER),
                     { QStringLiteral("--server"), ServerProcess::binary(), QStringLiteral("--for"),
                         QStringLiteral("120") },
                     environment),
            qPrintable(cluster.error()));
        const auto accounts =
            cluster.waitForLine(QRegularExpression(QStringLiteral("^Demo accounts: +(\\S+)")), 90s);
        QVERIFY2(
            accounts, qPrintable(cluster.error() + u'\n' + QString::fromUtf8(cluster.output())));
        const auto ready = cluster.waitForLine(
            QRegularExpression(QStringLiteral("^Cluster ready: (http://\\S+)")), 30s);
        QVERIFY2(ready, qPrintable(cluster.error() + u'\n' + QString::fromUtf8(cluster.output())));
        const QUrl base(ready->captured(1));
        QCOMPARE(base.port(), int(port));
        const auto at = [&base](const QString &path) {
            QUrl url = base;
            url.setPath(path);
            return url;
        };

        const HttpResult health = httpRequest("GET", at(QStringLiteral("/v1/health")));
        QCOMPARE(health.status, 200);
        QCOMPARE(health.json().value(QStringLiteral("database")).toString(),
            QStringLiteral("postgresql"));

        QFile file(accounts->captured(1));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QJsonObject demo = QJsonDocument::fromJson(file.readAll()).object();
        QJsonObject asha;
        const QJsonArray all = demo.value(QStringLiteral("accounts")).toArray();
        for (const auto &value : all) {
            if (value.toObject().value(QStringLiteral("displayName")).toString() == u"Asha Rao")
                asha = value.toObject();
        }
        QVERIFY(!asha.isEmpty());
        const HttpResult signedIn = httpRequest("POST", at(QStringLiteral("/v1/auth/login")),
            compactJson(QJsonObject { { QStringLiteral("kind"), QStringLiteral("local") },
                { QStringLiteral("username"), asha.value(QStringLiteral("username")) },
                { QStringLiteral("password"), asha.value(QStringLiteral("password")) },
                { QStringLiteral("device"), testDevice(QStringLiteral("haproxy-1")) } }));
        QCOMPARE(signedIn.status, 200);
        const QString token = signedIn.json().value(QStringLiteral("accessToken")).toString();

        QWebSocket socket;
        QStringList messages;
        QObject::connect(&socket, &QWebSocket::textMessageReceived,
            [&messages](const QString &text) { messages.append(text); });
        QUrl streamUrl = at(QStringLiteral("/v1/stream"));
        streamUrl.setScheme(QStringLiteral("ws"));
        QNetworkRequest request(streamUrl);
        request.setRawHeader("Authorization", "Bearer " + token.toLatin1());
        socket.open(request);
        QVERIFY(QTest::qWaitFor([&] { return !messages.isEmpty(); }, 10000));
        QVERIFY(messages.first().contains(QStringLiteral("hello")));

        const QString apiKey = demo.value(QStringLiteral("apiKeys"))
                                   .toArray()
                                   .first()
                                   .toObject()
                                   .value(QStringLiteral("key"))
                                   .toString();
        const QJsonObject leave = leaveRequestFor(asha.value(QStringLiteral("userId")).toString());
        const HttpResult posted =
            httpRequest("POST", at(QStringLiteral("/v1/notifications")), compactJson(leave),
                { { "Authorization", "Bearer " + apiKey.toLatin1() },
                    { "Idempotency-Key", "haproxy-1" } });
        QCOMPARE(posted.status, 201);
        QVERIFY2(QTest::qWaitFor(
                     [&] {
                         return messages.size() > 1
                             && messages.last().contains(QStringLiteral("\"inbox\""));
                     },
                     10000),
            qPrintable(messages.join(u' ')));
        socket.close();
        QCOMPARE(cluster.stop(15, 30s), 0);
        QVERIFY(cluster.output().contains("Stopped."));
    }
};

QTEST_GUILESS_MAIN(TestClusterHaproxy)
#include "tst_cluster_haproxy.moc"
