// Notifications, inbox and decisions against the real server (SQLite and PostgreSQL): the
// sub-system API with idempotency and validation, delta sync, one decision for everyone, signed
// webhooks delivered at least once across restarts, withdrawal, expiry, and the live stream.
#include "databasekinds.h"
#include "demoaccounts.h"
#include "postgrescluster.h"
#include "serverprocess.h"
#include "testhttp.h"
#include "webhookreceiver.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QMessageAuthenticationCode>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTest>
#include <QUrlQuery>
#include <QWebSocket>

using namespace tessera::test;

namespace {

const QString kStart = QStringLiteral("2026-11-29T09:00:00Z");

QJsonObject leaveRequest(const QJsonObject &recipients, const QByteArray &callback = {})
{
    QJsonObject body {
        { QStringLiteral("recipients"), recipients },
        { QStringLiteral("title"), QStringLiteral("Leave request: Ben Okafor, 2–4 Dec") },
        { QStringLiteral("body"), QStringLiteral("Three days of annual leave.") },
        { QStringLiteral("category"), QStringLiteral("leave") },
        { QStringLiteral("priority"), QStringLiteral("high") },
        { QStringLiteral("actionable"), true },
        { QStringLiteral("actions"), approveRejectActions() },
        { QStringLiteral("reference"), QStringLiteral("HR-4711") },
        { QStringLiteral("data"), QJsonObject { { QStringLiteral("days"), 3 } } },
    };
    if (!callback.isEmpty())
        body.insert(QStringLiteral("callbackUrl"), QString::fromLatin1(callback));
    else
        body.insert(QStringLiteral("delivery"), QStringLiteral("poll"));
    return body;
}

QJsonObject toUsers(const QStringList &users)
{
    return QJsonObject { { QStringLiteral("users"), QJsonArray::fromStringList(users) } };
}

} // namespace

class TestNotifications : public QObject
{
    Q_OBJECT

    PostgresCluster m_postgres;
    int m_databases = 0;
    int m_keys = 0;

    ServerProcess::Options options(const QString &kind = QStringLiteral("sqlite"))
    {
        ServerProcess::Options options;
        options.now = kStart;
        options.database = databaseForKind(
            m_postgres, kind, QStringLiteral("notifications_%1").arg(++m_databases));
        return options;
    }

    static void addKinds() { addDatabaseKinds(); }

    static QJsonObject apiKey(const ServerProcess &server) { return demoApiKey(server); }

    // Signs a demo person in on a phone and answers their access token.
    static QString signIn(const ServerProcess &server, const QString &displayName)
    {
        return signInDemo(
            server, displayName, testDevice(QStringLiteral("notification-test-device")))
            .value(QStringLiteral("accessToken"))
            .toString();
    }

    static QList<QPair<QByteArray, QByteArray>> auth(
        const QString &token, const QByteArray &idempotencyKey = {})
    {
        return bearer(token, idempotencyKey);
    }

    QByteArray newKey() { return "idem-" + QByteArray::number(++m_keys); }

    static HttpResult notify(
        const ServerProcess &server, const QJsonObject &body, const QByteArray &key)
    {
        return httpRequest("POST", server.url(QStringLiteral("/v1/notifications")),
            compactJson(body), auth(apiKey(server).value(QStringLiteral("key")).toString(), key));
    }

    static HttpResult inbox(
        const ServerProcess &server, const QString &token, const QString &since = {}, int limit = 0)
    {
        QUrl url = server.url(QStringLiteral("/v1/inbox"));
        QUrlQuery query;
        if (!since.isEmpty())
            query.addQueryItem(QStringLiteral("since"), since);
        if (limit > 0)
            query.addQueryItem(QStringLiteral("limit"), QString::number(limit));
        url.setQuery(query);
        return httpRequest("GET", url, {}, auth(token));
    }

    static HttpResult decide(const ServerProcess &server, const QString &token, const QString &id,
        const QJsonObject &body, const QByteArray &key)
    {
        return httpRequest("POST", server.url(QStringLiteral("/v1/inbox/%1/decision").arg(id)),
            compactJson(body), auth(token, key));
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY2(m_postgres.start(), qPrintable(m_postgres.error())); }

    void createValidatesAndIsIdempotent_data() { addKinds(); }
    void createValidatesAndIsIdempotent()
    {
        QFETCH(QString, kind);
        ServerProcess server;
        QVERIFY2(server.start(options(kind)), qPrintable(server.error()));
        const QJsonObject body = leaveRequest(toUsers({ QStringLiteral("E1002") }));

        const QByteArray key = newKey();
        const HttpResult created = notify(server, body, key);
        QCOMPARE(created.status, 201);
        const QString id = created.json().value(QStringLiteral("id")).toString();
        QVERIFY(id.startsWith(QStringLiteral("ntf_")));
        QCOMPARE(created.json().value(QStringLiteral("recipientCount")).toInt(), 1);

        const HttpResult again = notify(server, body, key);
        QCOMPARE(again.status, 201);
        QCOMPARE(again.body, created.body);
        QJsonObject other = body;
        other.insert(QStringLiteral("title"), QStringLiteral("Something else"));
        const HttpResult reused = notify(server, other, key);
        QCOMPARE(reused.status, 422);
        QCOMPARE(errorCode(reused), QStringLiteral("idempotency_key_reused"));
        QCOMPARE(notify(server, body, {}).status, 400);

        // Ben has exactly one item: the retry did not make a second.
        const QString ben = signIn(server, QStringLiteral("Ben Okafor"));
        const HttpResult benInbox = inbox(server, ben);
        QCOMPARE(benInbox.status, 200);
        const QJsonArray items = benInbox.json().value(QStringLiteral("items")).toArray();
        QCOMPARE(items.size(), 1);
        const QJsonObject item = items.first().toObject();
        QCOMPARE(item.value(QStringLiteral("id")).toString(), id);
        QCOMPARE(item.value(QStringLiteral("state")).toString(), QStringLiteral("unread"));
        QCOMPARE(item.value(QStringLiteral("version")).toInt(), 1);
        QCOMPARE(item.value(QStringLiteral("subsystem")).toString(), QStringLiteral("demo-hr"));
        QCOMPARE(
            item.value(QStringLiteral("data")).toObject().value(QStringLiteral("days")).toInt(), 3);
        QCOMPARE(item.value(QStringLiteral("actions"))
                     .toArray()
                     .at(1)
                     .toObject()
                     .value(QStringLiteral("requiresComment"))
                     .toBool(),
            true);
        const QString cursor = benInbox.json().value(QStringLiteral("cursor")).toString();
        QCOMPARE(
            inbox(server, ben, cursor).json().value(QStringLiteral("items")).toArray().size(), 0);
        // Asha was not addressed; a non-employee has no inbox.
        QCOMPARE(inbox(server, signIn(server, QStringLiteral("Asha Rao")))
                     .json()
                     .value(QStringLiteral("items"))
                     .toArray()
                     .size(),
            0);
        QCOMPARE(inbox(server, signIn(server, QStringLiteral("Mira Nurse"))).status, 403);
    }

    void createRefusesBadInput_data()
    {
        QTest::addColumn<QByteArray>("field");
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("code");
        QTest::newRow("unknown field") << QByteArray("colour") << QByteArray("\"red\"") << 400
                                       << QStringLiteral("invalid_request");
        QTest::newRow("long title")
            << QByteArray("title") << QByteArray("\"") + QByteArray(201, 'x') + "\"" << 400
            << QStringLiteral("invalid_request");
        QTest::newRow("big body") << QByteArray("body")
                                  << QByteArray("\"") + QByteArray(8193, 'x') + "\"" << 400
                                  << QStringLiteral("invalid_request");
        QTest::newRow("big data") << QByteArray("data")
                                  << QByteArray("{\"x\":\"") + QByteArray(16400, 'x') + "\"}" << 400
                                  << QStringLiteral("invalid_request");
        QTest::newRow("bad priority") << QByteArray("priority") << QByteArray("\"urgent\"") << 400
                                      << QStringLiteral("invalid_request");
        QTest::newRow("past expiry")
            << QByteArray("expiresAt") << QByteArray("\"2020-01-01T00:00:00Z\"") << 400
            << QStringLiteral("invalid_request");
        QTest::newRow("no actions") << QByteArray("actions") << QByteArray("[]") << 400
                                    << QStringLiteral("invalid_request");
        QTest::newRow("duplicate action")
            << QByteArray("actions")
            << QByteArray("[{\"id\":\"ok\",\"label\":\"OK\"},{\"id\":\"ok\",\"label\":\"OK\"}]")
            << 400 << QStringLiteral("invalid_request");
        QTest::newRow("look-alike host")
            << QByteArray("callbackUrl") << QByteArray("\"http://127.0.0.1.example.com/hook\"")
            << 422 << QStringLiteral("callback_not_allowed");
        QTest::newRow("other port")
            << QByteArray("callbackUrl") << QByteArray("\"http://127.0.0.1:1/hook\"") << 201
            << QString();
        QTest::newRow("https instead")
            << QByteArray("callbackUrl") << QByteArray("\"https://127.0.0.1/hook\"") << 422
            << QStringLiteral("callback_not_allowed");
        QTest::newRow("user info")
            << QByteArray("callbackUrl") << QByteArray("\"http://evil@127.0.0.1/hook\"") << 422
            << QStringLiteral("callback_invalid");
        QTest::newRow("actions, no callback") << QByteArray("delivery") << QByteArray("\"webhook\"")
                                              << 422 << QStringLiteral("callback_required");
        QTest::newRow("bad delivery") << QByteArray("delivery") << QByteArray("\"email\"") << 400
                                      << QStringLiteral("invalid_request");
        QTest::newRow("nobody") << QByteArray("recipients")
                                << QByteArray("{\"departments\":[\"Nowhere\"]}") << 422
                                << QStringLiteral("no_recipients");
        QTest::newRow("bad role") << QByteArray("recipients") << QByteArray("{\"roles\":[\"ceo\"]}")
                                  << 400 << QStringLiteral("invalid_request");
    }
    void createRefusesBadInput()
    {
        QFETCH(QByteArray, field);
        QFETCH(QByteArray, json);
        QFETCH(int, status);
        QFETCH(QString, code);
        static ServerProcess server;
        if (!server.isRunning())
            QVERIFY2(server.start(options()), qPrintable(server.error()));
        QJsonObject body = leaveRequest(toUsers({ QStringLiteral("E1002") }));
        body.insert(QString::fromLatin1(field),
            QJsonDocument::fromJson("{\"v\":" + json + "}").object().value(QStringLiteral("v")));
        if (field == "callbackUrl") // a webhook then: "delivery" is "webhook" by default
            body.remove(QStringLiteral("delivery"));
        const HttpResult result = notify(server, body, newKey());
        QCOMPARE(result.status, status);
        if (!code.isEmpty())
            QCOMPARE(errorCode(result), code);
    }

    void oneDecisionForEveryoneAndOneSignedWebhook_data() { addKinds(); }
    void oneDecisionForEveryoneAndOneSignedWebhook()
    {
        QFETCH(QString, kind);
        WebhookReceiver receiver;
        QVERIFY(receiver.listen());
        ServerProcess server;
        QVERIFY2(server.start(options(kind)), qPrintable(server.error()));
        const QString asha = signIn(server, QStringLiteral("Asha Rao"));
        const QString ben = signIn(server, QStringLiteral("Ben Okafor"));
        const HttpResult created = notify(server,
            leaveRequest(QJsonObject { { QStringLiteral("departments"),
                             QJsonArray { QStringLiteral("Operations") } } },
                receiver.url()),
            newKey());
        QCOMPARE(created.status, 201);
        QCOMPARE(created.json().value(QStringLiteral("recipientCount")).toInt(), 2);
        const QString id = created.json().value(QStringLiteral("id")).toString();

        const auto decision = [](const QString &action, int version) {
            return QJsonObject { { QStringLiteral("action"), action },
                { QStringLiteral("version"), version } };
        };
        QCOMPARE(
            errorCode(decide(server, ben, id, decision(QStringLiteral("reject"), 1), newKey())),
            QStringLiteral("comment_required"));
        QCOMPARE(
            errorCode(decide(server, ben, id, decision(QStringLiteral("escalate"), 1), newKey())),
            QStringLiteral("unknown_action"));
        QCOMPARE(
            errorCode(decide(server, ben, id, decision(QStringLiteral("approve"), 7), newKey())),
            QStringLiteral("version_conflict"));
        QCOMPARE(decide(server, ben, id, decision(QStringLiteral("approve"), 1), {}).status, 400);

        const QByteArray key = newKey();
        const HttpResult decided =
            decide(server, ben, id, decision(QStringLiteral("approve"), 1), key);
        QCOMPARE(decided.status, 200);
        const QJsonObject item = decided.json();
        QCOMPARE(item.value(QStringLiteral("state")).toString(), QStringLiteral("approved"));
        QCOMPARE(item.value(QStringLiteral("decidedBy")).toString(), QStringLiteral("E1002"));
        QCOMPARE(
            item.value(QStringLiteral("decidedByName")).toString(), QStringLiteral("Ben Okafor"));
        QCOMPARE(
            item.value(QStringLiteral("decidedVia")).toString(), QStringLiteral("app · Pixel 8"));
        QCOMPARE(item.value(QStringLiteral("version")).toInt(), 2);
        // A retry (the answer was lost) gets the same answer and changes nothing.
        const HttpResult retried =
            decide(server, ben, id, decision(QStringLiteral("approve"), 1), key);
        QCOMPARE(retried.status, 200);
        QCOMPARE(retried.body, decided.body);
        QCOMPARE(retried.header("Idempotent-Replayed"), QByteArrayLiteral("true"));

        // Asha decides too late: 409 with the current item, and her inbox shows it decided.
        QJsonObject reject = decision(QStringLiteral("reject"), 1);
        reject.insert(QStringLiteral("comment"), QStringLiteral("No"));
        const HttpResult late = decide(server, asha, id, reject, newKey());
        QCOMPARE(late.status, 409);
        QCOMPARE(errorCode(late), QStringLiteral("already_decided"));
        const QJsonObject current = late.json().value(QStringLiteral("current")).toObject();
        QCOMPARE(current.value(QStringLiteral("state")).toString(), QStringLiteral("approved"));
        QCOMPARE(current.value(QStringLiteral("decidedByName")).toString(),
            QStringLiteral("Ben Okafor"));
        const QJsonArray ashaItems =
            inbox(server, asha).json().value(QStringLiteral("items")).toArray();
        QCOMPARE(ashaItems.size(), 1);
        QCOMPARE(ashaItems.first().toObject().value(QStringLiteral("state")).toString(),
            QStringLiteral("approved"));

        // Exactly one webhook, signed with the key's secret.
        QTRY_COMPARE_WITH_TIMEOUT(receiver.deliveries().size(), 1, 30000);
        QTest::qWait(2500); // a further poll of the dispatcher: still one
        QCOMPARE(receiver.deliveries().size(), 1);
        const WebhookReceiver::Delivery &delivery = receiver.deliveries().first();
        QCOMPARE(delivery.path, QByteArrayLiteral("/hooks/tessera"));
        const QJsonObject hook = QJsonDocument::fromJson(delivery.body).object();
        QCOMPARE(hook.value(QStringLiteral("notificationId")).toString(), id);
        QCOMPARE(hook.value(QStringLiteral("reference")).toString(), QStringLiteral("HR-4711"));
        QCOMPARE(hook.value(QStringLiteral("action")).toString(), QStringLiteral("approve"));
        QCOMPARE(hook.value(QStringLiteral("decidedBy")).toString(), QStringLiteral("E1002"));
        QVERIFY(hook.value(QStringLiteral("comment")).isNull());
        QCOMPARE(hook.value(QStringLiteral("deliveryId")).toString().toLatin1(),
            delivery.headers.value("tessera-delivery-id"));
        const QList<QByteArray> parts = delivery.headers.value("tessera-signature").split(',');
        QCOMPARE(parts.size(), 2);
        QVERIFY(parts.at(0).startsWith("t="));
        const QByteArray stamp = parts.at(0).mid(2);
        const QByteArray secret =
            apiKey(server).value(QStringLiteral("webhookSecret")).toString().toUtf8();
        const QByteArray expected = QMessageAuthenticationCode::hash(
            stamp + '.' + delivery.body, secret, QCryptographicHash::Sha256)
                                        .toHex();
        QCOMPARE(parts.at(1), QByteArray("v1=" + expected));

        // The item's history names the decision.
        const HttpResult one =
            httpRequest("GET", server.url(QStringLiteral("/v1/inbox/%1").arg(id)), {}, auth(asha));
        QCOMPARE(one.status, 200);
        const QJsonArray history = one.json().value(QStringLiteral("history")).toArray();
        QCOMPARE(history.first().toObject().value(QStringLiteral("event")).toString(),
            QStringLiteral("created"));
        QCOMPARE(history.last().toObject().value(QStringLiteral("event")).toString(),
            QStringLiteral("decided"));
        QCOMPARE(history.last().toObject().value(QStringLiteral("byName")).toString(),
            QStringLiteral("Ben Okafor"));
    }

    void concurrentDecisionsDecideOnce()
    {
        WebhookReceiver receiver;
        QVERIFY(receiver.listen());
        ServerProcess server;
        QVERIFY2(server.start(options()), qPrintable(server.error()));
        const QString asha = signIn(server, QStringLiteral("Asha Rao"));
        const QString ben = signIn(server, QStringLiteral("Ben Okafor"));
        const HttpResult created = notify(server,
            leaveRequest(
                toUsers({ QStringLiteral("E1001"), QStringLiteral("E1002") }), receiver.url()),
            newKey());
        const QString id = created.json().value(QStringLiteral("id")).toString();
        QNetworkAccessManager network;
        QList<QNetworkReply *> replies;
        for (int i = 0; i < 12; ++i) {
            QNetworkRequest request(server.url(QStringLiteral("/v1/inbox/%1/decision").arg(id)));
            request.setHeader(
                QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
            request.setRawHeader("Authorization", "Bearer " + (i % 2 ? asha : ben).toLatin1());
            request.setRawHeader("Idempotency-Key", newKey());
            replies.append(network.post(request,
                compactJson(QJsonObject { { QStringLiteral("action"), QStringLiteral("approve") },
                    { QStringLiteral("version"), 1 } })));
        }
        int ok = 0;
        int conflicts = 0;
        for (QNetworkReply *reply : std::as_const(replies)) {
            QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 30000);
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            ok += status == 200;
            conflicts += status == 409;
            reply->deleteLater();
        }
        QCOMPARE(ok, 1);
        QCOMPARE(conflicts, 11);
        QTRY_COMPARE_WITH_TIMEOUT(receiver.deliveries().size(), 1, 30000);
        QTest::qWait(2500);
        QCOMPARE(receiver.deliveries().size(), 1);
    }

    void webhooksSurviveFailuresAndRestarts()
    {
        WebhookReceiver receiver;
        QVERIFY(receiver.listen());
        const quint16 port = receiver.port();
        receiver.setStatus(503);
        ServerProcess::Options serverOptions = options();
        ServerProcess server;
        QVERIFY2(server.start(serverOptions), qPrintable(server.error()));
        const QString ben = signIn(server, QStringLiteral("Ben Okafor"));
        const HttpResult created = notify(
            server, leaveRequest(toUsers({ QStringLiteral("E1002") }), receiver.url()), newKey());
        const QString id = created.json().value(QStringLiteral("id")).toString();
        QCOMPARE(decide(server, ben, id,
                     QJsonObject { { QStringLiteral("action"), QStringLiteral("approve") },
                         { QStringLiteral("version"), 1 } },
                     newKey())
                     .status,
            200);
        QTRY_COMPARE_WITH_TIMEOUT(receiver.deliveries().size(), 1, 30000);
        QCOMPARE(receiver.deliveries().first().answeredWith, 503);
        // Wait until the server has written the failed attempt down.
        const auto attemptsLogged = [&] {
            return httpRequest("GET",
                server.url(QStringLiteral("/v1/notifications/%1/deliveries").arg(id)), {},
                auth(apiKey(server).value(QStringLiteral("key")).toString()))
                .json()
                .value(QStringLiteral("deliveries"))
                .toArray()
                .first()
                .toObject()
                .value(QStringLiteral("attempts"))
                .toArray()
                .size();
        };
        QTRY_COMPARE_WITH_TIMEOUT(attemptsLogged(), 1, 10000);
        // The receiver goes away, the server stops; both come back.
        receiver.close();
        QVERIFY(server.stop().has_value());
        WebhookReceiver back;
        QVERIFY(back.listen(port));
        serverOptions.dataDir = server.dataDir();
        serverOptions.now = QStringLiteral("2026-11-29T09:05:00Z");
        ServerProcess again;
        QVERIFY2(again.start(serverOptions), qPrintable(again.error()));
        QTRY_COMPARE_WITH_TIMEOUT(back.deliveries().size(), 1, 60000);
        // The same delivery: a receiver deduplicates by its id.
        QCOMPARE(back.deliveries().first().headers.value("tessera-delivery-id"),
            receiver.deliveries().first().headers.value("tessera-delivery-id"));
        QCOMPARE(back.deliveries().first().body, receiver.deliveries().first().body);

        const HttpResult log =
            httpRequest("GET", again.url(QStringLiteral("/v1/notifications/%1/deliveries").arg(id)),
                {}, auth(apiKey(again).value(QStringLiteral("key")).toString()));
        QCOMPARE(log.status, 200);
        QJsonObject only;
        QTRY_VERIFY_WITH_TIMEOUT(
            (only = httpRequest("GET",
                 again.url(QStringLiteral("/v1/notifications/%1/deliveries").arg(id)), {},
                 auth(apiKey(again).value(QStringLiteral("key")).toString()))
                        .json()
                        .value(QStringLiteral("deliveries"))
                        .toArray()
                        .first()
                        .toObject(),
                !only.value(QStringLiteral("deliveredAt")).isNull()),
            10000);
        const QJsonArray attempts = only.value(QStringLiteral("attempts")).toArray();
        QCOMPARE(attempts.size(), 2);
        QCOMPARE(attempts.at(0).toObject().value(QStringLiteral("status")).toInt(), 503);
        QCOMPARE(attempts.at(1).toObject().value(QStringLiteral("status")).toInt(), 200);
    }

    void withdrawnAndExpiredReachEveryInbox()
    {
        ServerProcess::Options serverOptions = options();
        ServerProcess server;
        QVERIFY2(server.start(serverOptions), qPrintable(server.error()));
        QString ben = signIn(server, QStringLiteral("Ben Okafor"));
        const QString cursor = inbox(server, ben).json().value(QStringLiteral("cursor")).toString();
        const HttpResult withdrawnOne =
            notify(server, leaveRequest(toUsers({ QStringLiteral("E1002") })), newKey());
        QJsonObject expiring = leaveRequest(toUsers({ QStringLiteral("E1002") }));
        expiring.insert(QStringLiteral("expiresAt"), QStringLiteral("2026-11-29T10:00:00Z"));
        const HttpResult expiringOne = notify(server, expiring, newKey());
        const QString withdrawnId = withdrawnOne.json().value(QStringLiteral("id")).toString();
        const QString expiringId = expiringOne.json().value(QStringLiteral("id")).toString();

        const QString key = apiKey(server).value(QStringLiteral("key")).toString();
        const HttpResult withdrawn = httpRequest("DELETE",
            server.url(QStringLiteral("/v1/notifications/%1").arg(withdrawnId)), {}, auth(key));
        QCOMPARE(withdrawn.status, 200);
        QCOMPARE(httpRequest("DELETE", server.url(QStringLiteral("/v1/notifications/ntf_nope")), {},
                     auth(key))
                     .status,
            404);
        const HttpResult refused = decide(server, ben, withdrawnId,
            QJsonObject { { QStringLiteral("action"), QStringLiteral("approve") },
                { QStringLiteral("version"), 1 } },
            newKey());
        QCOMPARE(refused.status, 410);
        QCOMPARE(errorCode(refused), QStringLiteral("withdrawn"));

        // An hour and more later, the other one has expired (swept at start).
        QVERIFY(server.stop().has_value());
        serverOptions.dataDir = server.dataDir();
        serverOptions.now = QStringLiteral("2026-11-29T10:30:00Z");
        ServerProcess later;
        QVERIFY2(later.start(serverOptions), qPrintable(later.error()));
        ben = signIn(later, QStringLiteral("Ben Okafor"));
        QJsonArray items;
        QTRY_VERIFY_WITH_TIMEOUT(
            (items = inbox(later, ben, cursor).json().value(QStringLiteral("items")).toArray(),
                items.size() == 2
                    && items.last().toObject().value(QStringLiteral("state")).toString()
                        == QStringLiteral("expired")),
            20000);
        QCOMPARE(items.first().toObject().value(QStringLiteral("id")).toString(), withdrawnId);
        QCOMPARE(items.first().toObject().value(QStringLiteral("state")).toString(),
            QStringLiteral("withdrawn"));
        QCOMPARE(items.last().toObject().value(QStringLiteral("id")).toString(), expiringId);
        QCOMPARE(items.last().toObject().value(QStringLiteral("version")).toInt(), 2);
        const HttpResult tooLate = decide(later, ben, expiringId,
            QJsonObject { { QStringLiteral("action"), QStringLiteral("approve") },
                { QStringLiteral("version"), 2 } },
            newKey());
        QCOMPARE(tooLate.status, 410);
        QCOMPARE(errorCode(tooLate), QStringLiteral("expired"));
    }

    void readAndPaging()
    {
        ServerProcess server;
        QVERIFY2(server.start(options()), qPrintable(server.error()));
        const QString ben = signIn(server, QStringLiteral("Ben Okafor"));
        QStringList ids;
        for (int i = 0; i < 5; ++i) {
            ids.append(notify(server, leaveRequest(toUsers({ QStringLiteral("E1002") })), newKey())
                           .json()
                           .value(QStringLiteral("id"))
                           .toString());
        }
        QStringList seen;
        QString cursor;
        for (int page = 0; page < 5; ++page) {
            const HttpResult result = inbox(server, ben, cursor, 2);
            QCOMPARE(result.status, 200);
            const QJsonArray items = result.json().value(QStringLiteral("items")).toArray();
            for (const QJsonValue &item : items)
                seen.append(item.toObject().value(QStringLiteral("id")).toString());
            cursor = result.json().value(QStringLiteral("cursor")).toString();
            if (!result.json().value(QStringLiteral("hasMore")).toBool())
                break;
        }
        QCOMPARE(seen, ids);
        // Reading moves the item into the delta but leaves its version.
        const HttpResult read = httpRequest(
            "POST", server.url(QStringLiteral("/v1/inbox/%1/read").arg(ids.at(1))), {}, auth(ben));
        QCOMPARE(read.status, 200);
        QCOMPARE(read.json().value(QStringLiteral("state")).toString(), QStringLiteral("read"));
        QCOMPARE(read.json().value(QStringLiteral("version")).toInt(), 1);
        const QJsonArray delta =
            inbox(server, ben, cursor).json().value(QStringLiteral("items")).toArray();
        QCOMPARE(delta.size(), 1);
        QCOMPARE(delta.first().toObject().value(QStringLiteral("id")).toString(), ids.at(1));
        QCOMPARE(inbox(server, ben, QStringLiteral("abc")).status, 400);
        QCOMPARE(inbox(server, ben, {}, 501).status, 400);
    }

    void adminMakesAndRotatesApiKeys()
    {
        ServerProcess server;
        QVERIFY2(server.start(options()), qPrintable(server.error()));
        const QString admin = signIn(server, QStringLiteral("Tessera Admin"));
        const auto post = [&](const QString &path, const QJsonObject &body) {
            return httpRequest("POST", server.url(path), compactJson(body), auth(admin));
        };
        QCOMPARE(post(QStringLiteral("/v1/admin/api-keys"),
                     QJsonObject { { QStringLiteral("subsystem"), QStringLiteral("IT desk") },
                         { QStringLiteral("callbackPrefixes"),
                             QJsonArray { QStringLiteral("ftp://127.0.0.1/x") } } })
                     .status,
            400);
        const HttpResult made = post(QStringLiteral("/v1/admin/api-keys"),
            QJsonObject { { QStringLiteral("subsystem"), QStringLiteral("IT desk") },
                { QStringLiteral("callbackPrefixes"),
                    QJsonArray { QStringLiteral("http://127.0.0.1:9/hooks") } } });
        QCOMPARE(made.status, 201);
        const QString key = made.json().value(QStringLiteral("key")).toString();
        QVERIFY(key.startsWith(QStringLiteral("tsk_")));
        QVERIFY(made.json()
                    .value(QStringLiteral("webhookSecret"))
                    .toString()
                    .startsWith(QStringLiteral("whsec_")));

        const auto notifyWith = [&](const QString &apiKey, const QString &callback) {
            return httpRequest("POST", server.url(QStringLiteral("/v1/notifications")),
                compactJson(
                    leaveRequest(toUsers({ QStringLiteral("E1002") }), callback.toLatin1())),
                auth(apiKey, newKey()));
        };
        QCOMPARE(notifyWith(key, QStringLiteral("http://127.0.0.1:9/hooks/leave")).status, 201);
        QCOMPARE(notifyWith(key, QStringLiteral("http://127.0.0.1:9/hooksx")).status, 422);
        QCOMPARE(notifyWith(key, QStringLiteral("http://127.0.0.1:10/hooks")).status, 422);

        // No overlap: the old key stops at once (tst_apikeys covers the overlap).
        const HttpResult rotated =
            post(QStringLiteral("/v1/admin/api-keys/%1/rotate")
                     .arg(made.json().value(QStringLiteral("id")).toString()),
                QJsonObject { { QStringLiteral("overlapSeconds"), 0 } });
        QCOMPARE(rotated.status, 200);
        const QString newApiKey = rotated.json().value(QStringLiteral("key")).toString();
        QVERIFY(newApiKey != key);
        QCOMPARE(rotated.json().value(QStringLiteral("callbackPrefixes")).toArray(),
            QJsonArray { QStringLiteral("http://127.0.0.1:9/hooks") });
        QCOMPARE(notifyWith(key, QStringLiteral("http://127.0.0.1:9/hooks")).status, 401);
        QCOMPARE(notifyWith(newApiKey, QStringLiteral("http://127.0.0.1:9/hooks")).status, 201);
        // A person's token is no API key, and an API key is no person.
        QCOMPARE(notifyWith(admin, QStringLiteral("http://127.0.0.1:9/hooks")).status, 403);
        QCOMPARE(
            httpRequest("GET", server.url(QStringLiteral("/v1/inbox")), {}, auth(newApiKey)).status,
            403);
    }

    void streamHintsAndRefusals()
    {
        ServerProcess server;
        QVERIFY2(server.start(options()), qPrintable(server.error()));
        const QString ben = signIn(server, QStringLiteral("Ben Okafor"));
        QUrl url = server.url(QStringLiteral("/v1/stream"));
        url.setScheme(QStringLiteral("ws"));

        // No token in the upgrade and none as the first message (StreamHub::tokenWaitSeconds).
        QWebSocket anonymous;
        QSignalSpy anonymousClosed(&anonymous, &QWebSocket::disconnected);
        anonymous.open(url);
        QTRY_COMPARE_WITH_TIMEOUT(anonymousClosed.size(), 1, 60000);
        QCOMPARE(anonymous.closeReason(), QStringLiteral("sign in first"));
        QCOMPARE(int(anonymous.closeCode()), 4401);

        QWebSocket socket;
        QStringList messages;
        connect(&socket, &QWebSocket::textMessageReceived, this,
            [&messages](const QString &text) { messages.append(text); });
        QNetworkRequest request(url);
        request.setRawHeader("Authorization", "Bearer " + ben.toLatin1());
        socket.open(request);
        QTRY_COMPARE_WITH_TIMEOUT(messages.size(), 1, 10000);
        QCOMPARE(messages.first(), QStringLiteral("{\"type\":\"hello\"}"));
        QCOMPARE(
            notify(server, leaveRequest(toUsers({ QStringLiteral("E1002") })), newKey()).status,
            201);
        QTRY_COMPARE_WITH_TIMEOUT(messages.size(), 2, 10000);
        const QJsonObject hint = QJsonDocument::fromJson(messages.at(1).toUtf8()).object();
        QCOMPARE(hint.value(QStringLiteral("type")).toString(), QStringLiteral("inbox"));
        // The hint's cursor is where the delta ends.
        QCOMPARE(hint.value(QStringLiteral("cursor")).toString(),
            inbox(server, ben).json().value(QStringLiteral("cursor")).toString());
        // Someone else's notification says nothing to Ben.
        notify(server, leaveRequest(toUsers({ QStringLiteral("E1001") })), newKey());
        QTest::qWait(500);
        QCOMPARE(messages.size(), 2);
        // Signing out closes the stream at once (tst_auth_hostile, signOutClosesTheStreamAtOnce).
        socket.close();
    }

    // The hub keeps each person's streams apart (StreamHub's index by person): a hint goes to
    // every open stream of the person (two devices here), never to another person's, also
    // when one notification is for both, and a closed stream leaves the others working. Hints
    // on a stream come in order, so "the next message is my own cursor" shows that nothing
    // meant for someone else came before it, without waiting for a silence.
    void streamHintsReachEveryStreamOfThePersonOnly()
    {
        ServerProcess server;
        QVERIFY2(server.start(options()), qPrintable(server.error()));
        const QString benPhone = signIn(server, QStringLiteral("Ben Okafor"));
        const QString benTablet = signInDemo(server, QStringLiteral("Ben Okafor"),
            testDevice(QStringLiteral("notification-test-tablet")))
                                      .value(QStringLiteral("accessToken"))
                                      .toString();
        const QString asha = signIn(server, QStringLiteral("Asha Rao"));
        QVERIFY(!benPhone.isEmpty() && !benTablet.isEmpty() && !asha.isEmpty());
        QVERIFY(benPhone != benTablet);
        QUrl url = server.url(QStringLiteral("/v1/stream"));
        url.setScheme(QStringLiteral("ws"));

        enum { Phone, Tablet, Asha };
        const QString tokens[] = { benPhone, benTablet, asha };
        QWebSocket sockets[3];
        QStringList messages[3];
        for (int i = 0; i < 3; ++i) {
            connect(&sockets[i], &QWebSocket::textMessageReceived, this,
                [&messages, i](const QString &text) { messages[i].append(text); });
            QNetworkRequest request(url);
            request.setRawHeader("Authorization", "Bearer " + tokens[i].toLatin1());
            sockets[i].open(request);
        }
        for (int i = 0; i < 3; ++i)
            QTRY_COMPARE_WITH_TIMEOUT(messages[i].size(), 1, 10000); // hello
        const auto cursorOf = [](const QString &text) {
            const QJsonObject hint = QJsonDocument::fromJson(text.toUtf8()).object();
            return hint.value(QStringLiteral("type")).toString() == u"inbox"
                ? hint.value(QStringLiteral("cursor")).toString()
                : QString();
        };
        const auto cursorFor = [&server](const QString &token) {
            return inbox(server, token).json().value(QStringLiteral("cursor")).toString();
        };

        // Asha's notification: Asha hears of it.
        QCOMPARE(
            notify(server, leaveRequest(toUsers({ QStringLiteral("E1001") })), newKey()).status,
            201);
        QTRY_COMPARE_WITH_TIMEOUT(messages[Asha].size(), 2, 10000);
        QCOMPARE(cursorOf(messages[Asha].at(1)), cursorFor(asha));
        // Ben's: both of his streams, and the first hint either gets is his own.
        QCOMPARE(
            notify(server, leaveRequest(toUsers({ QStringLiteral("E1002") })), newKey()).status,
            201);
        QTRY_COMPARE_WITH_TIMEOUT(messages[Phone].size(), 2, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(messages[Tablet].size(), 2, 10000);
        const QString benCursor = cursorFor(benPhone);
        QVERIFY(!benCursor.isEmpty());
        QVERIFY(benCursor != cursorOf(messages[Asha].at(1)));
        QCOMPARE(cursorOf(messages[Phone].at(1)), benCursor);
        QCOMPARE(cursorOf(messages[Tablet].at(1)), benCursor);
        // Asha again: her next message is her own hint, not Ben's.
        QCOMPARE(
            notify(server, leaveRequest(toUsers({ QStringLiteral("E1001") })), newKey()).status,
            201);
        QTRY_COMPARE_WITH_TIMEOUT(messages[Asha].size(), 3, 10000);
        QCOMPARE(cursorOf(messages[Asha].at(2)), cursorFor(asha));

        // One notification for both: each stream gets one hint with its own person's cursor.
        QCOMPARE(notify(server,
                     leaveRequest(toUsers({ QStringLiteral("E1001"), QStringLiteral("E1002") })),
                     newKey())
                     .status,
            201);
        for (int i = 0; i < 3; ++i)
            QTRY_COMPARE_WITH_TIMEOUT(messages[i].size(), i == Asha ? 4 : 3, 10000);
        QCOMPARE(cursorOf(messages[Phone].at(2)), cursorFor(benPhone));
        QCOMPARE(cursorOf(messages[Tablet].at(2)), cursorFor(benPhone));
        QCOMPARE(cursorOf(messages[Asha].at(3)), cursorFor(asha));

        // The tablet closes; the phone still hears of Ben's next notification, Asha does not.
        QSignalSpy tabletClosed(&sockets[Tablet], &QWebSocket::disconnected);
        sockets[Tablet].close();
        QTRY_COMPARE_WITH_TIMEOUT(tabletClosed.size(), 1, 10000);
        QCOMPARE(
            notify(server, leaveRequest(toUsers({ QStringLiteral("E1002") })), newKey()).status,
            201);
        QTRY_COMPARE_WITH_TIMEOUT(messages[Phone].size(), 4, 10000);
        QCOMPARE(cursorOf(messages[Phone].at(3)), cursorFor(benPhone));
        QCOMPARE(
            notify(server, leaveRequest(toUsers({ QStringLiteral("E1001") })), newKey()).status,
            201);
        QTRY_COMPARE_WITH_TIMEOUT(messages[Asha].size(), 5, 10000);
        QCOMPARE(cursorOf(messages[Asha].at(4)), cursorFor(asha));
        QCOMPARE(messages[Tablet].size(), 3);
        sockets[Phone].close();
        sockets[Asha].close();
    }
};

QTEST_GUILESS_MAIN(TestNotifications)
#include "tst_notifications.moc"
