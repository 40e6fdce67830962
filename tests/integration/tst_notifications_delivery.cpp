// Notifications delivered against the real server (SQLite and PostgreSQL): signed webhooks
// delivered at least once across failures and restarts, withdrawal and expiry reaching every
// inbox, the admin's API keys, and the live stream's hints (carried items from each stream's own
// last hint) and refusals.
#include "notificationsfixture.h"

using namespace tessera::test;

class TestNotificationsDelivery : public QObject, protected NotificationsFixture
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QVERIFY2(m_postgres.start(), qPrintable(m_postgres.error())); }

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

    // Each stream carries items after the cursor of its own last hint (StreamHub's record per
    // stream): a stream's first hint is plain; a device that opens its stream later gets the
    // plain hint while the other, hinted before, gets the item; from then on both get it.
    void eachStreamCarriesFromItsOwnLastHint()
    {
        ServerProcess server;
        QVERIFY2(server.start(options()), qPrintable(server.error()));
        const QString tokens[] = { signIn(server, QStringLiteral("Ben Okafor")),
            signInDemo(server, QStringLiteral("Ben Okafor"),
                testDevice(QStringLiteral("notification-test-tablet")))
                .value(QStringLiteral("accessToken"))
                .toString() };
        QVERIFY(!tokens[0].isEmpty() && !tokens[1].isEmpty());
        QUrl url = server.url(QStringLiteral("/v1/stream"));
        url.setScheme(QStringLiteral("ws"));
        enum { Phone, Tablet };
        QWebSocket sockets[2];
        QList<QJsonObject> messages[2];
        const auto openStream = [&](int i) {
            connect(&sockets[i], &QWebSocket::textMessageReceived, this,
                [&messages, i](const QString &text) {
                    messages[i].append(QJsonDocument::fromJson(text.toUtf8()).object());
                });
            QNetworkRequest request(url);
            request.setRawHeader("Authorization", "Bearer " + tokens[i].toLatin1());
            sockets[i].open(request);
        };
        const auto notifyBen = [&] {
            const HttpResult created =
                notify(server, leaveRequest(toUsers({ QStringLiteral("E1002") })), newKey());
            return created.json().value(QStringLiteral("id")).toString();
        };
        const auto field = [](const QJsonObject &message, const char *key) {
            return message.value(QLatin1String(key)).toString();
        };
        // The items a message carries, by id (none: a plain hint).
        const auto carried = [](const QJsonObject &message) {
            QStringList ids;
            for (const auto &item : message.value(QStringLiteral("items")).toArray())
                ids.append(item.toObject().value(QStringLiteral("id")).toString());
            return ids;
        };

        openStream(Phone);
        QTRY_COMPARE_WITH_TIMEOUT(messages[Phone].size(), 1, 10000); // hello
        QVERIFY(!notifyBen().isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(messages[Phone].size(), 2, 10000);
        QCOMPARE(carried(messages[Phone].at(1)), QStringList()); // its first hint
        const QString first = field(messages[Phone].at(1), "cursor");
        const QString second = notifyBen();
        QTRY_COMPARE_WITH_TIMEOUT(messages[Phone].size(), 3, 10000);
        QCOMPARE(carried(messages[Phone].at(2)), QStringList { second });
        QCOMPARE(field(messages[Phone].at(2), "since"), first);

        openStream(Tablet); // opens after the phone was hinted
        QTRY_COMPARE_WITH_TIMEOUT(messages[Tablet].size(), 1, 10000); // hello
        const QString third = notifyBen();
        QTRY_COMPARE_WITH_TIMEOUT(messages[Phone].size(), 4, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(messages[Tablet].size(), 2, 10000);
        QCOMPARE(carried(messages[Phone].at(3)), QStringList { third });
        QCOMPARE(field(messages[Phone].at(3), "since"), field(messages[Phone].at(2), "cursor"));
        QCOMPARE(carried(messages[Tablet].at(1)), QStringList()); // the tablet's first hint
        QCOMPARE(field(messages[Tablet].at(1), "cursor"), field(messages[Phone].at(3), "cursor"));
        const QString fourth = notifyBen();
        for (int i : { Phone, Tablet }) {
            QTRY_COMPARE_WITH_TIMEOUT(messages[i].size(), i == Phone ? 5 : 3, 10000);
            QCOMPARE(carried(messages[i].last()), QStringList { fourth });
            QCOMPARE(field(messages[i].last(), "since"), field(messages[Phone].at(3), "cursor"));
        }
        sockets[Phone].close();
        sockets[Tablet].close();
    }
};

QTEST_GUILESS_MAIN(TestNotificationsDelivery)
#include "tst_notifications_delivery.moc"
