// Submissions' webhooks against the real server (SQLite and PostgreSQL) with a real local
// receiver: a service with a callbackUrl gets each submission once, signed with its
// key's webhook secret as a decision's webhook is, with the event type submission.created;
// retried after a 500 with the same delivery id; the same Idempotency-Key twice queues one
// delivery; the key's delivery list names the submission; a revoked key's delivery is
// dead-lettered unsent. A callbackUrl outside the key's prefixes, or not a URL, gets 422 and
// changes nothing; a service without one gets no webhook.
#include "servicesfixture.h"
#include "webhookreceiver.h"

using namespace tessera::test;

class TestSubmissionWebhooks : public QObject, protected ServicesFixture
{
    Q_OBJECT

    static QJsonObject withCallback(QJsonObject body, const QByteArray &url)
    {
        body.insert(QStringLiteral("callbackUrl"), QString::fromLatin1(url));
        return body;
    }

    static QJsonObject everyone() { return QJsonObject { { QStringLiteral("everyone"), true } }; }

    // The key's deliveries (GET /v1/subsystem/deliveries), newest first.
    static QJsonArray deliveries(const ServerProcess &server, const QString &key)
    {
        return get(server, QStringLiteral("/v1/subsystem/deliveries"), key)
            .json()
            .value(QStringLiteral("deliveries"))
            .toArray();
    }

    static QString column(const ServerProcess &server, const QString &database,
        const QString &submissionId, const QString &name)
    {
        return runServerSql(server.dataDir(), database,
            QStringLiteral("SELECT %1 FROM webhook_deliveries WHERE submission_id = '%2'")
                .arg(name, submissionId))
            .value.toString();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        QVERIFY2(setUp(&error), qPrintable(error));
    }

    void deliveredOnceSignedAndRetried_data() { addDatabaseKinds(); }
    void deliveredOnceSignedAndRetried()
    {
        QFETCH(QString, kind);
        WebhookReceiver receiver;
        QVERIFY(receiver.listen());
        receiver.setStatus(500);
        ServerProcess server;
        QVERIFY2(start(server, kind), qPrintable(server.error()));
        const QJsonObject demoKey = demoApiKey(server);
        const QString key = demoKey.value(QStringLiteral("key")).toString();
        const QByteArray secret =
            demoKey.value(QStringLiteral("webhookSecret")).toString().toUtf8();

        const HttpResult stored =
            put(server, QStringLiteral("leave"), withCallback(service(everyone()), receiver.url()));
        QCOMPARE(stored.status, 201);
        QCOMPARE(stored.json().value(QStringLiteral("callbackUrl")).toString(),
            QString::fromLatin1(receiver.url()));
        const QString path = QStringLiteral("/v1/subsystem/services/{serviceId}");
        QVERIFY2(misfits(QStringLiteral("PUT"), path, stored).isEmpty(),
            qPrintable(misfits(QStringLiteral("PUT"), path, stored).join(u'\n')));
        const QString id = stored.json().value(QStringLiteral("id")).toString();
        const QString ben = signIn(server, QStringLiteral("Ben Okafor"));

        // Sent twice under one Idempotency-Key: one submission, one delivery.
        const HttpResult created = submit(server, ben, id, filled(1, goodInputs()), "once");
        QCOMPARE(created.status, 201);
        QCOMPARE(submit(server, ben, id, filled(1, goodInputs()), "once").status, 201);
        const QString submissionId = created.json()
                                         .value(QStringLiteral("submission"))
                                         .toObject()
                                         .value(QStringLiteral("id"))
                                         .toString();
        QVERIFY(!submissionId.isEmpty());

        // The first attempt answered 500: pending, and tried again with the same id and body.
        QTRY_VERIFY_WITH_TIMEOUT(!receiver.deliveries().empty(), 20000);
        const WebhookReceiver::Delivery first = receiver.deliveries().first();
        QVERIFY(WebhookReceiver::hasValidSignature(first, secret));
        QVERIFY(!WebhookReceiver::hasValidSignature(first, "whsec_not_the_secret"));
        QCOMPARE(
            first.headers.value("tessera-event-type"), QByteArrayLiteral("submission.created"));
        const QJsonObject body = QJsonDocument::fromJson(first.body).object();
        const QJsonObject schema { { QStringLiteral("$ref"),
            QStringLiteral("#/components/schemas/SubmissionWebhook") } };
        QVERIFY2(m_document->validate(body, schema).isEmpty(),
            qPrintable(m_document->validate(body, schema).join(u'\n')));
        QCOMPARE(
            body.value(QStringLiteral("type")).toString(), QStringLiteral("submission.created"));
        QCOMPARE(body.value(QStringLiteral("submissionId")).toString(), submissionId);
        QCOMPARE(body.value(QStringLiteral("deliveryId")).toString().toLatin1(),
            first.headers.value("tessera-delivery-id"));
        // The submission as GET /v1/subsystem/submissions gives it.
        const QJsonArray listed = get(server, QStringLiteral("/v1/subsystem/submissions"), key)
                                      .json()
                                      .value(QStringLiteral("submissions"))
                                      .toArray();
        QCOMPARE(listed.size(), 1);
        QCOMPARE(body.value(QStringLiteral("submission")).toObject(), listed.first().toObject());
        QCOMPARE(body.value(QStringLiteral("submission"))
                     .toObject()
                     .value(QStringLiteral("inputs"))
                     .toObject(),
            goodInputs());

        QTRY_VERIFY_WITH_TIMEOUT(deliveries(server, key).size() == 1
                && !deliveries(server, key)
                        .first()
                        .toObject()
                        .value(QStringLiteral("attempts"))
                        .toArray()
                        .isEmpty(),
            10000);
        QJsonObject listedDelivery = deliveries(server, key).first().toObject();
        QCOMPARE(
            listedDelivery.value(QStringLiteral("state")).toString(), QStringLiteral("pending"));
        QCOMPARE(listedDelivery.value(QStringLiteral("submissionId")).toString(), submissionId);
        QVERIFY(listedDelivery.value(QStringLiteral("notificationId")).isNull());
        QCOMPARE(listedDelivery.value(QStringLiteral("event")).toString(),
            QStringLiteral("submission.created"));
        QCOMPARE(listedDelivery.value(QStringLiteral("eventType")).toString(),
            QStringLiteral("submission.created"));
        QCOMPARE(listedDelivery.value(QStringLiteral("attempts"))
                     .toArray()
                     .first()
                     .toObject()
                     .value(QStringLiteral("status"))
                     .toInt(),
            500);
        const QString deliveriesPath = QStringLiteral("/v1/subsystem/deliveries");
        const HttpResult list = get(server, deliveriesPath, key);
        QVERIFY2(misfits(QStringLiteral("GET"), deliveriesPath, list).isEmpty(),
            qPrintable(misfits(QStringLiteral("GET"), deliveriesPath, list).join(u'\n')));

        receiver.setStatus(200);
        QTRY_COMPARE_WITH_TIMEOUT(
            deliveries(server, key).first().toObject().value(QStringLiteral("state")).toString(),
            QStringLiteral("delivered"), 30000);
        QVERIFY(receiver.deliveries().size() >= 2);
        const WebhookReceiver::Delivery last = receiver.deliveries().last();
        QCOMPARE(last.answeredWith, 200);
        QCOMPARE(
            last.headers.value("tessera-delivery-id"), first.headers.value("tessera-delivery-id"));
        QCOMPARE(last.body, first.body);
        QVERIFY(WebhookReceiver::hasValidSignature(last, secret));
        // Only one delivery ever, for the one submission.
        QCOMPARE(deliveries(server, key).size(), 1);
        QCOMPARE(runServerSql(server.dataDir(), m_database,
                     QStringLiteral("SELECT COUNT(*) FROM webhook_deliveries"))
                     .value.toInt(),
            1);
    }

    // A 2xx answer {"card": …} becomes the submission's result card, shown in My requests; an
    // answer whose card is refused, or over 64 KiB, leaves none.
    void answeredCardBecomesTheResultCard_data() { addDatabaseKinds(); }
    void answeredCardBecomesTheResultCard()
    {
        QFETCH(QString, kind);
        WebhookReceiver receiver;
        QVERIFY(receiver.listen());
        const QJsonObject card { { QStringLiteral("type"), QStringLiteral("AdaptiveCard") },
            { QStringLiteral("version"), QStringLiteral("1.5") },
            { QStringLiteral("body"),
                QJsonArray { QJsonObject { { QStringLiteral("type"), QStringLiteral("TextBlock") },
                    { QStringLiteral("text"), QStringLiteral("Leave L-42 received") } } } } };
        receiver.setAnswer(compactJson(QJsonObject {
            { QStringLiteral("card"), QJsonObject { { QStringLiteral("type"), 5 } } } }));
        ServerProcess server;
        QVERIFY2(start(server, kind), qPrintable(server.error()));
        const QString key = keyOf(server);
        const HttpResult stored =
            put(server, QStringLiteral("leave"), withCallback(service(everyone()), receiver.url()));
        QCOMPARE(stored.status, 201);
        const QString id = stored.json().value(QStringLiteral("id")).toString();
        const QString ben = signIn(server, QStringLiteral("Ben Okafor"));

        // A refused card first: delivered (the receiver said 2xx), no card taken.
        QCOMPARE(submit(server, ben, id, filled(1, goodInputs())).status, 201);
        QTRY_COMPARE_WITH_TIMEOUT(
            deliveries(server, key).first().toObject().value(QStringLiteral("state")).toString(),
            QStringLiteral("delivered"), 20000);

        // An answer over 64 KiB: cut where it is read, no card taken.
        QJsonObject huge = card;
        huge.insert(QStringLiteral("fallbackText"), QString(qsizetype(70) * 1024, u'x'));
        receiver.setAnswer(compactJson(QJsonObject { { QStringLiteral("card"), huge } }));
        QCOMPARE(submit(server, ben, id, filled(1, goodInputs())).status, 201);
        QTRY_COMPARE_WITH_TIMEOUT(
            deliveries(server, key).first().toObject().value(QStringLiteral("state")).toString(),
            QStringLiteral("delivered"), 20000);

        receiver.setAnswer(compactJson(QJsonObject { { QStringLiteral("card"), card } }));
        const HttpResult created = submit(server, ben, id, filled(1, goodInputs()));
        QCOMPARE(created.status, 201);
        const QString submissionId = created.json()
                                         .value(QStringLiteral("submission"))
                                         .toObject()
                                         .value(QStringLiteral("id"))
                                         .toString();
        const auto resultCardOf = [&](const QString &wanted) {
            const QJsonArray mine =
                myRequests(server, ben).json().value(QStringLiteral("submissions")).toArray();
            for (const auto &each : mine) {
                if (each.toObject().value(QStringLiteral("id")).toString() == wanted)
                    return each.toObject().value(QStringLiteral("resultCard"));
            }
            return QJsonValue(QJsonValue::Undefined);
        };
        QTRY_COMPARE_WITH_TIMEOUT(resultCardOf(submissionId).toObject(), card, 20000);
        // The first two answers were refused: they have none (they came before this one's).
        const QJsonArray mine =
            myRequests(server, ben).json().value(QStringLiteral("submissions")).toArray();
        QCOMPARE(mine.size(), 3);
        for (const auto &each : mine) {
            if (each.toObject().value(QStringLiteral("id")).toString() != submissionId)
                QVERIFY(each.toObject().value(QStringLiteral("resultCard")).isNull());
        }
    }

    // A callbackUrl not under the key's prefixes, or not a URL: 422, nothing stored. A service
    // without one (or whose callbackUrl was taken away) queues nothing.
    void callbackUrlIsCheckedAndOptional_data() { addDatabaseKinds(); }
    void callbackUrlIsCheckedAndOptional()
    {
        QFETCH(QString, kind);
        ServerProcess server;
        QVERIFY2(start(server, kind), qPrintable(server.error()));
        const QString key = keyOf(server); // its prefix: http://127.0.0.1

        const HttpResult outside = put(server, QStringLiteral("leave"),
            withCallback(service(everyone()), "http://localhost:9000/hooks"));
        QCOMPARE(outside.status, 422);
        QCOMPARE(errorCode(outside), QStringLiteral("callback_not_allowed"));
        const HttpResult notUrl = put(server, QStringLiteral("leave"),
            withCallback(service(everyone()), "ftp://127.0.0.1/hooks"));
        QCOMPARE(notUrl.status, 422);
        QCOMPARE(errorCode(notUrl), QStringLiteral("callback_invalid"));
        QJsonObject number = service(everyone());
        number.insert(QStringLiteral("callbackUrl"), 5);
        QCOMPARE(put(server, QStringLiteral("leave"), number).status, 422);
        QCOMPARE(runServerSql(
                     server.dataDir(), m_database, QStringLiteral("SELECT COUNT(*) FROM services"))
                     .value.toInt(),
            0);

        // Stored normalized; then replaced without one: no webhook for its submissions.
        const HttpResult normalized = put(server, QStringLiteral("leave"),
            withCallback(service(everyone()), "http://127.0.0.1:9/a/../hooks"));
        QCOMPARE(normalized.status, 201);
        QCOMPARE(normalized.json().value(QStringLiteral("callbackUrl")).toString(),
            QStringLiteral("http://127.0.0.1:9/hooks"));
        const HttpResult without = put(server, QStringLiteral("leave"), service(everyone()));
        QCOMPARE(without.status, 200);
        QVERIFY(without.json().value(QStringLiteral("callbackUrl")).isNull());
        const QString ben = signIn(server, QStringLiteral("Ben Okafor"));
        const QString id = without.json().value(QStringLiteral("id")).toString();
        QCOMPARE(submit(server, ben, id, filled(2, goodInputs())).status, 201);
        QCOMPARE(deliveries(server, key).size(), 0);
    }

    // The key revoked while its submission's webhook is being retried: dead-lettered unsent,
    // saying why, and nothing more reaches the receiver.
    void revokedKeysDeliveryIsDeadLettered_data() { addDatabaseKinds(); }
    void revokedKeysDeliveryIsDeadLettered()
    {
        QFETCH(QString, kind);
        WebhookReceiver receiver;
        QVERIFY(receiver.listen());
        receiver.setStatus(500);
        ServerProcess server;
        QVERIFY2(start(server, kind), qPrintable(server.error()));
        const QJsonObject demoKey = demoApiKey(server);
        const HttpResult stored =
            put(server, QStringLiteral("leave"), withCallback(service(everyone()), receiver.url()));
        QCOMPARE(stored.status, 201);
        const QString id = stored.json().value(QStringLiteral("id")).toString();
        const QString ben = signIn(server, QStringLiteral("Ben Okafor"));
        const HttpResult created = submit(server, ben, id, filled(1, goodInputs()));
        QCOMPARE(created.status, 201);
        const QString submissionId = created.json()
                                         .value(QStringLiteral("submission"))
                                         .toObject()
                                         .value(QStringLiteral("id"))
                                         .toString();
        QTRY_COMPARE_WITH_TIMEOUT(receiver.deliveries().size(), 1, 20000);
        QTRY_COMPARE_WITH_TIMEOUT(runServerSql(server.dataDir(), m_database,
                                      QStringLiteral("SELECT COUNT(*) FROM webhook_attempts"))
                                      .value.toInt(),
            1, 10000);

        const QString admin = signIn(server, QStringLiteral("Tessera Admin"));
        const HttpResult revoked = httpRequest("POST",
            server.url(QStringLiteral("/v1/admin/api-keys/%1/revoke")
                           .arg(demoKey.value(QStringLiteral("id")).toString())),
            {}, bearer(admin));
        QCOMPARE(revoked.status, 200);
        QCOMPARE(revoked.json().value(QStringLiteral("deadLetteredDeliveries")).toInt(), 1);
        QCOMPARE(column(server, m_database, submissionId, QStringLiteral("state")),
            QStringLiteral("dead"));
        QCOMPARE(column(server, m_database, submissionId, QStringLiteral("event")),
            QStringLiteral("submission.created"));
        QCOMPARE(runServerSql(server.dataDir(), m_database,
                     QStringLiteral("SELECT a.error FROM webhook_attempts a JOIN"
                                    " webhook_deliveries d ON d.id = a.delivery_id WHERE"
                                    " d.submission_id = '%1' ORDER BY a.id DESC")
                         .arg(submissionId))
                     .value.toString(),
            QStringLiteral("not sent: the API key was revoked"));
        receiver.setStatus(200);
        QTest::qWait(7000); // the retry was due 5 s after the first attempt: never sent
        QCOMPARE(receiver.deliveries().size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestSubmissionWebhooks)
#include "tst_submission_webhooks.moc"
