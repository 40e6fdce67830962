// A key's webhooks across its rotation and revocation, against the real server with real local
// receivers on both databases: the rotation that fixes a secret that does not open gets the
// deliveries of its overlap signed with the new secret (the old one, damaged, left out), so that
// the redelivery the dead letter asks for is sent; and a revocation leaves a delivery already on
// the wire to finish: answered 2xx, it is delivered, and the revocation does not count it.
#include "webhookfixture.h"
#include "webhookreceiver.h"

#include <QTest>

using namespace tessera::test;

class TestWebhookKeyChanges : public QObject, public WebhookFixture
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QVERIFY2(m_postgres.start(), qPrintable(m_postgres.error())); }

    // The key's secret is damaged (another key's sealed secret copied in: it never opens), so
    // a delivery is dead-lettered asking for a rotation; the rotation (24 h overlap) moves the
    // damaged secret to the old one; the redelivery is then sent, signed with the new secret
    // alone, and delivered. The log names the key, never a secret.
    void rotationAwayFromASecretThatDoesNotOpen_data() { addDatabaseKinds(); }
    void rotationAwayFromASecretThatDoesNotOpen()
    {
        QFETCH(QString, kind);
        WebhookReceiver receiver;
        QVERIFY(receiver.listen());
        const ServerProcess::Options serverOptions = options(kind);
        ServerProcess server;
        const Started started = startWithDemoKey(server, serverOptions);
        QVERIFY2(started.ok(), qPrintable(started.error));
        const QJsonObject &demoKey = started.demoKey;
        const QString keyId = started.keyId();
        const QString &admin = started.admin;
        const QString &ben = started.ben;
        const QJsonObject other = newApiKey(
            server, admin, QStringLiteral("Facilities"), receiver.url(QByteArrayLiteral("/other")));
        QVERIFY(runServerSql(server.dataDir(), serverOptions.database,
            QStringLiteral("UPDATE api_keys SET webhook_secret = (SELECT webhook_secret FROM"
                           " api_keys WHERE id = '%1') WHERE id = '%2'")
                .arg(other.value(QStringLiteral("id")).toString(), keyId))
                    .ok);

        const QString oldKey = demoKey.value(QStringLiteral("key")).toString();
        const QString id = notify(server, oldKey, receiver.url());
        QVERIFY(!id.isEmpty());
        QVERIFY(approve(server, ben, id));
        QTRY_COMPARE_WITH_TIMEOUT(
            delivery(server, oldKey, id).value(QStringLiteral("state")).toString(),
            QStringLiteral("dead"), 20000);
        QVERIFY(lastAttemptError(server, serverOptions.database, id)
                    .startsWith(QStringLiteral("not sent: the webhook secret of this API key does"
                                               " not open on this server; an admin rotates")));

        const HttpResult rotated = httpRequest("POST",
            server.url(QStringLiteral("/v1/admin/api-keys/%1/rotate").arg(keyId)), {},
            bearer(admin));
        QCOMPARE(rotated.status, 200);
        QVERIFY(!rotated.json().value(QStringLiteral("overlapEndsAt")).toString().isEmpty());
        const QString key = rotated.json().value(QStringLiteral("key")).toString();
        const QByteArray secret =
            rotated.json().value(QStringLiteral("webhookSecret")).toString().toUtf8();
        QVERIFY(!key.isEmpty() && !secret.isEmpty());

        const QString deliveryId =
            delivery(server, key, id).value(QStringLiteral("deliveryId")).toString();
        const HttpResult redelivered = httpRequest("POST",
            server.url(QStringLiteral("/v1/subsystem/deliveries/%1/redeliver").arg(deliveryId)), {},
            bearer(key, newIdempotencyKey()));
        QVERIFY2(
            redelivered.status == 202 || redelivered.status == 200, redelivered.body.constData());
        QTRY_COMPARE_WITH_TIMEOUT(receiver.deliveries().size(), 1, 20000);
        const WebhookReceiver::Delivery sent = receiver.deliveries().first();
        QVERIFY(WebhookReceiver::hasValidSignature(sent, secret));
        QCOMPARE(sent.headers.value("tessera-signature").count(",v1="), 1);
        QTRY_COMPARE_WITH_TIMEOUT(
            delivery(server, key, id).value(QStringLiteral("state")).toString(),
            QStringLiteral("delivered"), 10000);

        const QByteArray log = server.output();
        QVERIFY(log.contains("the previous webhook secret of API key"));
        QVERIFY(log.contains(keyId.toUtf8()));
        QVERIFY(!log.contains(demoKey.value(QStringLiteral("webhookSecret")).toString().toUtf8()));
        QVERIFY(!log.contains(other.value(QStringLiteral("webhookSecret")).toString().toUtf8()));
        QVERIFY(!log.contains(secret));
    }

    // A delivery is on the wire (the receiver holds it) when its key is revoked: the revocation
    // counts nothing; the receiver then answers 200 and the delivery ends delivered, its one
    // attempt saying 200.
    void revocationLetsADeliveryOnTheWireFinish_data() { addDatabaseKinds(); }
    void revocationLetsADeliveryOnTheWireFinish()
    {
        QFETCH(QString, kind);
        WebhookReceiver receiver;
        QVERIFY(receiver.listen());
        receiver.setDelay(4000);
        const ServerProcess::Options serverOptions = options(kind);
        ServerProcess server;
        const Started started = startWithDemoKey(server, serverOptions);
        QVERIFY2(started.ok(), qPrintable(started.error));
        const QString id = notify(server, started.key(), receiver.url());
        QVERIFY(!id.isEmpty());
        QVERIFY(approve(server, started.ben, id));
        QTRY_COMPARE_WITH_TIMEOUT(receiver.deliveries().size(), 1, 20000);

        const HttpResult revoked = httpRequest("POST",
            server.url(QStringLiteral("/v1/admin/api-keys/%1/revoke").arg(started.keyId())), {},
            bearer(started.admin));
        QCOMPARE(revoked.status, 200);
        QCOMPARE(revoked.json().value(QStringLiteral("deadLetteredDeliveries")).toInt(), 0);
        QCOMPARE(deliveryColumn(server, serverOptions.database, id, QStringLiteral("state")),
            QStringLiteral("pending"));

        QTRY_COMPARE_WITH_TIMEOUT(
            deliveryColumn(server, serverOptions.database, id, QStringLiteral("state")),
            QStringLiteral("delivered"), 15000);
        QCOMPARE(receiver.deliveries().first().answeredWith, 200);
        QCOMPARE(deliveryColumn(server, serverOptions.database, id, QStringLiteral("dead_at")),
            QString());
        QCOMPARE(runServerSql(server.dataDir(), serverOptions.database,
                     QStringLiteral("SELECT COUNT(*) FROM webhook_attempts a JOIN"
                                    " webhook_deliveries d ON d.id = a.delivery_id WHERE"
                                    " d.notification_id = '%1'")
                         .arg(id))
                     .value.toInt(),
            1);
        QCOMPARE(runServerSql(server.dataDir(), serverOptions.database,
                     QStringLiteral("SELECT a.status FROM webhook_attempts a JOIN"
                                    " webhook_deliveries d ON d.id = a.delivery_id WHERE"
                                    " d.notification_id = '%1'")
                         .arg(id))
                     .value.toInt(),
            200);
        QTest::qWait(2500);
        QCOMPARE(receiver.deliveries().size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestWebhookKeyChanges)
#include "tst_webhook_key_changes.moc"
