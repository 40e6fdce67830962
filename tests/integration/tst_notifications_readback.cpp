// Reading back what a sub-system sent, against the real server (SQLite and PostgreSQL): the
// list and one notification with its recipients' read state and the decision, the poll mode
// and callback_required. (The events feed and expiry: tst_subsystem_events.)
#include "subsystemfixture.h"
#include "webhookreceiver.h"

#include <QTest>

using namespace tessera::test;

class TestNotificationsReadback : public QObject, protected SubsystemFixture
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        QVERIFY2(setUp(&error), qPrintable(error));
    }

    void callbackRequiredUnlessPolled_data() { addDatabaseKinds(); }
    void callbackRequiredUnlessPolled()
    {
        QFETCH(QString, kind);
        ServerProcess server;
        QVERIFY2(start(server, kind), qPrintable(server.error()));
        const QJsonObject leave = request(QStringLiteral("HR-1"), { QStringLiteral("E1002") });

        const HttpResult refused = notify(server, leave);
        QCOMPARE(refused.status, 422);
        QCOMPARE(errorCode(refused), QStringLiteral("callback_required"));
        QCOMPARE(misfits(QStringLiteral("POST"), QStringLiteral("/v1/notifications"), refused),
            QStringList {});
        const QString message = refused.json()
                                    .value(QStringLiteral("error"))
                                    .toObject()
                                    .value(QStringLiteral("message"))
                                    .toString();
        QVERIFY2(message.contains(QStringLiteral("callbackUrl"))
                && message.contains(QStringLiteral("poll")),
            qPrintable(message));
        QJsonObject unknownMode = leave;
        unknownMode.insert(QStringLiteral("delivery"), QStringLiteral("email"));
        QCOMPARE(notify(server, unknownMode).status, 400);
        QCOMPARE(
            notify(server, withCallback(polled(leave), "http://127.0.0.1:9/hooks")).status, 400);
        // Nothing was made by the refusals.
        QCOMPARE(listed(server).size(), 0);
        // Without actions there is nothing to hear back: no callback needed.
        QCOMPARE(
            notify(server, request(QStringLiteral("FYI-1"), { QStringLiteral("E1002") }, false))
                .status,
            201);

        // Polled: the decision waits in the events feed; no webhook delivery is queued.
        const QString id = sent(server, polled(leave));
        QVERIFY(!id.isEmpty());
        const QString ben = signIn(server, QStringLiteral("Ben Okafor"));
        QCOMPARE(decide(server, ben, id, QStringLiteral("approve")).status, 200);
        const QJsonArray feed = events(server);
        QCOMPARE(feed.size(), 1);
        const QJsonObject event = feed.first().toObject();
        QCOMPARE(
            event.value(QStringLiteral("type")).toString(), QStringLiteral("notification.decided"));
        QCOMPARE(event.value(QStringLiteral("version")).toInt(), 1);
        QVERIFY(
            event.value(QStringLiteral("eventId")).toString().startsWith(QStringLiteral("evt_")));
        QCOMPARE(event.value(QStringLiteral("notificationId")).toString(), id);
        QCOMPARE(event.value(QStringLiteral("reference")).toString(), QStringLiteral("HR-1"));
        QCOMPARE(event.value(QStringLiteral("action")).toString(), QStringLiteral("approve"));
        QCOMPARE(event.value(QStringLiteral("decidedBy")).toString(), QStringLiteral("E1002"));
        QCOMPARE(
            event.value(QStringLiteral("decidedByName")).toString(), QStringLiteral("Ben Okafor"));
        QCOMPARE(
            event.value(QStringLiteral("decidedVia")).toString(), QStringLiteral("app · Pixel 8"));
        QVERIFY(event.value(QStringLiteral("comment")).isNull());
        QVERIFY(!event.contains(QStringLiteral("deliveryId")));
        const HttpResult deliveries =
            get(server, QStringLiteral("/v1/notifications/%1/deliveries").arg(id));
        QCOMPARE(deliveries.status, 200);
        QCOMPARE(deliveries.json().value(QStringLiteral("deliveries")).toArray().size(), 0);
        const HttpResult oneAnswer = get(server, QStringLiteral("/v1/notifications/") + id);
        QCOMPARE(
            misfits(QStringLiteral("GET"), QStringLiteral("/v1/notifications/{id}"), oneAnswer),
            QStringList {});
        const QJsonObject one = oneAnswer.json();
        QCOMPARE(one.value(QStringLiteral("delivery")).toString(), QStringLiteral("poll"));
        const HttpResult feedAnswer = get(server, QStringLiteral("/v1/subsystem/events"));
        QCOMPARE(misfits(QStringLiteral("GET"), QStringLiteral("/v1/subsystem/events"), feedAnswer),
            QStringList {});
        QVERIFY(one.value(QStringLiteral("callbackUrl")).isNull());
    }

    void listFiltersAndPages_data() { addDatabaseKinds(); }
    void listFiltersAndPages()
    {
        QFETCH(QString, kind);
        ServerProcess server;
        QVERIFY2(start(server, kind), qPrintable(server.error()));
        QStringList ids;
        for (const QString &reference : { QStringLiteral("HR-A"), QStringLiteral("HR-A"),
                 QStringLiteral("HR-B"), QStringLiteral("HR-A"), QStringLiteral("HR-B") })
            ids.append(sent(server, polled(request(reference, { QStringLiteral("E1002") }))));
        QVERIFY(!ids.contains(QString()));
        QCOMPARE(withdraw(server, ids.at(0)).status, 200);
        const QString ben = signIn(server, QStringLiteral("Ben Okafor"));
        QCOMPARE(decide(server, ben, ids.at(1), QStringLiteral("approve")).status, 200);

        // Every one exactly once, two at a time.
        QStringList seen;
        QString cursor;
        for (int page = 0; page < 5; ++page) {
            Query query { { QStringLiteral("limit"), QStringLiteral("2") } };
            if (!cursor.isEmpty())
                query.append({ QStringLiteral("cursor"), cursor });
            const HttpResult answer = get(server, QStringLiteral("/v1/notifications"), query);
            QCOMPARE(answer.status, 200);
            QCOMPARE(misfits(QStringLiteral("GET"), QStringLiteral("/v1/notifications"), answer),
                QStringList {});
            const QJsonArray items = answer.json().value(QStringLiteral("items")).toArray();
            QVERIFY(items.size() <= 2);
            for (const auto &item : items)
                seen.append(item.toObject().value(QStringLiteral("id")).toString());
            if (!answer.json().value(QStringLiteral("hasMore")).toBool()) {
                QVERIFY(answer.json().value(QStringLiteral("cursor")).isNull());
                break;
            }
            cursor = answer.json().value(QStringLiteral("cursor")).toString();
            QVERIFY(!cursor.isEmpty());
        }
        QCOMPARE(seen.size(), 5);
        QStringList sorted = seen;
        sorted.removeDuplicates();
        QCOMPARE(sorted.size(), 5);
        for (const QString &id : ids)
            QVERIFY(seen.contains(id));

        const auto count = [&](const Query &query) { return listed(server, query); };
        QCOMPARE(count({ { QStringLiteral("state"), QStringLiteral("open") } }).size(), 3);
        QCOMPARE(textAt(count({ { QStringLiteral("state"), QStringLiteral("withdrawn") } }), 0,
                     QStringLiteral("id")),
            ids.at(0));
        const QJsonArray decided =
            count({ { QStringLiteral("state"), QStringLiteral("decided") } });
        QCOMPARE(decided.size(), 1);
        QCOMPARE(decided.first()
                     .toObject()
                     .value(QStringLiteral("decision"))
                     .toObject()
                     .value(QStringLiteral("decidedBy"))
                     .toString(),
            QStringLiteral("E1002"));
        QCOMPARE(count({ { QStringLiteral("state"), QStringLiteral("expired") } }).size(), 0);
        QCOMPARE(count({ { QStringLiteral("reference"), QStringLiteral("HR-B") } }).size(), 2);
        QCOMPARE(count({ { QStringLiteral("reference"), QStringLiteral("HR-A") },
                           { QStringLiteral("state"), QStringLiteral("open") } })
                     .size(),
            1);

        for (const auto &[name, value] :
            Query { { QStringLiteral("state"), QStringLiteral("approved") },
                { QStringLiteral("limit"), QStringLiteral("0") },
                { QStringLiteral("limit"), QStringLiteral("101") },
                { QStringLiteral("limit"), QStringLiteral("ten") },
                { QStringLiteral("cursor"), QStringLiteral("not-a-cursor") },
                { QStringLiteral("reference"), QString(201, QLatin1Char('x')) } }) {
            const HttpResult bad =
                get(server, QStringLiteral("/v1/notifications"), { { name, value } });
            QCOMPARE(bad.status, 400);
            QCOMPARE(errorCode(bad), QStringLiteral("invalid_request"));
        }

        // Another key sees none of them, and cannot read one.
        const QString admin = signIn(server, QStringLiteral("Tessera Admin"));
        const HttpResult made = httpRequest("POST",
            server.url(QStringLiteral("/v1/admin/api-keys")),
            compactJson(QJsonObject { { QStringLiteral("subsystem"), QStringLiteral("IT desk") },
                { QStringLiteral("callbackPrefixes"),
                    QJsonArray { QStringLiteral("http://127.0.0.1:9/hooks") } } }),
            bearer(admin));
        QCOMPARE(made.status, 201);
        const QString other = made.json().value(QStringLiteral("key")).toString();
        QCOMPARE(listed(server, {}, other).size(), 0);
        const HttpResult foreign =
            get(server, QStringLiteral("/v1/notifications/") + ids.at(2), {}, other);
        QCOMPARE(foreign.status, 404);
        QCOMPARE(errorCode(foreign), QStringLiteral("not_found"));
        QCOMPARE(events(server, {}, other).size(), 0);
    }

    void oneWithReadStateAndDecider_data() { addDatabaseKinds(); }
    void oneWithReadStateAndDecider()
    {
        QFETCH(QString, kind);
        WebhookReceiver receiver;
        QVERIFY(receiver.listen());
        ServerProcess server;
        QVERIFY2(start(server, kind), qPrintable(server.error()));
        const QString id = sent(server,
            withCallback(request(QStringLiteral("HR-4711"),
                             { QStringLiteral("E1001"), QStringLiteral("E1002") }),
                receiver.url()));
        const QString ben = signIn(server, QStringLiteral("Ben Okafor"));
        QCOMPARE(httpRequest("POST", server.url(QStringLiteral("/v1/inbox/%1/read").arg(id)), {},
                     bearer(ben))
                     .status,
            200);

        const HttpResult answer = get(server, QStringLiteral("/v1/notifications/") + id);
        QCOMPARE(answer.status, 200);
        QCOMPARE(misfits(QStringLiteral("GET"), QStringLiteral("/v1/notifications/{id}"), answer),
            QStringList {});
        QJsonObject one = answer.json();
        QCOMPARE(one.value(QStringLiteral("state")).toString(), QStringLiteral("open"));
        QCOMPARE(one.value(QStringLiteral("reference")).toString(), QStringLiteral("HR-4711"));
        QCOMPARE(one.value(QStringLiteral("recipientCount")).toInt(), 2);
        QCOMPARE(one.value(QStringLiteral("readCount")).toInt(), 1);
        QCOMPARE(one.value(QStringLiteral("delivery")).toString(), QStringLiteral("webhook"));
        QVERIFY(one.value(QStringLiteral("decision")).isNull());
        QCOMPARE(one.value(QStringLiteral("recipientsTruncated")).toBool(), false);
        const QJsonArray recipients = one.value(QStringLiteral("recipients")).toArray();
        QCOMPARE(recipients.size(), 2);
        const QJsonObject asha = recipients.at(0).toObject();
        const QJsonObject benRow = recipients.at(1).toObject();
        QCOMPARE(asha.value(QStringLiteral("userId")).toString(), QStringLiteral("E1001"));
        QCOMPARE(asha.value(QStringLiteral("name")).toString(), QStringLiteral("Asha Rao"));
        QCOMPARE(asha.value(QStringLiteral("read")).toBool(), false);
        QVERIFY(asha.value(QStringLiteral("readAt")).isNull());
        QCOMPARE(benRow.value(QStringLiteral("userId")).toString(), QStringLiteral("E1002"));
        QCOMPARE(benRow.value(QStringLiteral("read")).toBool(), true);
        QVERIFY(!benRow.value(QStringLiteral("readAt")).toString().isEmpty());

        QCOMPARE(decide(server, ben, id, QStringLiteral("approve")).status, 200);
        one = get(server, QStringLiteral("/v1/notifications/") + id).json();
        QCOMPARE(one.value(QStringLiteral("state")).toString(), QStringLiteral("decided"));
        const QJsonObject decision = one.value(QStringLiteral("decision")).toObject();
        QCOMPARE(decision.value(QStringLiteral("action")).toString(), QStringLiteral("approve"));
        QCOMPARE(decision.value(QStringLiteral("decidedBy")).toString(), QStringLiteral("E1002"));
        QCOMPARE(decision.value(QStringLiteral("decidedByName")).toString(),
            QStringLiteral("Ben Okafor"));
        QCOMPARE(decision.value(QStringLiteral("decidedVia")).toString(),
            QStringLiteral("app · Pixel 8"));
        QVERIFY(!decision.value(QStringLiteral("decidedAt")).toString().isEmpty());
        QVERIFY(decision.value(QStringLiteral("comment")).isNull());

        // The webhook is the event of the feed plus its deliveryId (today's fields kept).
        QTRY_COMPARE_WITH_TIMEOUT(receiver.deliveries().size(), 1, 30000);
        const WebhookReceiver::Delivery &delivery = receiver.deliveries().first();
        QVERIFY(WebhookReceiver::hasValidSignature(delivery,
            demoApiKey(server).value(QStringLiteral("webhookSecret")).toString().toLatin1()));
        QJsonObject hook = QJsonDocument::fromJson(delivery.body).object();
        QCOMPARE(hook.value(QStringLiteral("deliveryId")).toString().toLatin1(),
            delivery.headers.value("tessera-delivery-id"));
        hook.remove(QStringLiteral("deliveryId"));
        const QJsonArray feed = events(server);
        QCOMPARE(feed.size(), 1);
        QCOMPARE(hook, feed.first().toObject());
        QCOMPARE(
            hook.value(QStringLiteral("decidedAt")), decision.value(QStringLiteral("decidedAt")));

        QCOMPARE(get(server, QStringLiteral("/v1/notifications/ntf_none")).status, 404);
    }
};

QTEST_GUILESS_MAIN(TestNotificationsReadback)
#include "tst_notifications_readback.moc"
