// Notifications, inbox and decisions against the real server (SQLite and PostgreSQL): the
// sub-system API with idempotency and validation, delta sync, one decision for everyone (and one
// signed webhook), concurrent decisions, reading and paging.
#include "notificationsfixture.h"

using namespace tessera::test;

class TestNotifications : public QObject, protected NotificationsFixture
{
    Q_OBJECT

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
            for (const auto &item : items)
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
};

QTEST_GUILESS_MAIN(TestNotifications)
#include "tst_notifications.moc"
