// Callback URLs through the real server: with an API key whose prefix is
// http://127.0.0.1:PORT/hooks, dot segments (plain, percent-encoded, behind "." or "//") cannot
// lead the signed webhook out of /hooks: such notifications get 422 callback_not_allowed, user
// info, fragments and port 0 get 422 callback_invalid; a callback whose dot segments stay inside
// the prefix is kept normalized and its webhook is POSTed to the normalized path; and a receiver
// that cannot be reached shows as "could not connect" in the delivery log (no socket error: no
// port-scan oracle). Prefixes are parsed as strictly when a key is made. On SQLite and
// PostgreSQL.
#include "databasekinds.h"
#include "demoaccounts.h"
#include "postgrescluster.h"
#include "serverprocess.h"
#include "testhttp.h"
#include "webhookreceiver.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTcpServer>
#include <QTest>
#include <QUuid>

using namespace tessera::test;

namespace {

QByteArray newKey()
{
    return QUuid::createUuid().toByteArray(QUuid::WithoutBraces);
}

QJsonObject approvalFor(const QString &user, const QString &callback)
{
    return QJsonObject {
        { QStringLiteral("recipients"),
            QJsonObject { { QStringLiteral("users"), QJsonArray { user } } } },
        { QStringLiteral("title"), QStringLiteral("Laptop request") },
        { QStringLiteral("body"), QStringLiteral("A new laptop for Ben.") },
        { QStringLiteral("category"), QStringLiteral("it") },
        { QStringLiteral("actionable"), true },
        { QStringLiteral("actions"), approveRejectActions() },
        { QStringLiteral("reference"), QStringLiteral("IT-42") },
        { QStringLiteral("callbackUrl"), callback },
    };
}

} // namespace

class TestCallbackHostile : public QObject
{
    Q_OBJECT

    PostgresCluster m_postgres;
    int m_databases = 0;

private Q_SLOTS:
    void initTestCase() { QVERIFY2(m_postgres.start(), qPrintable(m_postgres.error())); }

    void dotSegmentsStayUnderThePrefix_data() { addDatabaseKinds(); }
    void dotSegmentsStayUnderThePrefix()
    {
        QFETCH(QString, kind);
        WebhookReceiver receiver;
        QVERIFY(receiver.listen());
        ServerProcess server;
        ServerProcess::Options options;
        options.database = databaseForKind(
            m_postgres, kind, QStringLiteral("callback_hostile_%1").arg(++m_databases));
        QVERIFY2(server.start(options), qPrintable(server.error()));
        const QString admin = signInDemo(
            server, QStringLiteral("Tessera Admin"), testDevice(QStringLiteral("admin-desk-1")))
                                  .value(QStringLiteral("accessToken"))
                                  .toString();
        const QString ben = signInDemo(
            server, QStringLiteral("Ben Okafor"), testDevice(QStringLiteral("ben-phone-1")))
                                .value(QStringLiteral("accessToken"))
                                .toString();
        QVERIFY(!admin.isEmpty() && !ben.isEmpty());

        // Both keys' receivers live on 127.0.0.1; the first may use /hooks on the receiver's
        // port, the second /hooks on any port.
        const QString base = QStringLiteral("http://127.0.0.1:%1").arg(receiver.port());
        const auto makeKey = [&](const QString &prefix) {
            const HttpResult made =
                httpRequest("POST", server.url(QStringLiteral("/v1/admin/api-keys")),
                    compactJson(
                        QJsonObject { { QStringLiteral("subsystem"), QStringLiteral("IT desk") },
                            { QStringLiteral("callbackPrefixes"), QJsonArray { prefix } } }),
                    bearer(admin));
            return made.status == 201 ? made.json().value(QStringLiteral("key")).toString()
                                      : QString();
        };
        const QString key = makeKey(base + QStringLiteral("/hooks"));
        const QString anyPortKey = makeKey(QStringLiteral("http://127.0.0.1/hooks"));
        QVERIFY(!key.isEmpty() && !anyPortKey.isEmpty());
        // A prefix no callback could be under is refused when the key is made.
        for (const QString &prefix : { QStringLiteral("http://127.0.0.1/hooks%2Fx"),
                 QStringLiteral("http://@127.0.0.1/hooks"),
                 QStringLiteral("http://127.0.0.1:0/hooks"),
                 QStringLiteral("http://127.0.0.1/hooks?x=1") })
            QVERIFY2(makeKey(prefix).isEmpty(), qPrintable(prefix));
        const auto notify = [&](const QString &apiKey, const QString &callback) {
            return httpRequest("POST", server.url(QStringLiteral("/v1/notifications")),
                compactJson(approvalFor(QStringLiteral("E1002"), callback)),
                bearer(apiKey, newKey()));
        };

        for (const QString &escape :
            { QStringLiteral("/hooks/../admin"), QStringLiteral("/hooks/%2e%2e/admin"),
                QStringLiteral("/hooks/%2E%2E/admin"), QStringLiteral("/hooks/./../admin"),
                QStringLiteral("//hooks/../admin"), QStringLiteral("/hooks/a/../../admin") }) {
            const HttpResult refused = notify(key, base + escape);
            QVERIFY2(refused.status == 422, qPrintable(escape));
            QCOMPARE(errorCode(refused), QStringLiteral("callback_not_allowed"));
        }
        for (const QString &doubtful : { QStringLiteral("http://x@127.0.0.1:%1/hooks/a"),
                 QStringLiteral("http://127.0.0.1:%1/hooks/a#top"),
                 QStringLiteral("http://127.0.0.1:%1/hooks/a%2Fb"),
                 QStringLiteral("http://127.0.0.1:%1/hooks/..;/admin") }) {
            const HttpResult refused = notify(key, doubtful.arg(receiver.port()));
            QVERIFY2(refused.status == 422, qPrintable(doubtful));
            QCOMPARE(errorCode(refused), QStringLiteral("callback_invalid"));
        }
        const HttpResult portZero =
            notify(anyPortKey, QStringLiteral("http://127.0.0.1:0/hooks/a"));
        QCOMPARE(portZero.status, 422);
        QCOMPARE(errorCode(portZero), QStringLiteral("callback_invalid"));
        QVERIFY(receiver.deliveries().isEmpty());

        // Dot segments that stay inside the prefix: kept, normalized, and POSTed there.
        const HttpResult created = notify(key, base + QStringLiteral("/hooks/x/%2e%2e/laptops"));
        QCOMPARE(created.status, 201);
        const QString id = created.json().value(QStringLiteral("id")).toString();
        QCOMPARE(
            httpRequest("POST", server.url(QStringLiteral("/v1/inbox/%1/decision").arg(id)),
                compactJson(QJsonObject { { QStringLiteral("action"), QStringLiteral("approve") },
                    { QStringLiteral("version"), 1 } }),
                bearer(ben, newKey()))
                .status,
            200);
        QTRY_COMPARE_WITH_TIMEOUT(receiver.deliveries().size(), 1, 30000);
        QCOMPARE(receiver.deliveries().first().path, QByteArray("/hooks/laptops"));
        const QJsonObject delivery = httpRequest("GET",
            server.url(QStringLiteral("/v1/notifications/%1/deliveries").arg(id)), {}, bearer(key))
                                         .json()
                                         .value(QStringLiteral("deliveries"))
                                         .toArray()
                                         .first()
                                         .toObject();
        QCOMPARE(delivery.value(QStringLiteral("url")).toString(),
            base + QStringLiteral("/hooks/laptops"));

        // A port nothing listens on: the log says "could not connect", not why.
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost));
        const quint16 closedPort = probe.serverPort();
        probe.close();
        const HttpResult toClosed =
            notify(anyPortKey, QStringLiteral("http://127.0.0.1:%1/hooks/laptops").arg(closedPort));
        QCOMPARE(toClosed.status, 201);
        const QString closedId = toClosed.json().value(QStringLiteral("id")).toString();
        QCOMPARE(
            httpRequest("POST", server.url(QStringLiteral("/v1/inbox/%1/decision").arg(closedId)),
                compactJson(QJsonObject { { QStringLiteral("action"), QStringLiteral("approve") },
                    { QStringLiteral("version"), 1 } }),
                bearer(ben, newKey()))
                .status,
            200);
        const auto firstAttempt = [&] {
            return httpRequest("GET",
                server.url(QStringLiteral("/v1/notifications/%1/deliveries").arg(closedId)), {},
                bearer(anyPortKey))
                .json()
                .value(QStringLiteral("deliveries"))
                .toArray()
                .first()
                .toObject()
                .value(QStringLiteral("attempts"))
                .toArray()
                .first()
                .toObject();
        };
        QTRY_VERIFY_WITH_TIMEOUT(!firstAttempt().isEmpty(), 30000);
        QCOMPARE(firstAttempt().value(QStringLiteral("error")).toString(),
            QStringLiteral("could not connect"));
    }
};

QTEST_GUILESS_MAIN(TestCallbackHostile)
#include "tst_callback_hostile.moc"
