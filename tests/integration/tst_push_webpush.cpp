// Web Push from the real server (step 1), on SQLite and PostgreSQL, against a loopback
// push service in Python (tests/data/webpush_receiver.py) that verifies each VAPID JWT with
// PyJWT and decrypts each body with its own RFC 8291 code on python3-cryptography:
// - a registration with any bad field (transport, endpoint, p256dh, auth, extra fields) is 400
//   and stores nothing; without a token 401;
// - a posted notification reaches the subscribed device decrypted, with the item id, title and
//   actions, Urgency/TTL by priority and the item id as Topic; a person without a subscription
//   gets nothing;
// - 429 with Retry-After, then 500, then accepted: sent again each time, accepted once;
// - 410: the subscription is removed and nothing more is sent to it;
// - pushes queued while the push service refuses, the server restarted: each accepted once;
// - a sign-in again with a new device key, sign-out and remote sign-out remove the device's
//   subscription;
// - a server without a VAPID key queues and sends nothing.
#include "newsfixture.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QUuid>

using namespace tessera::test;

class TestPushWebPush : public QObject
{
    Q_OBJECT

    PostgresCluster m_postgres;
    QTemporaryDir m_dir;
    QProcess m_receiver;
    QUrl m_receiverUrl;
    QString m_vapidKey;
    int m_databases = 0;

    static QString script() { return QStringLiteral(TESSERA_WEBPUSH_RECEIVER); }

    struct Server
    {
        ServerProcess process;
        QString database;
        QString dataDir;
    };

    bool start(Server &server, const QString &kind, bool vapid = true)
    {
        if (server.dataDir.isEmpty()) {
            server.dataDir = m_dir.filePath(QStringLiteral("data-%1").arg(++m_databases));
            server.database =
                databaseForKind(m_postgres, kind, QStringLiteral("push_%1").arg(m_databases));
        }
        ServerProcess::Options options;
        options.database = server.database;
        options.dataDir = server.dataDir;
        if (vapid)
            options.extraArguments << QStringLiteral("--vapid-key") << m_vapidKey
                                   << QStringLiteral("--vapid-subject")
                                   << QStringLiteral("mailto:ops@example.com");
        if (!server.process.start(options)) {
            qWarning().noquote() << server.process.error();
            return false;
        }
        return true;
    }

    HttpResult control(const QByteArray &method, const QString &path, const QJsonObject &body = {})
    {
        QUrl url = m_receiverUrl;
        url.setPath(path);
        return httpRequest(method, url, body.isEmpty() ? QByteArray() : compactJson(body));
    }

    // A new device at the push service: {"endpoint", "keys"}.
    QJsonObject newDevice(const QString &name, const QJsonArray &answers = {}, int fallback = 201)
    {
        QJsonObject device = control("POST", QStringLiteral("/_subscribe"),
            { { QStringLiteral("name"),
                name } }).json();
        script(name, answers, fallback);
        return device;
    }

    void script(const QString &name, const QJsonArray &answers, int fallback = 201)
    {
        control("POST", QStringLiteral("/_script"),
            { { QStringLiteral("name"), name }, { QStringLiteral("answers"), answers },
                { QStringLiteral("default"), fallback } });
    }

    // The pushes the service got for name, in order.
    QList<QJsonObject> pushesTo(const QString &name)
    {
        QList<QJsonObject> pushes;
        const HttpResult log = control("GET", QStringLiteral("/_log"));
        for (const auto &value : QJsonDocument::fromJson(log.body).array())
            if (value.toObject().value(QStringLiteral("name")).toString() == name)
                pushes.append(value.toObject());
        return pushes;
    }

    static QJsonObject subscription(const QJsonObject &device)
    {
        QJsonObject body = device;
        body.insert(QStringLiteral("transport"), QStringLiteral("webpush"));
        return body;
    }

    static HttpResult subscribe(const Server &server, const QString &token, const QByteArray &body)
    {
        return httpRequest(
            "POST", server.process.url(QStringLiteral("/v1/me/push")), body, bearer(token));
    }

    struct Person
    {
        QString userId;
        QString token;
        QString deviceId;
    };

    static Person signIn(const Server &server, const QString &name, const QString &deviceId)
    {
        const QJsonObject answer = signInDemo(server.process, name, testDevice(deviceId));
        return {
            answer.value(QStringLiteral("user")).toObject().value(QStringLiteral("id")).toString(),
            answer.value(QStringLiteral("accessToken")).toString(), deviceId
        };
    }

    static QString notify(
        const Server &server, const QString &userId, const QString &title, bool actionable = true)
    {
        QJsonObject body = leaveRequestFor(userId);
        body.insert(QStringLiteral("title"), title);
        if (!actionable) {
            body.insert(QStringLiteral("actionable"), false);
            body.remove(QStringLiteral("actions"));
        }
        const HttpResult created = httpRequest("POST",
            server.process.url(QStringLiteral("/v1/notifications")), compactJson(body),
            bearer(publish::demoKey(server.process),
                QUuid::createUuid().toByteArray(QUuid::WithoutBraces)));
        if (created.status != 201)
            qWarning() << created.status << created.body;
        return created.json().value(QStringLiteral("id")).toString();
    }

    static qint64 count(const Server &server, const QString &statement)
    {
        const ServerSqlResult result = runServerSql(server.dataDir, server.database, statement);
        return result.ok && result.hasRow ? result.value.toLongLong() : -1;
    }

    static QString uniqueName(const QString &prefix)
    {
        return prefix + QUuid::createUuid().toString(QUuid::Id128).left(12);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY2(m_postgres.start(), qPrintable(m_postgres.error()));
        m_vapidKey = m_dir.filePath(QStringLiteral("vapid.pem"));
        QCOMPARE(QProcess::execute(QStringLiteral("/usr/bin/python3"),
                     { script(), QStringLiteral("--make-vapid-key"), m_vapidKey }),
            0);
        m_receiver.start(QStringLiteral("/usr/bin/python3"), { script() });
        QVERIFY(m_receiver.waitForStarted());
        QVERIFY(m_receiver.waitForReadyRead(15000));
        const QByteArray line = m_receiver.readLine().trimmed();
        QVERIFY2(line.startsWith("PORT "), line.constData());
        m_receiverUrl = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(line.mid(5).toInt()));
    }

    void cleanupTestCase()
    {
        m_receiver.kill();
        m_receiver.waitForFinished();
    }

    void registrationValidation_data() { addDatabaseKinds(); }
    void registrationValidation()
    {
        QFETCH(QString, kind);
        Server server;
        QVERIFY(start(server, kind));
        const Person asha =
            signIn(server, QStringLiteral("Asha Rao"), QStringLiteral("push-device-1"));
        QVERIFY(!asha.token.isEmpty());
        const QJsonObject good = subscription(newDevice(uniqueName(QStringLiteral("v"))));
        const QJsonObject keys = good.value(QStringLiteral("keys")).toObject();
        const auto with = [&](const QString &field, const QJsonValue &value) {
            QJsonObject body = good;
            body.insert(field, value);
            return body;
        };
        const auto withKey = [&](const QString &field, const QJsonValue &value) {
            QJsonObject changed = keys;
            changed.insert(field, value);
            return with(QStringLiteral("keys"), changed);
        };
        const auto b64 = [](const QByteArray &bytes) {
            return QString::fromLatin1(
                bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
        };
        QByteArray point =
            QByteArray::fromBase64(keys.value(QStringLiteral("p256dh")).toString().toLatin1(),
                QByteArray::Base64UrlEncoding);
        QCOMPARE(point.size(), 65);
        QByteArray offCurve = point;
        offCurve[64] = char(offCurve.at(64) ^ 0x01);
        const QList<std::pair<const char *, QByteArray>> bad {
            { "not JSON", "{transport" },
            { "another transport",
                compactJson(with(QStringLiteral("transport"), QStringLiteral("fcm"))) },
            { "http to another host",
                compactJson(with(
                    QStringLiteral("endpoint"), QStringLiteral("http://push.example.com/x"))) },
            { "not http",
                compactJson(
                    with(QStringLiteral("endpoint"), QStringLiteral("ftp://127.0.0.1/x"))) },
            { "user info",
                compactJson(with(
                    QStringLiteral("endpoint"), QStringLiteral("https://u@push.example.com/x"))) },
            { "too long",
                compactJson(with(QStringLiteral("endpoint"),
                    QString(QStringLiteral("https://push.example.com/")
                        + QString(2100, QLatin1Char('a'))))) },
            { "short point", compactJson(withKey(QStringLiteral("p256dh"), b64(point.left(33)))) },
            { "off the curve", compactJson(withKey(QStringLiteral("p256dh"), b64(offCurve))) },
            { "not base64url",
                compactJson(withKey(QStringLiteral("p256dh"),
                    QString(b64(point)).replace(0, 1, QLatin1Char('+')))) },
            { "auth 15 bytes",
                compactJson(withKey(QStringLiteral("auth"), b64(QByteArray(15, 'a')))) },
            { "auth 17 bytes",
                compactJson(withKey(QStringLiteral("auth"), b64(QByteArray(17, 'a')))) },
            { "no keys", compactJson(with(QStringLiteral("keys"), QJsonValue())) },
            { "an extra field", compactJson(with(QStringLiteral("token"), QStringLiteral("x"))) },
        };
        for (const auto &[why, body] : bad) {
            const HttpResult answer = subscribe(server, asha.token, body);
            QVERIFY2(answer.status == 400, why);
            QCOMPARE(errorCode(answer), QStringLiteral("invalid_request"));
        }
        QCOMPARE(httpRequest(
                     "POST", server.process.url(QStringLiteral("/v1/me/push")), compactJson(good))
                     .status,
            401);
        QCOMPARE(count(server, QStringLiteral("SELECT COUNT(*) FROM push_subscriptions")), 0);
        QCOMPARE(subscribe(server, asha.token, compactJson(good)).status, 204);
        QCOMPARE(count(server, QStringLiteral("SELECT COUNT(*) FROM push_subscriptions")), 1);
        // A new one replaces it: still one for the device.
        QCOMPARE(subscribe(server, asha.token,
                     compactJson(subscription(newDevice(uniqueName(QStringLiteral("v"))))))
                     .status,
            204);
        QCOMPARE(count(server, QStringLiteral("SELECT COUNT(*) FROM push_subscriptions")), 1);
        QCOMPARE(httpRequest("DELETE", server.process.url(QStringLiteral("/v1/me/push")), {},
                     bearer(asha.token))
                     .status,
            204);
        QCOMPARE(count(server, QStringLiteral("SELECT COUNT(*) FROM push_subscriptions")), 0);
    }

    void deliveredDecrypted_data() { addDatabaseKinds(); }
    void deliveredDecrypted()
    {
        QFETCH(QString, kind);
        Server server;
        QVERIFY(start(server, kind));
        const Person asha =
            signIn(server, QStringLiteral("Asha Rao"), QStringLiteral("push-device-1"));
        const QString name = uniqueName(QStringLiteral("d"));
        QCOMPARE(
            subscribe(server, asha.token, compactJson(subscription(newDevice(name)))).status, 204);
        const QString title = QStringLiteral("Leave request: Ben Okafor, 2–4 Dec");
        const QString id = notify(server, asha.userId, title);
        QVERIFY(!id.isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(pushesTo(name).size(), 1, 15000);
        const QJsonObject push = pushesTo(name).constFirst();
        QVERIFY2(push.value(QStringLiteral("vapidOk")).toBool(),
            qPrintable(push.value(QStringLiteral("vapidError")).toString()));
        QCOMPARE(
            push.value(QStringLiteral("sub")).toString(), QStringLiteral("mailto:ops@example.com"));
        QVERIFY(push.value(QStringLiteral("exp")).toInteger()
            <= QDateTime::currentSecsSinceEpoch() + qint64(24) * 3600);
        QCOMPARE(
            push.value(QStringLiteral("contentEncoding")).toString(), QStringLiteral("aes128gcm"));
        QCOMPARE(push.value(QStringLiteral("urgency")).toString(), QStringLiteral("high"));
        QCOMPARE(push.value(QStringLiteral("topic")).toString(), id);
        QVERIFY(push.value(QStringLiteral("ttl")).toString().toInt() > 0);
        const QJsonObject payload = push.value(QStringLiteral("payload")).toObject();
        QVERIFY2(
            !payload.isEmpty(), qPrintable(push.value(QStringLiteral("decryptError")).toString()));
        QCOMPARE(payload.value(QStringLiteral("id")).toString(), id);
        QCOMPARE(payload.value(QStringLiteral("title")).toString(), title);
        QStringList actions;
        for (const auto &action : payload.value(QStringLiteral("actions")).toArray())
            actions << action.toObject().value(QStringLiteral("id")).toString();
        QCOMPARE(actions, (QStringList { QStringLiteral("approve"), QStringLiteral("reject") }));

        // Not actionable, normal priority: Urgency normal. Someone without a subscription: none.
        const Person ben =
            signIn(server, QStringLiteral("Ben Okafor"), QStringLiteral("push-device-2"));
        QVERIFY(!notify(server, ben.userId, QStringLiteral("For Ben")).isEmpty());
        const QString info = notify(server, asha.userId, QStringLiteral("FYI"), false);
        QTRY_COMPARE_WITH_TIMEOUT(pushesTo(name).size(), 2, 15000);
        QCOMPARE(pushesTo(name).at(1).value(QStringLiteral("urgency")).toString(),
            QStringLiteral("normal"));
        // One VAPID JWT per push-service origin, reused (an ES256 signature made again would
        // differ: ECDSA is randomized), made for 12 h and reused for at most 1 h of it.
        const QJsonObject second = pushesTo(name).at(1);
        QVERIFY2(second.value(QStringLiteral("vapidOk")).toBool(),
            qPrintable(second.value(QStringLiteral("vapidError")).toString()));
        QVERIFY(!push.value(QStringLiteral("token")).toString().isEmpty());
        QCOMPARE(second.value(QStringLiteral("token")).toString(),
            push.value(QStringLiteral("token")).toString());
        QVERIFY(second.value(QStringLiteral("exp")).toInteger()
            >= QDateTime::currentSecsSinceEpoch() + qint64(11) * 3600);
        QCOMPARE(pushesTo(name)
                     .at(1)
                     .value(QStringLiteral("payload"))
                     .toObject()
                     .value(QStringLiteral("id"))
                     .toString(),
            info);
        QTRY_COMPARE_WITH_TIMEOUT(
            count(server, QStringLiteral("SELECT COUNT(*) FROM push_queue")), 0, 5000);
    }

    void retriedThenAccepted_data() { addDatabaseKinds(); }
    void retriedThenAccepted()
    {
        QFETCH(QString, kind);
        Server server;
        QVERIFY(start(server, kind));
        const Person asha =
            signIn(server, QStringLiteral("Asha Rao"), QStringLiteral("push-device-1"));
        const QString name = uniqueName(QStringLiteral("r"));
        const QJsonArray answers { QJsonArray { 429, 2 }, QJsonArray { 500, QJsonValue() } };
        QCOMPARE(subscribe(server, asha.token, compactJson(subscription(newDevice(name, answers))))
                     .status,
            204);
        QElapsedTimer clock;
        clock.start();
        const QString id = notify(server, asha.userId, QStringLiteral("Try again"));
        QTRY_COMPARE_WITH_TIMEOUT(pushesTo(name).size(), 3, 30000);
        const QList<QJsonObject> pushes = pushesTo(name);
        QCOMPARE(pushes.at(0).value(QStringLiteral("answered")).toInt(), 429);
        QCOMPARE(pushes.at(1).value(QStringLiteral("answered")).toInt(), 500);
        QCOMPARE(pushes.at(2).value(QStringLiteral("answered")).toInt(), 201);
        for (const QJsonObject &push : pushes)
            QCOMPARE(push.value(QStringLiteral("payload"))
                         .toObject()
                         .value(QStringLiteral("id"))
                         .toString(),
                id);
        // Retry-After: 2 was honoured, then the backoff's first step (2 s).
        QVERIFY(clock.elapsed() >= 3500);
        QTRY_COMPARE_WITH_TIMEOUT(
            count(server, QStringLiteral("SELECT COUNT(*) FROM push_queue")), 0, 5000);
        QTest::qWait(3000);
        QCOMPARE(pushesTo(name).size(), 3); // accepted once: not sent again
    }

    void goneRemovesSubscription_data() { addDatabaseKinds(); }
    void goneRemovesSubscription()
    {
        QFETCH(QString, kind);
        Server server;
        QVERIFY(start(server, kind));
        const Person asha =
            signIn(server, QStringLiteral("Asha Rao"), QStringLiteral("push-device-1"));
        const QString name = uniqueName(QStringLiteral("g"));
        QCOMPARE(subscribe(server, asha.token, compactJson(subscription(newDevice(name, {}, 410))))
                     .status,
            204);
        QVERIFY(!notify(server, asha.userId, QStringLiteral("Gone")).isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(pushesTo(name).size(), 1, 15000);
        QTRY_COMPARE_WITH_TIMEOUT(
            count(server, QStringLiteral("SELECT COUNT(*) FROM push_subscriptions")), 0, 5000);
        QVERIFY(!notify(server, asha.userId, QStringLiteral("Nobody there")).isEmpty());
        QTest::qWait(2500);
        QCOMPARE(pushesTo(name).size(), 1);
        QCOMPARE(count(server, QStringLiteral("SELECT COUNT(*) FROM push_queue")), 0);
    }

    void restartSendsEachOnce_data() { addDatabaseKinds(); }
    void restartSendsEachOnce()
    {
        QFETCH(QString, kind);
        Server server;
        QVERIFY(start(server, kind));
        const Person asha =
            signIn(server, QStringLiteral("Asha Rao"), QStringLiteral("push-device-1"));
        const QString name = uniqueName(QStringLiteral("s"));
        // The push service refuses for now (503, Retry-After 1): everything stays queued.
        QCOMPARE(subscribe(server, asha.token, compactJson(subscription(newDevice(name, {}, 503))))
                     .status,
            204);
        QStringList ids;
        for (int i = 0; i < 5; ++i)
            ids << notify(server, asha.userId, QStringLiteral("Queued %1").arg(i));
        QVERIFY(!ids.contains(QString()));
        QTRY_VERIFY_WITH_TIMEOUT(pushesTo(name).size() >= 5, 15000);
        QCOMPARE(count(server, QStringLiteral("SELECT COUNT(*) FROM push_queue")), 5);
        QCOMPARE(server.process.stop(), std::optional<int>(0));
        script(name, {}, 201);
        const qsizetype before = pushesTo(name).size();
        QVERIFY(start(server, kind));
        QTRY_COMPARE_WITH_TIMEOUT(
            count(server, QStringLiteral("SELECT COUNT(*) FROM push_queue")), 0, 20000);
        QTest::qWait(2000);
        QStringList accepted;
        for (const QJsonObject &push : pushesTo(name).mid(before)) {
            QCOMPARE(push.value(QStringLiteral("answered")).toInt(), 201);
            accepted << push.value(QStringLiteral("payload"))
                            .toObject()
                            .value(QStringLiteral("id"))
                            .toString();
        }
        accepted.sort();
        ids.sort();
        QCOMPARE(accepted, ids); // each once, none lost
    }

    void signOutRemovesSubscription_data() { addDatabaseKinds(); }
    void signOutRemovesSubscription()
    {
        QFETCH(QString, kind);
        Server server;
        QVERIFY(start(server, kind));
        const Person phone =
            signIn(server, QStringLiteral("Asha Rao"), QStringLiteral("push-phone-1"));
        const Person laptop =
            signIn(server, QStringLiteral("Asha Rao"), QStringLiteral("push-laptop-1"));
        QCOMPARE(subscribe(server, phone.token,
                     compactJson(subscription(newDevice(uniqueName(QStringLiteral("p"))))))
                     .status,
            204);
        QCOMPARE(subscribe(server, laptop.token,
                     compactJson(subscription(newDevice(uniqueName(QStringLiteral("l"))))))
                     .status,
            204);
        const QString ofDevice =
            QStringLiteral("SELECT COUNT(*) FROM push_subscriptions WHERE device_id = '%1'");
        QCOMPARE(count(server, ofDevice.arg(phone.deviceId)), 1);
        QCOMPARE(count(server, ofDevice.arg(laptop.deviceId)), 1);
        // The phone signs in again with a new device key: its old session, and the
        // subscription made in it, end; it registers again.
        const QJsonObject rekeyed = signInDemo(server.process, QStringLiteral("Asha Rao"),
            testDevice(phone.deviceId, QByteArray(32, 'k')));
        QVERIFY(!rekeyed.value(QStringLiteral("accessToken")).toString().isEmpty());
        QCOMPARE(count(server, ofDevice.arg(phone.deviceId)), 0);
        QCOMPARE(count(server, ofDevice.arg(laptop.deviceId)), 1);
        QCOMPARE(subscribe(server, rekeyed.value(QStringLiteral("accessToken")).toString(),
                     compactJson(subscription(newDevice(uniqueName(QStringLiteral("p"))))))
                     .status,
            204);
        QCOMPARE(count(server, ofDevice.arg(phone.deviceId)), 1);
        // The laptop signs out: its subscription goes, the phone's stays.
        QCOMPARE(httpRequest("POST", server.process.url(QStringLiteral("/v1/auth/logout")), {},
                     bearer(laptop.token))
                     .status,
            204);
        QCOMPARE(count(server, ofDevice.arg(laptop.deviceId)), 0);
        QCOMPARE(count(server, ofDevice.arg(phone.deviceId)), 1);
        // Remote sign-out of the phone from a new sign-in on the laptop (My devices).
        const Person again =
            signIn(server, QStringLiteral("Asha Rao"), QStringLiteral("push-laptop-1"));
        QCOMPARE(httpRequest("DELETE",
                     server.process.url(QStringLiteral("/v1/me/devices/") + phone.deviceId), {},
                     bearer(again.token))
                     .status,
            204);
        QCOMPARE(count(server, ofDevice.arg(phone.deviceId)), 0);
    }

    void noVapidKeyNoPush_data() { addDatabaseKinds(); }
    void noVapidKeyNoPush()
    {
        QFETCH(QString, kind);
        Server server;
        QVERIFY(start(server, kind, false));
        const Person asha =
            signIn(server, QStringLiteral("Asha Rao"), QStringLiteral("push-device-1"));
        const QString name = uniqueName(QStringLiteral("n"));
        QCOMPARE(
            subscribe(server, asha.token, compactJson(subscription(newDevice(name)))).status, 204);
        QVERIFY(!notify(server, asha.userId, QStringLiteral("Quiet")).isEmpty());
        QCOMPARE(count(server, QStringLiteral("SELECT COUNT(*) FROM push_queue")), 0);
        QTest::qWait(2000);
        QCOMPARE(pushesTo(name).size(), 0);
    }
};

QTEST_GUILESS_MAIN(TestPushWebPush)
#include "tst_push_webpush.moc"
