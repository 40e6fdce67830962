// What keeps webhooks from hurting the server or going where they should not, against the real
// server with real local receivers: test pings to a receiver that stalls never take the worker
// pool (one ping in flight per key, a few in all; other requests still answer), a revoked key's
// queued deliveries are dead-lettered and never sent (SQLite and PostgreSQL), and deliveries
// whose key's secret does not open are dead-lettered without starving the others (both
// databases, the secret damaged through SQL) and without the secret in the log.
#include "rawhttpconnection.h"
#include "webhookfixture.h"
#include "webhookreceiver.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QTest>
#include <QThread>

#include <memory>

using namespace tessera::test;

namespace {

// A ping by key to callback, as raw bytes (so that many can be on the wire at once).
QByteArray rawPing(const QString &key, const QByteArray &callback)
{
    const QByteArray body = compactJson(
        QJsonObject { { QStringLiteral("callbackUrl"), QString::fromLatin1(callback) } });
    return "POST /v1/subsystem/ping HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
        + key.toLatin1() + "\r\nContent-Type: application/json\r\nContent-Length: "
        + QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

// The next answer on connection within timeout ms, the test's event loop running meanwhile (the
// receivers answer on it).
std::optional<RawAnswer> answerOf(RawHttpConnection &connection, int timeout)
{
    QElapsedTimer waited;
    waited.start();
    std::optional<RawAnswer> answer;
    while (!answer && waited.elapsed() < timeout) {
        QTest::qWait(50);
        answer = connection.next(true, 1);
    }
    return answer;
}

} // namespace

class TestWebhookSafeguards : public QObject, public WebhookFixture
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QVERIFY2(m_postgres.start(), qPrintable(m_postgres.error())); }

    // More pings by one key to a receiver that stalls than the server has worker threads: one is
    // sent, the others are refused at once with 409 ping_in_progress, and a person's request
    // meanwhile answers as usual. (The database plays no part: SQLite.)
    void pingsToAStalledReceiverLeaveThePoolFree()
    {
        WebhookReceiver receiver;
        QVERIFY(receiver.listen());
        receiver.setDelay(20000);
        ServerProcess server;
        const Started started = startWithDemoKey(server, options(QStringLiteral("sqlite")));
        QVERIFY2(started.ok(), qPrintable(started.error));
        const QString key = started.key();
        // The server's pool: max(4, cores * 4) threads; two more pings than that.
        const int pings = std::max(4, QThread::idealThreadCount() * 4) + 2;
        std::vector<std::unique_ptr<RawHttpConnection>> connections;
        for (int i = 0; i < pings; ++i) {
            connections.push_back(std::make_unique<RawHttpConnection>());
            QVERIFY(connections.back()->open(server.url()));
            connections.back()->send(rawPing(key, receiver.url()));
        }
        QTRY_VERIFY_WITH_TIMEOUT(!receiver.deliveries().isEmpty(), 10000);
        QTest::qWait(1000); // every ping has reached a handler (or its refusal)

        QElapsedTimer took;
        took.start();
        const HttpResult me =
            httpRequest("GET", server.url(QStringLiteral("/v1/me")), {}, bearer(started.ben));
        QCOMPARE(me.status, 200);
        QVERIFY2(took.elapsed() < 10000,
            qPrintable(QStringLiteral("GET /v1/me took %1 ms").arg(took.elapsed())));

        int sent = 0;
        int refused = 0;
        for (const auto &connection : connections) {
            const std::optional<RawAnswer> answer = answerOf(*connection, 40000);
            QVERIFY(answer);
            if (answer->status == 200) {
                ++sent;
                continue;
            }
            QCOMPARE(answer->status, 409);
            QCOMPARE(answer->code(), QStringLiteral("ping_in_progress"));
            const int retryAfter = answer->header("Retry-After").toInt();
            QVERIFY2(
                retryAfter >= 1 && retryAfter <= 30, answer->header("Retry-After").constData());
            ++refused;
        }
        QCOMPARE(sent, 1);
        QCOMPARE(refused, pings - 1);
        QCOMPARE(receiver.deliveries().size(), 1);
    }

    // Pings by different keys: at most two wait for receivers at once; the third is told 503
    // pings_busy with Retry-After, and goes through once one has answered.
    void pingsAreCappedServerWide()
    {
        WebhookReceiver receiver;
        QVERIFY(receiver.listen());
        receiver.setDelay(8000);
        ServerProcess server;
        const Started started = startWithDemoKey(server, options(QStringLiteral("sqlite")));
        QVERIFY2(started.ok(), qPrintable(started.error));
        QStringList keys;
        for (int i = 0; i < 3; ++i) {
            const QString key = newApiKey(server, started.admin, QStringLiteral("Pinger %1").arg(i),
                receiver.url(QByteArrayLiteral("/hooks")))
                                    .value(QStringLiteral("key"))
                                    .toString();
            QVERIFY(!key.isEmpty());
            keys << key;
        }
        std::vector<std::unique_ptr<RawHttpConnection>> connections;
        for (const QString &key : std::as_const(keys)) {
            connections.push_back(std::make_unique<RawHttpConnection>());
            QVERIFY(connections.back()->open(server.url()));
            connections.back()->send(rawPing(key, receiver.url()));
            if (connections.size() < 3) // the first two are waiting for the receiver
                QTRY_COMPARE_WITH_TIMEOUT(
                    receiver.deliveries().size(), qsizetype(connections.size()), 10000);
        }
        const std::optional<RawAnswer> third = answerOf(*connections.at(2), 5000);
        QVERIFY2(third, "the third ping was not refused at once");
        QCOMPARE(third->status, 503);
        QCOMPARE(third->code(), QStringLiteral("pings_busy"));
        const int retryAfter = third->header("Retry-After").toInt();
        QVERIFY(retryAfter >= 1 && retryAfter <= 30);
        for (int i = 0; i < 2; ++i) {
            const std::optional<RawAnswer> answer = answerOf(*connections.at(i), 40000);
            QVERIFY(answer);
            QCOMPARE(answer->status, 200);
        }
        QCOMPARE(receiver.deliveries().size(), 2);
        receiver.setDelay(0);
        const HttpResult again =
            httpRequest("POST", server.url(QStringLiteral("/v1/subsystem/ping")),
                compactJson(QJsonObject {
                    { QStringLiteral("callbackUrl"), QString::fromLatin1(receiver.url()) } }),
                bearer(keys.at(2)));
        QCOMPARE(again.status, 200);
        QCOMPARE(again.json().value(QStringLiteral("delivered")).toBool(), true);
    }

    // Deliveries failing when their key is revoked are dead-lettered by the revocation (which
    // says how many), one queued after it by the dispatcher, unsent; the receiver, recovered, hears
    // nothing more, and the revoked key cannot redeliver.
    void revokedKeysDeliveriesAreDeadLettered_data() { addDatabaseKinds(); }
    void revokedKeysDeliveriesAreDeadLettered()
    {
        QFETCH(QString, kind);
        WebhookReceiver receiver;
        QVERIFY(receiver.listen());
        receiver.setStatus(500);
        const ServerProcess::Options serverOptions = options(kind);
        ServerProcess server;
        const Started started = startWithDemoKey(server, serverOptions);
        QVERIFY2(started.ok(), qPrintable(started.error));
        const QString key = started.key();
        const QString &ben = started.ben;
        const QString first = notify(server, key, receiver.url());
        const QString second = notify(server, key, receiver.url());
        const QString third = notify(server, key, receiver.url());
        QVERIFY(!first.isEmpty() && !second.isEmpty() && !third.isEmpty());
        QVERIFY(approve(server, ben, first));
        QVERIFY(approve(server, ben, third));
        QTRY_COMPARE_WITH_TIMEOUT(receiver.deliveries().size(), 2, 20000);
        for (const QString &id : { first, third }) {
            QTRY_COMPARE_WITH_TIMEOUT(
                delivery(server, key, id).value(QStringLiteral("attempts")).toArray().size(), 1,
                10000);
            QCOMPARE(delivery(server, key, id).value(QStringLiteral("state")).toString(),
                QStringLiteral("pending"));
        }
        const QString deliveryId =
            delivery(server, key, first).value(QStringLiteral("deliveryId")).toString();

        const HttpResult revoked = httpRequest("POST",
            server.url(QStringLiteral("/v1/admin/api-keys/%1/revoke").arg(started.keyId())), {},
            bearer(started.admin));
        QCOMPARE(revoked.status, 200);
        // The receiver recovers and a decision comes after the revocation: nothing more is sent
        // (the first delivery's retry was due 5 s after its attempt).
        receiver.setStatus(200);
        QVERIFY(approve(server, ben, second));
        QTest::qWait(8000);
        QCOMPARE(receiver.deliveries().size(), 2);

        // All dead, saying why; the revocation counted the two that were waiting, and gave each
        // one attempt that was not made (after its real one).
        QCOMPARE(revoked.json().value(QStringLiteral("deadLetteredDeliveries")).toInt(), 2);
        for (const QString &id : { first, third }) {
            QCOMPARE(runServerSql(server.dataDir(), serverOptions.database,
                         QStringLiteral("SELECT COUNT(*) FROM webhook_attempts a JOIN"
                                        " webhook_deliveries d ON d.id = a.delivery_id WHERE"
                                        " d.notification_id = '%1'")
                             .arg(id))
                         .value.toInt(),
                2);
        }
        for (const QString &id : { first, second, third }) {
            QCOMPARE(deliveryColumn(server, serverOptions.database, id, QStringLiteral("state")),
                QStringLiteral("dead"));
            QVERIFY(!deliveryColumn(server, serverOptions.database, id, QStringLiteral("dead_at"))
                         .isEmpty());
            QCOMPARE(lastAttemptError(server, serverOptions.database, id),
                QStringLiteral("not sent: the API key was revoked"));
        }

        const HttpResult redelivered = httpRequest("POST",
            server.url(QStringLiteral("/v1/subsystem/deliveries/%1/redeliver").arg(deliveryId)), {},
            bearer(key));
        QCOMPARE(redelivered.status, 401);
        QTest::qWait(2500);
        QCOMPARE(receiver.deliveries().size(), 2);
    }

    // Enough deliveries of a key whose secret does not open (its sealed secret copied from
    // another key's row: sealed for another key, it never opens) to fill a dispatcher's batch:
    // they are dead-lettered with words saying why, another key's delivery queued after them is
    // still sent, and the log names the key but holds no secret.
    void deliveriesWithASecretThatDoesNotOpenDoNotStarveOthers_data() { addDatabaseKinds(); }
    void deliveriesWithASecretThatDoesNotOpenDoNotStarveOthers()
    {
        QFETCH(QString, kind);
        WebhookReceiver receiver;
        QVERIFY(receiver.listen());
        const ServerProcess::Options serverOptions = options(kind);
        ServerProcess server;
        const Started started = startWithDemoKey(server, serverOptions);
        QVERIFY2(started.ok(), qPrintable(started.error));
        const QJsonObject &demoKey = started.demoKey;
        const QString key = started.key();
        const QString &ben = started.ben;
        const QJsonObject good = newApiKey(server, started.admin, QStringLiteral("Facilities"),
            receiver.url(QByteArrayLiteral("/hooks")));
        const QString goodKey = good.value(QStringLiteral("key")).toString();
        QVERIFY(!goodKey.isEmpty());
        QVERIFY(runServerSql(server.dataDir(), serverOptions.database,
            QStringLiteral("UPDATE api_keys SET webhook_secret = (SELECT webhook_secret FROM"
                           " api_keys WHERE id = '%1') WHERE id = '%2'")
                .arg(good.value(QStringLiteral("id")).toString(),
                    demoKey.value(QStringLiteral("id")).toString()))
                    .ok);

        // More than a batch (16) of the damaged key's deliveries, all due before the good one.
        QStringList damaged;
        for (int i = 0; i < 20; ++i) {
            const QString id = notify(server, key, receiver.url());
            QVERIFY(!id.isEmpty());
            QVERIFY(approve(server, ben, id));
            damaged << id;
        }
        const QString fine = notify(server, goodKey, receiver.url());
        QVERIFY(!fine.isEmpty());
        QVERIFY(approve(server, ben, fine));
        QTRY_COMPARE_WITH_TIMEOUT(receiver.deliveries().size(), 1, 20000);
        QVERIFY(WebhookReceiver::hasValidSignature(receiver.deliveries().first(),
            good.value(QStringLiteral("webhookSecret")).toString().toUtf8()));
        QTRY_COMPARE_WITH_TIMEOUT(
            delivery(server, goodKey, fine).value(QStringLiteral("state")).toString(),
            QStringLiteral("delivered"), 10000);

        // All dead, unsent, saying why (one list call: the key's requests are rate limited).
        const auto dead = [&server, &key] {
            QUrl url = server.url(QStringLiteral("/v1/subsystem/deliveries"));
            url.setQuery(QStringLiteral("state=dead&limit=100"));
            return httpRequest("GET", url, {}, bearer(key))
                .json()
                .value(QStringLiteral("deliveries"))
                .toArray();
        };
        QTRY_COMPARE_WITH_TIMEOUT(dead().size(), damaged.size(), 10000);
        QStringList deadIds;
        const QJsonArray deadList = dead();
        for (const auto &item : deadList) {
            deadIds << item.toObject().value(QStringLiteral("notificationId")).toString();
            const QJsonArray attempts = item.toObject().value(QStringLiteral("attempts")).toArray();
            QCOMPARE(attempts.size(), 1);
            QVERIFY(attempts.first().toObject().value(QStringLiteral("status")).isNull());
            QVERIFY(attempts.first()
                        .toObject()
                        .value(QStringLiteral("error"))
                        .toString()
                        .startsWith(QStringLiteral("not sent: the webhook secret of this API key "
                                                   "does not open")));
        }
        deadIds.sort();
        damaged.sort();
        QCOMPARE(deadIds, damaged);
        QCOMPARE(receiver.deliveries().size(), 1);
        const QByteArray log = server.output();
        QVERIFY(log.contains(demoKey.value(QStringLiteral("id")).toString().toUtf8()));
        QVERIFY(log.contains("does not open"));
        QVERIFY(!log.contains(demoKey.value(QStringLiteral("webhookSecret")).toString().toUtf8()));
        QVERIFY(!log.contains(good.value(QStringLiteral("webhookSecret")).toString().toUtf8()));
        const QString sealed = runServerSql(server.dataDir(), serverOptions.database,
            QStringLiteral("SELECT webhook_secret FROM api_keys WHERE id = '%1'")
                .arg(demoKey.value(QStringLiteral("id")).toString()))
                                   .value.toString();
        QVERIFY(sealed.startsWith(QStringLiteral("sealed1:")));
        QVERIFY(!log.contains(sealed.mid(8, 24).toLatin1()));
    }
};

QTEST_GUILESS_MAIN(TestWebhookSafeguards)
#include "tst_webhook_safeguards.moc"
