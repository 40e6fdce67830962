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
#include "pushserverparts.h"

#include <QDateTime>
#include <QElapsedTimer>

using namespace tessera::test;

class TestPushWebPush : public QObject, public WebPushServerParts
{
    Q_OBJECT

    bool start(Server &server, const QString &kind, bool vapid = true)
    {
        return PushServerParts::start(server, kind, QStringLiteral("push"),
            vapid ? vapidOptions() : ServerProcess::Options());
    }

    // A new device at the push service: {"endpoint", "keys"}.
    QJsonObject newDevice(const QString &name, const QJsonArray &answers = {}, int fallback = 201)
    {
        return newReceiverDevice(name,
            { { QStringLiteral("answers"), answers }, { QStringLiteral("default"), fallback } });
    }

    void script(const QString &name, const QJsonArray &answers, int fallback = 201)
    {
        control(m_receiverUrl, "POST", QStringLiteral("/_script"),
            { { QStringLiteral("name"), name }, { QStringLiteral("answers"), answers },
                { QStringLiteral("default"), fallback } });
    }

    static QJsonObject subscription(const QJsonObject &device)
    {
        QJsonObject body = device;
        body.insert(QStringLiteral("transport"), QStringLiteral("webpush"));
        return body;
    }

    using PushServerParts::notify;
    static QString notify(
        const Server &server, const QString &userId, const QString &title, bool actionable)
    {
        QJsonObject body = leaveRequestFor(userId);
        body.insert(QStringLiteral("title"), title);
        if (!actionable) {
            body.insert(QStringLiteral("actionable"), false);
            body.remove(QStringLiteral("actions"));
        }
        return notify(server.process, body);
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(startWebPushParts(QStringLiteral(TESSERA_WEBPUSH_RECEIVER))); }

    void cleanupTestCase() { stopService(m_receiver); }

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
