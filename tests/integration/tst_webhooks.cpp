// Webhook transport and lifecycle against the real server (SQLite and PostgreSQL) with real local
// receivers: a slow receiver within and beyond the timeout (retried with the same delivery id,
// logged in plain words), a redirect that is not followed, retries for three days then a dead
// letter (the clock moved by --clock-file) redelivered, the key's delivery list, the test ping
// and the Tessera-Event-Type header.
#include "databasekinds.h"
#include "demoaccounts.h"
#include "postgrescluster.h"
#include "serverprocess.h"
#include "testhttp.h"
#include "webhookreceiver.h"

#include <QDir>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>
#include <QTemporaryDir>
#include <QTest>
#include <QUrlQuery>

using namespace tessera::test;

namespace {

const QString kStart = QStringLiteral("2026-11-29T09:00:00Z");

QByteArray deliveryIdOf(const WebhookReceiver::Delivery &delivery)
{
    return delivery.headers.value("tessera-delivery-id");
}

} // namespace

class TestWebhooks : public QObject
{
    Q_OBJECT

    PostgresCluster m_postgres;
    int m_databases = 0;
    int m_keys = 0;

    ServerProcess::Options options(const QString &kind, int timeoutSeconds = 0)
    {
        ServerProcess::Options options;
        options.now = kStart;
        options.database =
            databaseForKind(m_postgres, kind, QStringLiteral("webhooks_%1").arg(++m_databases));
        if (timeoutSeconds > 0)
            options.config = QJsonObject { { QStringLiteral("webhooks"),
                QJsonObject { { QStringLiteral("timeoutSeconds"), timeoutSeconds } } } };
        return options;
    }

    static QString apiKey(const ServerProcess &server)
    {
        return demoApiKey(server).value(QStringLiteral("key")).toString();
    }

    QByteArray newKey() { return "idem-webhooks-" + QByteArray::number(++m_keys); }

    // A leave request to Ben with this callback, decided by Ben: one webhook is queued.
    QString decidedNotification(const ServerProcess &server, const QByteArray &callback)
    {
        const QJsonObject body {
            { QStringLiteral("recipients"),
                QJsonObject {
                    { QStringLiteral("users"), QJsonArray { QStringLiteral("E1002") } } } },
            { QStringLiteral("title"), QStringLiteral("Leave request") },
            { QStringLiteral("body"), QStringLiteral("Two days.") },
            { QStringLiteral("category"), QStringLiteral("leave") },
            { QStringLiteral("priority"), QStringLiteral("normal") },
            { QStringLiteral("actionable"), true },
            { QStringLiteral("actions"), approveRejectActions() },
            { QStringLiteral("reference"), QStringLiteral("HR-1") },
            { QStringLiteral("callbackUrl"), QString::fromLatin1(callback) },
        };
        const HttpResult created =
            httpRequest("POST", server.url(QStringLiteral("/v1/notifications")), compactJson(body),
                bearer(apiKey(server), newKey()));
        if (created.status != 201) {
            qWarning() << "create:" << created.status << created.body;
            return {};
        }
        const QString id = created.json().value(QStringLiteral("id")).toString();
        const QString ben = signInDemo(
            server, QStringLiteral("Ben Okafor"), testDevice(QStringLiteral("webhook-test-device")))
                                .value(QStringLiteral("accessToken"))
                                .toString();
        const HttpResult decided =
            httpRequest("POST", server.url(QStringLiteral("/v1/inbox/%1/decision").arg(id)),
                compactJson(QJsonObject { { QStringLiteral("action"), QStringLiteral("approve") },
                    { QStringLiteral("version"), 1 } }),
                bearer(ben, newKey()));
        if (decided.status != 200)
            qWarning() << "decide:" << decided.status << decided.body;
        return decided.status == 200 ? id : QString();
    }

    // The notification's only delivery, as GET /v1/notifications/{id}/deliveries shows it.
    static QJsonObject delivery(const ServerProcess &server, const QString &id)
    {
        return httpRequest("GET",
            server.url(QStringLiteral("/v1/notifications/%1/deliveries").arg(id)), {},
            bearer(apiKey(server)))
            .json()
            .value(QStringLiteral("deliveries"))
            .toArray()
            .first()
            .toObject();
    }

    static qsizetype attempts(const ServerProcess &server, const QString &id)
    {
        return delivery(server, id).value(QStringLiteral("attempts")).toArray().size();
    }

    static QString lastError(const ServerProcess &server, const QString &id)
    {
        return delivery(server, id)
            .value(QStringLiteral("attempts"))
            .toArray()
            .last()
            .toObject()
            .value(QStringLiteral("error"))
            .toString();
    }

    static HttpResult listDeliveries(const ServerProcess &server, const QString &key,
        const QString &state, const QString &cursor = {}, int limit = 0)
    {
        QUrl url = server.url(QStringLiteral("/v1/subsystem/deliveries"));
        QUrlQuery query;
        if (!state.isEmpty())
            query.addQueryItem(QStringLiteral("state"), state);
        if (!cursor.isEmpty())
            query.addQueryItem(QStringLiteral("cursor"), cursor);
        if (limit > 0)
            query.addQueryItem(QStringLiteral("limit"), QString::number(limit));
        url.setQuery(query);
        return httpRequest("GET", url, {}, bearer(key));
    }

    static HttpResult redeliver(
        const ServerProcess &server, const QString &key, const QString &deliveryId)
    {
        return httpRequest("POST",
            server.url(QStringLiteral("/v1/subsystem/deliveries/%1/redeliver").arg(deliveryId)), {},
            bearer(key));
    }

    static HttpResult ping(const ServerProcess &server, const QByteArray &callback)
    {
        return httpRequest("POST", server.url(QStringLiteral("/v1/subsystem/ping")),
            compactJson(
                QJsonObject { { QStringLiteral("callbackUrl"), QString::fromLatin1(callback) } }),
            bearer(apiKey(server)));
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY2(m_postgres.start(), qPrintable(m_postgres.error())); }

    // 15 s is within the default 30 s: delivered at the first attempt, with the event type.
    void slowReceiverWithinTheTimeout_data() { addDatabaseKinds(); }
    void slowReceiverWithinTheTimeout()
    {
        QFETCH(QString, kind);
        WebhookReceiver receiver;
        QVERIFY(receiver.listen());
        receiver.setDelay(15000);
        ServerProcess server;
        QVERIFY2(server.start(options(kind)), qPrintable(server.error()));
        const QString id = decidedNotification(server, receiver.url());
        QVERIFY(!id.isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(delivery(server, id).value(QStringLiteral("state")).toString(),
            QStringLiteral("delivered"), 40000);
        QCOMPARE(receiver.deliveries().size(), 1);
        QCOMPARE(receiver.deliveries().first().headers.value("tessera-event-type"),
            QByteArrayLiteral("notification.decided"));
        const QJsonArray log = delivery(server, id).value(QStringLiteral("attempts")).toArray();
        QCOMPARE(log.size(), 1);
        QCOMPARE(log.first().toObject().value(QStringLiteral("status")).toInt(), 200);
    }

    // With a 2 s timeout the same receiver is cut off: logged in words, retried with the same
    // delivery id. The ping to it answers the same words, within the timeout.
    void cutOffAfterTheTimeoutIsRetriedWithTheSameId_data() { addDatabaseKinds(); }
    void cutOffAfterTheTimeoutIsRetriedWithTheSameId()
    {
        QFETCH(QString, kind);
        WebhookReceiver receiver;
        QVERIFY(receiver.listen());
        receiver.setDelay(15000);
        ServerProcess server;
        QVERIFY2(server.start(options(kind, 2)), qPrintable(server.error()));
        const QString id = decidedNotification(server, receiver.url());
        QVERIFY(!id.isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(attempts(server, id) >= 1, 20000);
        QCOMPARE(lastError(server, id), QStringLiteral("no answer within 2 s"));
        QVERIFY(delivery(server, id)
                    .value(QStringLiteral("attempts"))
                    .toArray()
                    .first()
                    .toObject()
                    .value(QStringLiteral("status"))
                    .isNull());
        QCOMPARE(delivery(server, id).value(QStringLiteral("state")).toString(),
            QStringLiteral("pending"));
        // The retry (5 s later) carries the same delivery id and body.
        QTRY_VERIFY_WITH_TIMEOUT(receiver.deliveries().size() >= 2, 20000);
        QCOMPARE(
            deliveryIdOf(receiver.deliveries().at(1)), deliveryIdOf(receiver.deliveries().at(0)));
        QCOMPARE(receiver.deliveries().at(1).body, receiver.deliveries().at(0).body);
        QCOMPARE(QString::fromLatin1(deliveryIdOf(receiver.deliveries().at(0))),
            delivery(server, id).value(QStringLiteral("deliveryId")).toString());

        QElapsedTimer took;
        took.start();
        const HttpResult pinged = ping(server, receiver.url());
        QCOMPARE(pinged.status, 200);
        QVERIFY(took.elapsed() < 10000);
        QCOMPARE(pinged.json().value(QStringLiteral("delivered")).toBool(), false);
        QCOMPARE(pinged.json().value(QStringLiteral("error")).toString(),
            QStringLiteral("no answer within 2 s"));
    }

    // A 3xx is not followed (the signed POST must not go elsewhere) and says why.
    void redirectsAreNotFollowed_data() { addDatabaseKinds(); }
    void redirectsAreNotFollowed()
    {
        QFETCH(QString, kind);
        WebhookReceiver elsewhere;
        QVERIFY(elsewhere.listen());
        WebhookReceiver receiver;
        QVERIFY(receiver.listen());
        receiver.setRedirect(elsewhere.url());
        ServerProcess server;
        QVERIFY2(server.start(options(kind)), qPrintable(server.error()));
        const QString id = decidedNotification(server, receiver.url());
        QVERIFY(!id.isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(attempts(server, id) >= 1, 20000);
        const QJsonObject first =
            delivery(server, id).value(QStringLiteral("attempts")).toArray().first().toObject();
        QCOMPARE(first.value(QStringLiteral("status")).toInt(), 302);
        QCOMPARE(first.value(QStringLiteral("error")).toString(),
            QStringLiteral(
                "HTTP 302: redirects are not followed; set callbackUrl to the final URL"));
        QCOMPARE(delivery(server, id).value(QStringLiteral("state")).toString(),
            QStringLiteral("pending"));
        // Retried like any failure; the other place never hears of it.
        QTRY_VERIFY_WITH_TIMEOUT(receiver.deliveries().size() >= 2, 20000);
        QCOMPARE(elsewhere.deliveries().size(), 0);
    }

    // No 2xx for three days (the clock moved by the clock file while the server runs): dead,
    // listed as dead, redelivered (same id, the log kept) and then delivered.
    void deadLetteredAfterThreeDaysThenRedelivered_data() { addDatabaseKinds(); }
    void deadLetteredAfterThreeDaysThenRedelivered()
    {
        QFETCH(QString, kind);
        QTemporaryDir folder;
        QVERIFY(folder.isValid());
        const QString clockFile = folder.filePath(QStringLiteral("clock"));
        WebhookReceiver receiver;
        QVERIFY(receiver.listen());
        receiver.setStatus(500);
        ServerProcess::Options serverOptions = options(kind);
        serverOptions.extraArguments << QStringLiteral("--clock-file") << clockFile;
        ServerProcess server;
        QVERIFY2(server.start(serverOptions), qPrintable(server.error()));
        const QString key = apiKey(server);
        const QString id = decidedNotification(server, receiver.url());
        QVERIFY(!id.isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(attempts(server, id) >= 1, 20000);
        QCOMPARE(lastError(server, id), QStringLiteral("HTTP 500"));
        QCOMPARE(listDeliveries(server, key, QStringLiteral("dead"))
                     .json()
                     .value(QStringLiteral("deliveries"))
                     .toArray()
                     .size(),
            0);
        const QString deliveryId =
            delivery(server, id).value(QStringLiteral("deliveryId")).toString();
        QCOMPARE(redeliver(server, key, deliveryId).status, 409); // still pending
        QCOMPARE(errorCode(redeliver(server, key, deliveryId)), QStringLiteral("delivery_pending"));

        // Three days and a bit later: the next attempt fails too, and it is the last.
        {
            QSaveFile file(clockFile);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write("259300\n");
            QVERIFY(file.commit());
        }
        QTRY_COMPARE_WITH_TIMEOUT(delivery(server, id).value(QStringLiteral("state")).toString(),
            QStringLiteral("dead"), 30000);
        const QJsonObject dead = delivery(server, id);
        QVERIFY(dead.value(QStringLiteral("nextAttemptAt")).isNull());
        QVERIFY(dead.value(QStringLiteral("deadAt")).toString() > QStringLiteral("2026-12-02"));
        const qsizetype attemptsWhenDead = dead.value(QStringLiteral("attempts")).toArray().size();
        QVERIFY(attemptsWhenDead >= 2);
        const QJsonArray deadList = listDeliveries(server, key, QStringLiteral("dead"))
                                        .json()
                                        .value(QStringLiteral("deliveries"))
                                        .toArray();
        QCOMPARE(deadList.size(), 1);
        QCOMPARE(
            deadList.first().toObject().value(QStringLiteral("deliveryId")).toString(), deliveryId);
        QCOMPARE(deadList.first().toObject().value(QStringLiteral("eventType")).toString(),
            QStringLiteral("notification.decided"));
        QTest::qWait(3000); // a dead delivery is not tried again
        QCOMPARE(delivery(server, id).value(QStringLiteral("attempts")).toArray().size(),
            attemptsWhenDead);

        // Another key's deliveries are not there for this one.
        const QString admin = signInDemo(server, QStringLiteral("Tessera Admin"),
            testDevice(QStringLiteral("webhook-admin-device")))
                                  .value(QStringLiteral("accessToken"))
                                  .toString();
        const HttpResult other = httpRequest("POST",
            server.url(QStringLiteral("/v1/admin/api-keys")),
            compactJson(QJsonObject { { QStringLiteral("subsystem"), QStringLiteral("IT desk") },
                { QStringLiteral("callbackPrefixes"),
                    QJsonArray { QStringLiteral("http://127.0.0.1:9/hooks") } } }),
            bearer(admin));
        QCOMPARE(other.status, 201);
        const QString otherKey = other.json().value(QStringLiteral("key")).toString();
        QCOMPARE(redeliver(server, otherKey, deliveryId).status, 404);
        QCOMPARE(listDeliveries(server, otherKey, {})
                     .json()
                     .value(QStringLiteral("deliveries"))
                     .toArray()
                     .size(),
            0);
        QCOMPARE(redeliver(server, key, QStringLiteral("dlv_nothing")).status, 404);

        receiver.setStatus(200);
        const HttpResult queued = redeliver(server, key, deliveryId);
        QCOMPARE(queued.status, 202);
        QCOMPARE(
            queued.json().value(QStringLiteral("state")).toString(), QStringLiteral("pending"));
        QTRY_COMPARE_WITH_TIMEOUT(delivery(server, id).value(QStringLiteral("state")).toString(),
            QStringLiteral("delivered"), 20000);
        QCOMPARE(delivery(server, id).value(QStringLiteral("attempts")).toArray().size(),
            attemptsWhenDead + 1);
        QCOMPARE(deliveryIdOf(receiver.deliveries().last()), deliveryId.toLatin1());
        QCOMPARE(receiver.deliveries().last().body, receiver.deliveries().first().body);
        QCOMPARE(
            errorCode(redeliver(server, key, deliveryId)), QStringLiteral("already_delivered"));
        QCOMPARE(listDeliveries(server, key, QStringLiteral("delivered"))
                     .json()
                     .value(QStringLiteral("deliveries"))
                     .toArray()
                     .size(),
            1);
    }

    // Two servers on one PostgreSQL database share the queue: each delivery is sent by one of
    // them, once, although both poll while a slow receiver holds the call.
    void twoServersOnOneDatabaseSendEachDeliveryOnce()
    {
        WebhookReceiver receiver;
        QVERIFY(receiver.listen());
        receiver.setDelay(3000);
        const ServerProcess::Options first = options(QStringLiteral("postgresql"));
        ServerProcess one;
        QVERIFY2(one.start(first), qPrintable(one.error()));
        ServerProcess::Options second;
        second.now = kStart;
        second.database = first.database;
        second.demo = false;
        second.config = QJsonObject { { QStringLiteral("secretsKeyFile"),
            QDir(one.dataDir()).filePath(QStringLiteral("secrets.key")) } };
        ServerProcess two;
        QVERIFY2(two.start(second), qPrintable(two.error()));
        QStringList ids;
        for (int i = 0; i < 4; ++i) {
            const QString id = decidedNotification(one, receiver.url());
            QVERIFY(!id.isEmpty());
            ids << id;
        }
        for (const QString &id : std::as_const(ids))
            QTRY_COMPARE_WITH_TIMEOUT(delivery(one, id).value(QStringLiteral("state")).toString(),
                QStringLiteral("delivered"), 30000);
        QTest::qWait(4000); // both servers polled again meanwhile
        QCOMPARE(receiver.deliveries().size(), 4);
        QSet<QByteArray> seen;
        for (const WebhookReceiver::Delivery &sent : receiver.deliveries())
            seen.insert(deliveryIdOf(sent));
        QCOMPARE(seen.size(), 4);
    }

    // The key's list: by state, paged by cursor, bad input refused.
    void deliveryListIsPaged_data() { addDatabaseKinds(); }
    void deliveryListIsPaged()
    {
        QFETCH(QString, kind);
        WebhookReceiver receiver;
        QVERIFY(receiver.listen());
        ServerProcess server;
        QVERIFY2(server.start(options(kind)), qPrintable(server.error()));
        const QString key = apiKey(server);
        QStringList ids;
        for (int i = 0; i < 3; ++i) {
            const QString id = decidedNotification(server, receiver.url());
            QVERIFY(!id.isEmpty());
            ids << id;
        }
        QTRY_COMPARE_WITH_TIMEOUT(receiver.deliveries().size(), 3, 20000);
        QTRY_COMPARE_WITH_TIMEOUT(listDeliveries(server, key, QStringLiteral("delivered"))
                                      .json()
                                      .value(QStringLiteral("deliveries"))
                                      .toArray()
                                      .size(),
            3, 10000);
        QStringList seen;
        QString cursor;
        for (int page = 0; page < 3; ++page) {
            const HttpResult listed = listDeliveries(server, key, {}, cursor, 1);
            QCOMPARE(listed.status, 200);
            const QJsonArray items = listed.json().value(QStringLiteral("deliveries")).toArray();
            QCOMPARE(items.size(), 1);
            seen << items.first().toObject().value(QStringLiteral("notificationId")).toString();
            cursor = listed.json().value(QStringLiteral("cursor")).toString();
            QCOMPARE(listed.json().value(QStringLiteral("hasMore")).toBool(), page < 2);
        }
        QVERIFY(cursor.isEmpty());
        std::sort(seen.begin(), seen.end());
        std::sort(ids.begin(), ids.end());
        QCOMPARE(seen, ids);
        QCOMPARE(listDeliveries(server, key, QStringLiteral("lost")).status, 400);
        QCOMPARE(listDeliveries(server, key, {}, QStringLiteral("not-a-cursor")).status, 400);
        QCOMPARE(listDeliveries(server, key, {}, {}, 101).status, 400);
    }

    // The test ping: signed, typed, sent once, answered with the receiver's status; a callback
    // URL outside the key's prefixes is refused and nothing is sent.
    void pingSendsOneSignedEvent_data() { addDatabaseKinds(); }
    void pingSendsOneSignedEvent()
    {
        QFETCH(QString, kind);
        WebhookReceiver receiver;
        QVERIFY(receiver.listen());
        ServerProcess server;
        QVERIFY2(server.start(options(kind)), qPrintable(server.error()));
        const HttpResult pinged = ping(server, receiver.url());
        QCOMPARE(pinged.status, 200);
        QCOMPARE(pinged.json().value(QStringLiteral("delivered")).toBool(), true);
        QCOMPARE(pinged.json().value(QStringLiteral("status")).toInt(), 200);
        QVERIFY(pinged.json().value(QStringLiteral("error")).isNull());
        QCOMPARE(receiver.deliveries().size(), 1);
        const WebhookReceiver::Delivery &sent = receiver.deliveries().first();
        QCOMPARE(sent.headers.value("tessera-event-type"), QByteArrayLiteral("ping"));
        QVERIFY(WebhookReceiver::hasValidSignature(
            sent, demoApiKey(server).value(QStringLiteral("webhookSecret")).toString().toUtf8()));
        const QJsonObject event = QJsonDocument::fromJson(sent.body).object();
        QCOMPARE(event.value(QStringLiteral("type")).toString(), QStringLiteral("ping"));
        QCOMPARE(event.value(QStringLiteral("version")).toInt(), 1);
        QVERIFY(
            event.value(QStringLiteral("eventId")).toString().startsWith(QStringLiteral("evt_")));
        QCOMPARE(
            event.value(QStringLiteral("deliveryId")).toString().toLatin1(), deliveryIdOf(sent));
        QCOMPARE(pinged.json().value(QStringLiteral("deliveryId")).toString().toLatin1(),
            deliveryIdOf(sent));

        receiver.setStatus(503);
        const HttpResult failed = ping(server, receiver.url());
        QCOMPARE(failed.status, 200);
        QCOMPARE(failed.json().value(QStringLiteral("delivered")).toBool(), false);
        QCOMPARE(failed.json().value(QStringLiteral("status")).toInt(), 503);
        QCOMPARE(
            failed.json().value(QStringLiteral("error")).toString(), QStringLiteral("HTTP 503"));
        QTest::qWait(2500); // never retried
        QCOMPARE(receiver.deliveries().size(), 2);

        const HttpResult elsewhere =
            ping(server, "http://localhost:" + QByteArray::number(receiver.port()) + "/hooks");
        QCOMPARE(elsewhere.status, 422);
        QCOMPARE(errorCode(elsewhere), QStringLiteral("callback_not_allowed"));
        QCOMPARE(
            errorCode(ping(server, "ftp://127.0.0.1/hooks")), QStringLiteral("callback_invalid"));
        QCOMPARE(httpRequest("POST", server.url(QStringLiteral("/v1/subsystem/ping")),
                     QByteArrayLiteral("{\"callbackUrl\":\"http://127.0.0.1/x\",\"more\":1}"),
                     bearer(apiKey(server)))
                     .status,
            400);
        QCOMPARE(receiver.deliveries().size(), 2);
    }
};

QTEST_GUILESS_MAIN(TestWebhooks)
#include "tst_webhooks.moc"
