// Sub-systems' API keys managed by admins, against the real server (SQLite and PostgreSQL): the
// list (never a key or a secret, and fitting openapi.json), a rotation with an overlap in which
// the old key still works and webhooks carry two v1= signatures (each checked with its secret),
// the server restarted past the overlap (its clock moved) where only the new ones count, a
// revocation that holds at once, the per-key rate limit's 429 with Retry-After, and the words a
// wrong key gets.
#include "openapidocument.h"
#include "webhookfixture.h"
#include "webhookreceiver.h"

#include <QDateTime>
#include <QJsonArray>
#include <QMessageAuthenticationCode>
#include <QTemporaryDir>
#include <QTest>

using namespace tessera::test;

namespace {

// The v1= values of a Tessera-Signature header, in order, and its t=.
struct Signature
{
    QByteArray stamp;
    QList<QByteArray> v1;
};

Signature parseSignature(const QByteArray &header)
{
    Signature signature;
    for (const QByteArray &part : header.split(',')) {
        if (part.startsWith("t="))
            signature.stamp = part.mid(2);
        else if (part.startsWith("v1="))
            signature.v1.append(part.mid(3));
    }
    return signature;
}

// HMAC-SHA256 over "t.body" with the secret as given (its whsec_ prefix included), in hex.
QByteArray expectedV1(const QByteArray &secret, const QByteArray &stamp, const QByteArray &body)
{
    return QMessageAuthenticationCode::hash(stamp + '.' + body, secret, QCryptographicHash::Sha256)
        .toHex();
}

QString message(const HttpResult &result)
{
    return result.json()
        .value(QStringLiteral("error"))
        .toObject()
        .value(QStringLiteral("message"))
        .toString();
}

} // namespace

class TestApiKeys : public QObject, public WebhookFixture
{
    Q_OBJECT

    std::optional<OpenApiDocument> m_api;

    static QString signIn(const ServerProcess &server, const QString &displayName)
    {
        return signInDemo(server, displayName, testDevice(QStringLiteral("apikeys-test-device")))
            .value(QStringLiteral("accessToken"))
            .toString();
    }

    static HttpResult admin(const ServerProcess &server, const QString &token,
        const QByteArray &method, const QString &path, const QByteArray &body = {})
    {
        return httpRequest(method, server.url(path), body, bearer(token));
    }

    // GET /v1/admin/api-keys with a query ("limit=1&cursor=...").
    static HttpResult listPage(
        const ServerProcess &server, const QString &token, const QString &query)
    {
        QUrl url = server.url(QStringLiteral("/v1/admin/api-keys"));
        url.setQuery(query);
        return httpRequest("GET", url, {}, bearer(token));
    }

    // The list's keys by id, checked against openapi.json's schema.
    QHash<QString, QJsonObject> listed(const ServerProcess &server, const QString &token)
    {
        const HttpResult list = admin(server, token, "GET", QStringLiteral("/v1/admin/api-keys"));
        QHash<QString, QJsonObject> keys;
        if (list.status != 200) {
            qWarning() << "list answered" << list.status << list.body;
            return keys;
        }
        QString error;
        const auto schema = m_api->responseSchema(
            QStringLiteral("GET"), QStringLiteral("/v1/admin/api-keys"), 200, &error);
        const QStringList problems =
            schema ? m_api->validate(list.json(), *schema) : QStringList { error };
        if (!problems.isEmpty())
            qWarning() << "the list does not fit openapi.json:" << problems;
        for (const auto &key : list.json().value(QStringLiteral("keys")).toArray())
            keys.insert(key.toObject().value(QStringLiteral("id")).toString(), key.toObject());
        if (!problems.isEmpty())
            keys.clear();
        return keys;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(m_postgres.start(), qPrintable(m_postgres.error()));
        QString error;
        m_api = OpenApiDocument::load(QStringLiteral(TESSERA_OPENAPI_FILE), &error);
        QVERIFY2(m_api, qPrintable(error));
    }

    void rotateWithOverlapThenRevoke_data() { addDatabaseKinds(); }
    void rotateWithOverlapThenRevoke()
    {
        QFETCH(QString, kind);
        QTemporaryDir data;
        QVERIFY(data.isValid());
        const ServerProcess::Options first = options(kind, data.path());
        auto server = std::make_unique<ServerProcess>();
        QVERIFY2(server->start(first), qPrintable(server->error()));
        WebhookReceiver receiver;
        QVERIFY(receiver.listen());
        const QString adminToken = signIn(*server, QStringLiteral("Tessera Admin"));
        const QString ben = signIn(*server, QStringLiteral("Ben Okafor"));
        QVERIFY(!adminToken.isEmpty() && !ben.isEmpty());

        // demo-accounts.json names the demo key's id; the list shows it without its secrets.
        const QJsonObject demo = demoApiKey(*server);
        const QString demoId = demo.value(QStringLiteral("id")).toString();
        QVERIFY(demoId.startsWith(QStringLiteral("key_")));
        const HttpResult rawList =
            admin(*server, adminToken, "GET", QStringLiteral("/v1/admin/api-keys"));
        QCOMPARE(rawList.status, 200);
        QVERIFY(!rawList.body.contains(demo.value(QStringLiteral("key")).toString().toLatin1()));
        QVERIFY(!rawList.body.contains(
            demo.value(QStringLiteral("webhookSecret")).toString().toLatin1()));
        QVERIFY(!rawList.body.contains("tsk_") && !rawList.body.contains("whsec_"));
        QHash<QString, QJsonObject> keys = listed(*server, adminToken);
        QVERIFY2(keys.contains(demoId), rawList.body.constData());
        QCOMPARE(keys.value(demoId).value(QStringLiteral("subsystem")).toString(),
            QStringLiteral("demo-hr"));
        QCOMPARE(
            keys.value(demoId).value(QStringLiteral("state")).toString(), QStringLiteral("active"));
        QCOMPARE(listPage(*server, adminToken, QStringLiteral("limit=0")).status, 400);
        QCOMPARE(
            listPage(*server, adminToken, QStringLiteral("cursor=%27%20OR%201=1")).status, 400);

        // A key of its own, with the receiver as its callback prefix.
        const HttpResult made =
            admin(*server, adminToken, "POST", QStringLiteral("/v1/admin/api-keys"),
                compactJson(QJsonObject { { QStringLiteral("subsystem"), QStringLiteral("leave") },
                    { QStringLiteral("callbackPrefixes"),
                        QJsonArray { QString::fromLatin1(receiver.url("/hooks")) } } }));
        QCOMPARE(made.status, 201);
        const QString id = made.json().value(QStringLiteral("id")).toString();
        const QString oldKey = made.json().value(QStringLiteral("key")).toString();
        const QByteArray oldSecret =
            made.json().value(QStringLiteral("webhookSecret")).toString().toLatin1();
        const QByteArray callback = receiver.url("/hooks/leave");

        // The list pages: one key a page, the cursor leads on.
        const HttpResult page = listPage(*server, adminToken, QStringLiteral("limit=1"));
        QCOMPARE(page.status, 200);
        QCOMPARE(page.json().value(QStringLiteral("keys")).toArray().size(), 1);
        QVERIFY(page.json().value(QStringLiteral("hasMore")).toBool());
        const HttpResult next = listPage(*server, adminToken,
            QStringLiteral("limit=1&cursor=")
                + page.json().value(QStringLiteral("cursor")).toString());
        QCOMPARE(next.status, 200);
        QVERIFY(next.json()
                    .value(QStringLiteral("keys"))
                    .toArray()
                    .first()
                    .toObject()
                    .value(QStringLiteral("id"))
            != page.json()
                   .value(QStringLiteral("keys"))
                   .toArray()
                   .first()
                   .toObject()
                   .value(QStringLiteral("id")));

        // Overlaps out of range, or bodies that are not one, change nothing.
        const QString rotatePath = QStringLiteral("/v1/admin/api-keys/%1/rotate").arg(id);
        for (const QByteArray &wrong : { QByteArrayLiteral("{\"overlapSeconds\":-1}"),
                 QByteArrayLiteral("{\"overlapSeconds\":604801}"),
                 QByteArrayLiteral("{\"overlapSeconds\":1.5}"),
                 QByteArrayLiteral("{\"overlapSeconds\":\"60\"}"),
                 QByteArrayLiteral("{\"overlap\":60}"), QByteArrayLiteral("[]") })
            QCOMPARE(admin(*server, adminToken, "POST", rotatePath, wrong).status, 400);
        QCOMPARE(sendLeaveRequest(*server, oldKey, callback).status, 201);

        // Rotated with an hour's overlap: the same id, a new key and secret.
        const HttpResult rotated = admin(*server, adminToken, "POST", rotatePath,
            QByteArrayLiteral("{\"overlapSeconds\":3600}"));
        QCOMPARE(rotated.status, 200);
        QCOMPARE(rotated.json().value(QStringLiteral("id")).toString(), id);
        const QString newKey = rotated.json().value(QStringLiteral("key")).toString();
        const QByteArray newSecret =
            rotated.json().value(QStringLiteral("webhookSecret")).toString().toLatin1();
        QVERIFY(newKey != oldKey && newSecret != oldSecret);
        // An hour after the rotation, on the server's clock (which runs on from kStart).
        const QDateTime overlapEnd = QDateTime::fromString(
            rotated.json().value(QStringLiteral("overlapEndsAt")).toString(), Qt::ISODate);
        const QDateTime start = QDateTime::fromString(kStart, Qt::ISODate);
        QVERIFY(overlapEnd >= start.addSecs(3600) && overlapEnd < start.addSecs(3600 + 600));
        keys = listed(*server, adminToken);
        QVERIFY(!keys.value(id).value(QStringLiteral("rotatedAt")).isNull());
        QCOMPARE(keys.value(id).value(QStringLiteral("overlapEndsAt")),
            rotated.json().value(QStringLiteral("overlapEndsAt")));

        // During the overlap both keys work, and a webhook is signed with both secrets.
        const HttpResult byOld = sendLeaveRequest(*server, oldKey, callback);
        QCOMPARE(byOld.status, 201);
        QCOMPARE(sendLeaveRequest(*server, newKey, callback).status, 201);
        QVERIFY(approve(*server, ben, byOld.json().value(QStringLiteral("id")).toString()));
        QTRY_COMPARE_WITH_TIMEOUT(receiver.distinctDeliveries().size(), 1, 30000);
        {
            const WebhookReceiver::Delivery delivery = receiver.distinctDeliveries().constLast();
            const Signature signature =
                parseSignature(delivery.headers.value(QByteArrayLiteral("tessera-signature")));
            QCOMPARE(signature.v1.size(), 2);
            QCOMPARE(signature.v1.at(0), expectedV1(newSecret, signature.stamp, delivery.body));
            QCOMPARE(signature.v1.at(1), expectedV1(oldSecret, signature.stamp, delivery.body));
        }

        // Two hours on (the server's clock moved, on the same data): the overlap is over.
        QCOMPARE(server->stop(), std::optional<int>(0));
        ServerProcess::Options later = first;
        later.now = QStringLiteral("2026-11-29T11:00:00Z");
        server = std::make_unique<ServerProcess>();
        QVERIFY2(server->start(later), qPrintable(server->error()));
        const HttpResult refused = sendLeaveRequest(*server, oldKey, callback);
        QCOMPARE(refused.status, 401);
        QCOMPARE(errorCode(refused), QStringLiteral("invalid_token"));
        QVERIFY2(message(refused).contains(QStringLiteral("The API key is not valid")),
            refused.body.constData());
        const HttpResult byNew = sendLeaveRequest(*server, newKey, callback);
        QCOMPARE(byNew.status, 201);
        QVERIFY(approve(*server, ben, byNew.json().value(QStringLiteral("id")).toString()));
        // The first delivery may come again (above); the new decision's is the second distinct.
        QTRY_COMPARE_WITH_TIMEOUT(receiver.distinctDeliveries().size(), 2, 30000);
        {
            const WebhookReceiver::Delivery delivery = receiver.distinctDeliveries().constLast();
            const Signature signature =
                parseSignature(delivery.headers.value(QByteArrayLiteral("tessera-signature")));
            QCOMPARE(signature.v1.size(), 1);
            QCOMPARE(signature.v1.at(0), expectedV1(newSecret, signature.stamp, delivery.body));
            QVERIFY(signature.v1.at(0) != expectedV1(oldSecret, signature.stamp, delivery.body));
        }
        keys = listed(*server, adminToken);
        QVERIFY(keys.value(id).value(QStringLiteral("overlapEndsAt")).isNull());

        // Rotated with no overlap: the key before stops at once.
        const HttpResult atOnce = admin(
            *server, adminToken, "POST", rotatePath, QByteArrayLiteral("{\"overlapSeconds\":0}"));
        QCOMPARE(atOnce.status, 200);
        QVERIFY(atOnce.json().value(QStringLiteral("overlapEndsAt")).isNull());
        QCOMPARE(sendLeaveRequest(*server, newKey, callback).status, 401);
        const QString thirdKey = atOnce.json().value(QStringLiteral("key")).toString();
        QCOMPARE(sendLeaveRequest(*server, thirdKey, callback).status, 201);
        // Rotated again with an overlap: both the new key and the one before work...
        const HttpResult overlapping = admin(*server, adminToken, "POST", rotatePath);
        QCOMPARE(overlapping.status, 200);
        const QString fourthKey = overlapping.json().value(QStringLiteral("key")).toString();
        QCOMPARE(sendLeaveRequest(*server, thirdKey, callback).status, 201);
        QCOMPARE(sendLeaveRequest(*server, fourthKey, callback).status, 201);

        // ...until it is revoked: both refused at once; a second revoke or a rotation finds no
        // active key.
        const HttpResult revoked = admin(
            *server, adminToken, "POST", QStringLiteral("/v1/admin/api-keys/%1/revoke").arg(id));
        QCOMPARE(revoked.status, 200);
        QCOMPARE(
            revoked.json().value(QStringLiteral("state")).toString(), QStringLiteral("revoked"));
        QCOMPARE(sendLeaveRequest(*server, thirdKey, callback).status, 401);
        QCOMPARE(sendLeaveRequest(*server, fourthKey, callback).status, 401);
        QCOMPARE(admin(*server, adminToken, "POST",
                     QStringLiteral("/v1/admin/api-keys/%1/revoke").arg(id))
                     .status,
            404);
        QCOMPARE(admin(*server, adminToken, "POST", rotatePath).status, 404);
        QCOMPARE(admin(*server, adminToken, "POST",
                     QStringLiteral("/v1/admin/api-keys/key_nosuchkey/revoke"))
                     .status,
            404);
        keys = listed(*server, adminToken);
        QCOMPARE(
            keys.value(id).value(QStringLiteral("state")).toString(), QStringLiteral("revoked"));
        QVERIFY(!keys.value(id).value(QStringLiteral("revokedAt")).isNull());
        // The demo key was never touched.
        QCOMPARE(
            httpRequest("DELETE", server->url(QStringLiteral("/v1/notifications/ntf_nosuchthing")),
                {}, bearer(demo.value(QStringLiteral("key")).toString()))
                .status,
            404);
        // A person is no admin of keys.
        QCOMPARE(admin(*server, ben, "GET", QStringLiteral("/v1/admin/api-keys")).status, 403);
    }

    void rateLimitPerKey_data() { addDatabaseKinds(); }
    void rateLimitPerKey()
    {
        QFETCH(QString, kind);
        ServerProcess::Options limited = options(kind);
        limited.config = QJsonObject { { QStringLiteral("http"),
            QJsonObject { { QStringLiteral("apiKeyRequestsPerSecond"), 1 },
                { QStringLiteral("apiKeyBurst"), 5 } } } };
        ServerProcess server;
        QVERIFY2(server.start(limited), qPrintable(server.error()));
        const QString key = demoApiKey(server).value(QStringLiteral("key")).toString();
        const auto withdraw = [&](const QString &apiKey) {
            return httpRequest("DELETE",
                server.url(QStringLiteral("/v1/notifications/ntf_nosuchthing")), {},
                bearer(apiKey));
        };
        // The burst is taken whatever the timing; 30 requests at 1 a second cannot all pass.
        QList<HttpResult> answers;
        for (int i = 0; i < 30; ++i)
            answers.append(withdraw(key));
        for (int i = 0; i < 5; ++i)
            QCOMPARE(answers.at(i).status, 404);
        int limitedCount = 0;
        for (const HttpResult &answer : std::as_const(answers)) {
            QVERIFY(answer.status == 404 || answer.status == 429);
            if (answer.status != 429)
                continue;
            ++limitedCount;
            QCOMPARE(errorCode(answer), QStringLiteral("rate_limited"));
            bool number = false;
            QVERIFY(answer.header("Retry-After").toInt(&number) >= 1 && number);
            QVERIFY2(message(answer).contains(QStringLiteral("API key")), answer.body.constData());
        }
        QVERIFY(limitedCount > 0);

        // Another key has its own bucket; an unknown key is refused as such, not counted.
        const QString adminToken = signIn(server, QStringLiteral("Tessera Admin"));
        const HttpResult other = httpRequest("POST",
            server.url(QStringLiteral("/v1/admin/api-keys")),
            compactJson(QJsonObject { { QStringLiteral("subsystem"), QStringLiteral("other") } }),
            bearer(adminToken));
        QCOMPARE(other.status, 201);
        QCOMPARE(withdraw(other.json().value(QStringLiteral("key")).toString()).status, 404);
        QCOMPARE(withdraw(QStringLiteral("tsk_unknown")).status, 401);
        // People are not counted by it.
        for (int i = 0; i < 10; ++i)
            QCOMPARE(
                admin(server, adminToken, "GET", QStringLiteral("/v1/admin/api-keys")).status, 200);
    }

    void wrongKeyWordsSpeakToIntegrators()
    {
        ServerProcess server;
        QVERIFY2(server.start(options(QStringLiteral("sqlite"))), qPrintable(server.error()));
        const QUrl notifications = server.url(QStringLiteral("/v1/notifications"));
        const HttpResult unknown = httpRequest("POST", notifications,
            compactJson(leaveRequestFor(QStringLiteral("E1002"))),
            bearer(QStringLiteral("tsk_notakey"), "k1"));
        QCOMPARE(unknown.status, 401);
        QCOMPARE(errorCode(unknown), QStringLiteral("invalid_token"));
        QCOMPARE(message(unknown),
            QStringLiteral("The API key is not valid (unknown, revoked, or rotated past its "
                           "overlap). Check the Authorization header: Bearer tsk_…"));
        QVERIFY(!message(unknown).contains(QStringLiteral("sign in")));
        const HttpResult none = httpRequest("POST", notifications, QByteArrayLiteral("{}"));
        QCOMPARE(none.status, 401);
        QCOMPARE(errorCode(none), QStringLiteral("authentication_required"));
        QVERIFY2(message(none).contains(QStringLiteral("API key")), none.body.constData());
        // People keep theirs.
        const HttpResult person = httpRequest(
            "GET", server.url(QStringLiteral("/v1/inbox")), {}, bearer(QStringLiteral("nope")));
        QCOMPARE(person.status, 401);
        QVERIFY2(
            message(person).contains(QStringLiteral("sign in again")), person.body.constData());
        // A missing Idempotency-Key is answered with its own code.
        const HttpResult noIdempotencyKey = httpRequest("POST", notifications,
            compactJson(leaveRequestFor(QStringLiteral("E1002"))),
            bearer(demoApiKey(server).value(QStringLiteral("key")).toString()));
        QCOMPARE(noIdempotencyKey.status, 400);
        QCOMPARE(errorCode(noIdempotencyKey), QStringLiteral("idempotency_key_required"));
    }
};

QTEST_GUILESS_MAIN(TestApiKeys)
#include "tst_apikeys.moc"
