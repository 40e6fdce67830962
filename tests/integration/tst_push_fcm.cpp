// FCM HTTP v1 from the real server, on SQLite and PostgreSQL, against a loopback FCM in
// Python (tests/data/fcm_service.py) that makes the service account, verifies each token
// request's RS256 JWT with PyJWT, checks each send's Bearer token and decrypts data.p with
// webpush_receiver.py's own RFC 8291 code:
// - fcm and apns registrations with a bad token, an endpoint, no keys: 400; an apns one (or fcm
//   on a server without FCM): 409 push_transport_unavailable; nothing stored;
// - posted notifications reach the device decrypted (id, title, actions), the title never in
//   clear, android priority/ttl/collapse_key set, one token exchange for several sends;
// - UNREGISTERED (404) and an INVALID_ARGUMENT about the token remove the subscription;
// - a 401 on send: a new access token is fetched and the push delivered;
// - 429 with Retry-After as an HTTP date, then 500: sent again no sooner than asked, accepted;
// - restarted without FCM: the fcm subscription's queued push is dropped, never sent;
// - a service account that is not usable stops the server, naming the key, not its value.
#include "pushserverparts.h"

using namespace tessera::test;

class TestPushFcm : public QObject, public PushServerParts
{
    Q_OBJECT

    QProcess m_service;
    QUrl m_serviceUrl;
    QString m_accountFile;

    // A new server on kind (or server again on its data), with FCM or else with a VAPID key only.
    bool start(Server &server, const QString &kind, bool fcm = true, const QString &vapid = {})
    {
        ServerProcess::Options options;
        if (fcm)
            options.config.insert(QStringLiteral("push"),
                QJsonObject { { QStringLiteral("fcm"),
                    QJsonObject { { QStringLiteral("serviceAccountFile"), m_accountFile },
                        { QStringLiteral("endpoint"), m_serviceUrl.toString() } } } });
        if (!vapid.isEmpty())
            options.extraArguments << vapidArguments(vapid);
        return PushServerParts::start(server, kind, QStringLiteral("fcm"), options);
    }

    HttpResult control(const QByteArray &method, const QString &path, const QJsonObject &body = {})
    {
        return PushServerParts::control(m_serviceUrl, method, path, body);
    }

    // A new Android device at FCM: {"token", "keys"} as the app registers it.
    QJsonObject newDevice(const QString &name, const QStringList &answers = {})
    {
        QJsonObject device = control("POST", QStringLiteral("/_device"),
            { { QStringLiteral("name"),
                name } }).json();
        control("POST", QStringLiteral("/_script"),
            { { QStringLiteral("name"), name },
                { QStringLiteral("answers"), QJsonArray::fromStringList(answers) } });
        device.insert(QStringLiteral("transport"), QStringLiteral("fcm"));
        return device;
    }

    QList<QJsonObject> sendsTo(const QString &name) { return loggedFor(m_serviceUrl, name); }

    qint64 exchanges()
    {
        return control("GET", QStringLiteral("/_stats"))
            .json()
            .value(QStringLiteral("exchanges"))
            .toInteger();
    }

    static QString subscriptions(const QString &transport = {})
    {
        return transport.isEmpty()
            ? QStringLiteral("SELECT COUNT(*) FROM push_subscriptions")
            : QStringLiteral("SELECT COUNT(*) FROM push_subscriptions WHERE transport = '%1'")
                  .arg(transport);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(startDatabases());
        m_serviceUrl = startService(m_service, { QStringLiteral(TESSERA_FCM_SERVICE) });
        QVERIFY(m_serviceUrl.isValid());
        const HttpResult account = control("POST", QStringLiteral("/_account"));
        QCOMPARE(account.status, 200);
        m_accountFile = m_dir.filePath(QStringLiteral("service-account.json"));
        QFile file(m_accountFile);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(account.body);
    }

    void cleanupTestCase() { stopService(m_service); }

    void registrationValidation()
    {
        Server server;
        QVERIFY(start(server, QStringLiteral("sqlite")));
        const Person asha =
            signIn(server, QStringLiteral("Asha Rao"), QStringLiteral("fcm-device-1"));
        const QJsonObject good = newDevice(uniqueName(QStringLiteral("v")));
        const QString token = good.value(QStringLiteral("token")).toString();
        const auto with = [&](const QString &field, const QJsonValue &value) {
            QJsonObject body = good;
            if (value.isUndefined())
                body.remove(field);
            else
                body.insert(field, value);
            return body;
        };
        const QString hex = QStringLiteral("0123456789ABCDEF").repeated(4);
        const QList<std::pair<const char *, QJsonObject>> bad {
            { "short token", with(QStringLiteral("token"), token.left(99)) },
            { "token with a slash",
                with(QStringLiteral("token"), QString(token + QStringLiteral("/x"))) },
            { "token too long", with(QStringLiteral("token"), QString(4097, QLatin1Char('a'))) },
            { "no token", with(QStringLiteral("token"), QJsonValue::Undefined) },
            { "fcm with an endpoint",
                with(QStringLiteral("endpoint"), QStringLiteral("https://fcm.example.com/x")) },
            { "no keys", with(QStringLiteral("keys"), QJsonValue::Undefined) },
            { "unknown transport", with(QStringLiteral("transport"), QStringLiteral("hms")) },
            { "webpush without an endpoint",
                with(QStringLiteral("transport"), QStringLiteral("webpush")) },
            { "apns token of 63 digits",
                QJsonObject { { QStringLiteral("transport"), QStringLiteral("apns") },
                    { QStringLiteral("token"), hex.left(63) },
                    { QStringLiteral("keys"), good.value(QStringLiteral("keys")) } } },
            { "apns token not hex",
                QJsonObject { { QStringLiteral("transport"), QStringLiteral("apns") },
                    { QStringLiteral("token"), QString(64, QLatin1Char('g')) },
                    { QStringLiteral("keys"), good.value(QStringLiteral("keys")) } } },
        };
        for (const auto &[why, body] : bad) {
            const HttpResult answer = subscribe(server, asha.token, body);
            QVERIFY2(answer.status == 400, why);
            QCOMPARE(errorCode(answer), QStringLiteral("invalid_request"));
        }
        // A well-formed APNs token on a server without APNs: 409, nothing stored.
        const HttpResult apns = subscribe(server, asha.token,
            QJsonObject { { QStringLiteral("transport"), QStringLiteral("apns") },
                { QStringLiteral("token"), hex },
                { QStringLiteral("keys"), good.value(QStringLiteral("keys")) } });
        QCOMPARE(apns.status, 409);
        QCOMPARE(errorCode(apns), QStringLiteral("push_transport_unavailable"));
        QCOMPARE(count(server, subscriptions()), 0);
        QCOMPARE(subscribe(server, asha.token, good).status, 204);
        QCOMPARE(count(server, subscriptions(QStringLiteral("fcm"))), 1);
        QCOMPARE(count(server,
                     QStringLiteral("SELECT COUNT(*) FROM push_subscriptions WHERE endpoint = '%1'")
                         .arg(token)),
            1);

        // A server without FCM refuses an fcm registration the same way.
        Server plain;
        QVERIFY(start(plain, QStringLiteral("sqlite"), false));
        const Person ben =
            signIn(plain, QStringLiteral("Ben Okafor"), QStringLiteral("fcm-device-2"));
        const HttpResult refused =
            subscribe(plain, ben.token, newDevice(uniqueName(QStringLiteral("p"))));
        QCOMPARE(refused.status, 409);
        QCOMPARE(errorCode(refused), QStringLiteral("push_transport_unavailable"));
        QCOMPARE(count(plain, subscriptions()), 0);
    }

    void deliveredDecrypted_data() { addDatabaseKinds(); }
    void deliveredDecrypted()
    {
        QFETCH(QString, kind);
        Server server;
        QVERIFY(start(server, kind));
        const Person asha =
            signIn(server, QStringLiteral("Asha Rao"), QStringLiteral("fcm-device-1"));
        const QString name = uniqueName(QStringLiteral("d"));
        const QJsonObject device = newDevice(name);
        QCOMPARE(subscribe(server, asha.token, device).status, 204);
        const qint64 before = exchanges();
        QStringList ids;
        QStringList titles;
        for (int i = 0; i < 3; ++i) {
            titles << QStringLiteral("Leave request %1: Ben Okafor, 2–4 Dec").arg(i);
            ids << notify(server, asha.userId, titles.constLast());
            QVERIFY(!ids.constLast().isEmpty());
        }
        QTRY_COMPARE_WITH_TIMEOUT(sendsTo(name).size(), 3, 20000);
        QStringList gotIds;
        for (const QJsonObject &send : sendsTo(name)) {
            QCOMPARE(send.value(QStringLiteral("answered")).toString(), QStringLiteral("ok"));
            QCOMPARE(send.value(QStringLiteral("token")).toString(),
                device.value(QStringLiteral("token")).toString());
            // Only token, data and android: no "notification" block, the title never in clear.
            QCOMPARE(send.value(QStringLiteral("keys")).toArray(),
                (QJsonArray {
                    QStringLiteral("android"), QStringLiteral("data"), QStringLiteral("token") }));
            QCOMPARE(send.value(QStringLiteral("data")).toObject().keys(),
                QStringList { QStringLiteral("p") });
            const QJsonObject payload = send.value(QStringLiteral("payload")).toObject();
            QVERIFY2(!payload.isEmpty(),
                qPrintable(send.value(QStringLiteral("decryptError")).toString()));
            const QString id = payload.value(QStringLiteral("id")).toString();
            const qsizetype at = ids.indexOf(id);
            QVERIFY(at >= 0);
            gotIds << id;
            QCOMPARE(payload.value(QStringLiteral("title")).toString(), titles.at(at));
            QVERIFY(!compactJson(send.value(QStringLiteral("data")).toObject())
                         .contains("Leave request"));
            QStringList actions;
            for (const auto &action : payload.value(QStringLiteral("actions")).toArray())
                actions << action.toObject().value(QStringLiteral("id")).toString();
            QCOMPARE(
                actions, (QStringList { QStringLiteral("approve"), QStringLiteral("reject") }));
            const QJsonObject android = send.value(QStringLiteral("android")).toObject();
            QCOMPARE(android.value(QStringLiteral("priority")).toString(), QStringLiteral("high"));
            QCOMPARE(android.value(QStringLiteral("collapse_key")).toString(), id);
            QVERIFY(android.value(QStringLiteral("ttl")).toString().endsWith(QLatin1Char('s')));
            QVERIFY(android.value(QStringLiteral("ttl")).toString().chopped(1).toInt() > 0);
        }
        gotIds.sort();
        ids.sort();
        QCOMPARE(gotIds, ids);
        // One access token for the three sends.
        QCOMPARE(exchanges() - before, 1);
        QTRY_COMPARE_WITH_TIMEOUT(
            count(server, QStringLiteral("SELECT COUNT(*) FROM push_queue")), 0, 5000);
    }

    void goneRemovesSubscription_data()
    {
        QTest::addColumn<QString>("answer");
        QTest::newRow("UNREGISTERED") << QStringLiteral("unregistered");
        QTest::newRow("INVALID_ARGUMENT token") << QStringLiteral("invalid-token");
    }
    void goneRemovesSubscription()
    {
        QFETCH(QString, answer);
        Server server;
        QVERIFY(start(server, QStringLiteral("sqlite")));
        const Person asha =
            signIn(server, QStringLiteral("Asha Rao"), QStringLiteral("fcm-device-1"));
        const QString name = uniqueName(QStringLiteral("g"));
        QCOMPARE(subscribe(server, asha.token, newDevice(name, { answer })).status, 204);
        QVERIFY(!notify(server, asha.userId, QStringLiteral("First")).isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(sendsTo(name).size(), 1, 15000);
        QTRY_COMPARE_WITH_TIMEOUT(count(server, subscriptions()), 0, 5000);
        QVERIFY(!notify(server, asha.userId, QStringLiteral("Second")).isEmpty());
        QTest::qWait(2500);
        QCOMPARE(sendsTo(name).size(), 1);
        QCOMPARE(count(server, QStringLiteral("SELECT COUNT(*) FROM push_queue")), 0);
    }

    void unauthorizedGetsNewToken()
    {
        Server server;
        QVERIFY(start(server, QStringLiteral("sqlite")));
        const Person asha =
            signIn(server, QStringLiteral("Asha Rao"), QStringLiteral("fcm-device-1"));
        const QString name = uniqueName(QStringLiteral("u"));
        QCOMPARE(
            subscribe(server, asha.token, newDevice(name, { QStringLiteral("401") })).status, 204);
        const qint64 before = exchanges();
        const QString id = notify(server, asha.userId, QStringLiteral("Revoked"));
        QTRY_COMPARE_WITH_TIMEOUT(sendsTo(name).size(), 2, 15000);
        QCOMPARE(sendsTo(name).at(0).value(QStringLiteral("answered")).toString(),
            QStringLiteral("401"));
        QCOMPARE(
            sendsTo(name).at(1).value(QStringLiteral("answered")).toString(), QStringLiteral("ok"));
        QCOMPARE(sendsTo(name)
                     .at(1)
                     .value(QStringLiteral("payload"))
                     .toObject()
                     .value(QStringLiteral("id"))
                     .toString(),
            id);
        QCOMPARE(exchanges() - before, 2);
        QTRY_COMPARE_WITH_TIMEOUT(
            count(server, QStringLiteral("SELECT COUNT(*) FROM push_queue")), 0, 5000);
        QCOMPARE(count(server, subscriptions()), 1);
    }

    void retryAfterDateThen500()
    {
        Server server;
        QVERIFY(start(server, QStringLiteral("sqlite")));
        const Person asha =
            signIn(server, QStringLiteral("Asha Rao"), QStringLiteral("fcm-device-1"));
        const QString name = uniqueName(QStringLiteral("r"));
        QCOMPARE(subscribe(server, asha.token,
                     newDevice(name, { QStringLiteral("429:date:8"), QStringLiteral("500") }))
                     .status,
            204);
        QVERIFY(!notify(server, asha.userId, QStringLiteral("Busy")).isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(sendsTo(name).size(), 3, 30000);
        const QList<QJsonObject> sends = sendsTo(name);
        QCOMPARE(sends.at(2).value(QStringLiteral("answered")).toString(), QStringLiteral("ok"));
        // Retry-After: an IMF-fixdate 8 s ahead (whole seconds, both sides: at least 6 s later; the
        // backoff without it would be 2 s).
        const double waited = sends.at(1).value(QStringLiteral("at")).toDouble()
            - sends.at(0).value(QStringLiteral("at")).toDouble();
        QVERIFY2(waited >= 5.5, qPrintable(QString::number(waited)));
        QTest::qWait(2500);
        QCOMPARE(sendsTo(name).size(), 3);
    }

    // Restarted without FCM (Web Push only): the fcm subscription's pushes are dropped from the
    // queue, never sent elsewhere.
    void unconfiguredTransportDropped()
    {
        Server server;
        QVERIFY(start(server, QStringLiteral("sqlite")));
        const Person asha =
            signIn(server, QStringLiteral("Asha Rao"), QStringLiteral("fcm-device-1"));
        const QString name = uniqueName(QStringLiteral("x"));
        QCOMPARE(subscribe(server, asha.token, newDevice(name)).status, 204);
        QCOMPARE(server.process.stop(), std::optional<int>(0));
        const QString vapid = m_dir.filePath(QStringLiteral("vapid.pem"));
        QCOMPARE(QProcess::execute(QStringLiteral("openssl"),
                     { QStringLiteral("ecparam"), QStringLiteral("-name"),
                         QStringLiteral("prime256v1"), QStringLiteral("-genkey"),
                         QStringLiteral("-noout"), QStringLiteral("-out"), vapid }),
            0);
        QVERIFY(start(server, QStringLiteral("sqlite"), false, vapid));
        QVERIFY(!notify(server, asha.userId, QStringLiteral("Nowhere")).isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(
            count(server, QStringLiteral("SELECT COUNT(*) FROM push_queue")), 0, 10000);
        // The log line comes through the server's pipe, maybe after the queue is seen empty.
        QTRY_VERIFY_WITH_TIMEOUT(
            server.process.output().contains("a transport this server has not configured"), 5000);
        QTest::qWait(1500);
        QCOMPARE(sendsTo(name).size(), 0);
        QCOMPARE(count(server, subscriptions(QStringLiteral("fcm"))), 1);
    }

    void badServiceAccountStopsTheServer()
    {
        const QString bad = m_dir.filePath(QStringLiteral("bad-account.json"));
        QFile file(bad);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(compactJson({ { QStringLiteral("client_email"), QStringLiteral("a@b.c") },
            { QStringLiteral("project_id"), QStringLiteral("tessera-test") },
            { QStringLiteral("token_uri"), QStringLiteral("http://127.0.0.1:1/token") },
            { QStringLiteral("private_key"),
                QStringLiteral(
                    "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n") } }));
        file.close();
        ServerProcess process;
        ServerProcess::Options options;
        options.dataDir = m_dir.filePath(QStringLiteral("data-bad"));
        QDir().mkpath(options.dataDir);
        options.config.insert(QStringLiteral("push"),
            QJsonObject { { QStringLiteral("fcm"),
                QJsonObject { { QStringLiteral("serviceAccountFile"), bad } } } });
        QVERIFY(!process.start(options));
        QVERIFY2(
            process.error().contains(QStringLiteral("private_key")), qPrintable(process.error()));
        QVERIFY(!process.error().contains(QStringLiteral("AAAA")));
    }
};

QTEST_GUILESS_MAIN(TestPushFcm)
#include "tst_push_fcm.moc"
