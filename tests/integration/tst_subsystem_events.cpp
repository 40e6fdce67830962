// A sub-system's events feed against the real server (SQLite and PostgreSQL): decided,
// withdrawn and expired events in order with paging, the notification.expired webhook, expiry
// that shows at once on every read path before the sweep, and DELETE of an expired notification.
#include "subsystemfixture.h"
#include "webhookreceiver.h"

#include <QTest>

using namespace tessera::test;

class TestSubsystemEvents : public QObject, protected SubsystemFixture
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        QVERIFY2(setUp(&error), qPrintable(error));
    }

    void eventsFeedInOrderWithPaging_data() { addDatabaseKinds(); }
    void eventsFeedInOrderWithPaging()
    {
        QFETCH(QString, kind);
        WebhookReceiver receiver;
        QVERIFY(receiver.listen());
        ServerProcess server;
        QVERIFY2(start(server, kind), qPrintable(server.error()));
        const QString decided =
            sent(server, polled(request(QStringLiteral("HR-1"), { QStringLiteral("E1002") })));
        const QString withdrawn =
            sent(server, polled(request(QStringLiteral("HR-2"), { QStringLiteral("E1002") })));
        QJsonObject expiring = withCallback(
            request(QStringLiteral("HR-3"), { QStringLiteral("E1002") }), receiver.url());
        expiring.insert(QStringLiteral("expiresAt"), ahead(3));
        const QString expired = sent(server, expiring);
        QVERIFY(!expired.isEmpty());
        const QString ben = signIn(server, QStringLiteral("Ben Okafor"));
        QCOMPARE(decide(server, ben, decided, QStringLiteral("approve")).status, 200);
        QCOMPARE(withdraw(server, withdrawn).status, 200);
        // The sweep (every 10 s) expires the third and tells the sub-system by webhook too.
        QJsonArray all;
        QTRY_VERIFY_WITH_TIMEOUT((all = events(server), all.size() == 3), 30000);
        QCOMPARE(typesOf(all),
            (QStringList { QStringLiteral("notification.decided"),
                QStringLiteral("notification.withdrawn"),
                QStringLiteral("notification.expired") }));
        QCOMPARE(all.at(0).toObject().value(QStringLiteral("notificationId")).toString(), decided);
        QCOMPARE(
            all.at(1).toObject().value(QStringLiteral("notificationId")).toString(), withdrawn);
        QCOMPARE(all.at(2).toObject().value(QStringLiteral("notificationId")).toString(), expired);
        QVERIFY(all.at(1).toObject().value(QStringLiteral("decidedBy")).isNull());
        QTRY_COMPARE_WITH_TIMEOUT(receiver.deliveries().size(), 1, 30000);
        QJsonObject hook = QJsonDocument::fromJson(receiver.deliveries().first().body).object();
        QCOMPARE(
            hook.value(QStringLiteral("type")).toString(), QStringLiteral("notification.expired"));
        QCOMPARE(hook.value(QStringLiteral("reference")).toString(), QStringLiteral("HR-3"));
        hook.remove(QStringLiteral("deliveryId"));
        QCOMPARE(hook, all.at(2).toObject());

        // Page by page with the cursor.
        const auto page = [&](const QString &since, const QString &limit) {
            return get(server, QStringLiteral("/v1/subsystem/events"),
                { { QStringLiteral("since"), since }, { QStringLiteral("limit"), limit } });
        };
        const HttpResult first = page(QStringLiteral("0"), QStringLiteral("2"));
        QCOMPARE(first.status, 200);
        QCOMPARE(first.json().value(QStringLiteral("events")).toArray().size(), 2);
        QCOMPARE(first.json().value(QStringLiteral("hasMore")).toBool(), true);
        const QString cursor = first.json().value(QStringLiteral("cursor")).toString();
        const HttpResult second = page(cursor, QStringLiteral("2"));
        QCOMPARE(typesOf(second.json().value(QStringLiteral("events")).toArray()),
            QStringList { QStringLiteral("notification.expired") });
        QCOMPARE(second.json().value(QStringLiteral("hasMore")).toBool(), false);
        const QString last = second.json().value(QStringLiteral("cursor")).toString();
        const HttpResult none = page(last, QStringLiteral("50"));
        QCOMPARE(none.json().value(QStringLiteral("events")).toArray().size(), 0);
        QCOMPARE(none.json().value(QStringLiteral("cursor")).toString(), last);
        QCOMPARE(none.json().value(QStringLiteral("hasMore")).toBool(), false);
        QCOMPARE(page(QStringLiteral("abc"), QStringLiteral("2")).status, 400);
        QCOMPARE(page(QStringLiteral("-1"), QStringLiteral("2")).status, 400);
        QCOMPARE(page(QStringLiteral("0"), QStringLiteral("0")).status, 400);
        QCOMPARE(page(QStringLiteral("0"), QStringLiteral("101")).status, 400);
    }

    void expiredShowsAtOnce_data() { addDatabaseKinds(); }
    void expiredShowsAtOnce()
    {
        QFETCH(QString, kind);
        ServerProcess server;
        QVERIFY2(start(server, kind), qPrintable(server.error()));
        const QString ben = signIn(server, QStringLiteral("Ben Okafor"));
        // Reads between the notification's expiresAt and the sweep after it (every 10 s): the
        // events feed, which only the expiry writes to, proves the sweep had not run yet.
        QString id;
        bool beforeSweep = false;
        for (int attempt = 0; attempt < 3 && !beforeSweep; ++attempt) {
            QJsonObject body =
                polled(request(QStringLiteral("HR-%1").arg(attempt), { QStringLiteral("E1002") }));
            body.insert(QStringLiteral("expiresAt"), ahead(2));
            id = sent(server, body);
            QVERIFY(!id.isEmpty());
            QTRY_COMPARE_WITH_TIMEOUT(get(server, QStringLiteral("/v1/notifications/") + id)
                                          .json()
                                          .value(QStringLiteral("state"))
                                          .toString(),
                QStringLiteral("expired"), 15000);
            const QJsonObject item =
                httpRequest("GET", server.url(QStringLiteral("/v1/inbox/") + id), {}, bearer(ben))
                    .json();
            const QJsonArray delta =
                httpRequest("GET", server.url(QStringLiteral("/v1/inbox")), {}, bearer(ben))
                    .json()
                    .value(QStringLiteral("items"))
                    .toArray();
            const QJsonArray expiredList =
                listed(server, { { QStringLiteral("state"), QStringLiteral("expired") } });
            const QJsonArray openList =
                listed(server, { { QStringLiteral("state"), QStringLiteral("open") } });
            beforeSweep = typesFor(server, id).isEmpty();
            if (!beforeSweep)
                continue;
            QCOMPARE(item.value(QStringLiteral("state")).toString(), QStringLiteral("expired"));
            QCOMPARE(
                textAt(item.value(QStringLiteral("history")).toArray(), 1, QStringLiteral("event")),
                QStringLiteral("expired"));
            QCOMPARE(textAt(delta, int(delta.size()) - 1, QStringLiteral("id")), id);
            QCOMPARE(textAt(delta, int(delta.size()) - 1, QStringLiteral("state")),
                QStringLiteral("expired"));
            QCOMPARE(textAt(expiredList, 0, QStringLiteral("id")), id);
            QVERIFY(openList.isEmpty());
        }
        QVERIFY2(beforeSweep, "every read came after a sweep");

        // DELETE: it expired, it stays expired (409 with the item), and the expiry is recorded.
        const HttpResult ended = withdraw(server, id);
        QCOMPARE(ended.status, 409);
        QCOMPARE(errorCode(ended), QStringLiteral("already_ended"));
        QCOMPARE(misfits(QStringLiteral("DELETE"), QStringLiteral("/v1/notifications/{id}"), ended),
            QStringList {});
        QCOMPARE(ended.json()
                     .value(QStringLiteral("current"))
                     .toObject()
                     .value(QStringLiteral("state"))
                     .toString(),
            QStringLiteral("expired"));
        QCOMPARE(errorCode(withdraw(server, id)), QStringLiteral("already_ended"));
        QCOMPARE(typesFor(server, id), QStringList { QStringLiteral("notification.expired") });
        const HttpResult tooLate = decide(server, ben, id, QStringLiteral("approve"), 2);
        QCOMPARE(tooLate.status, 410);
        QCOMPARE(errorCode(tooLate), QStringLiteral("expired"));

        // A withdrawn one: DELETE again answers 200 withdrawn, as the first did.
        const QString withdrawn =
            sent(server, polled(request(QStringLiteral("HR-W"), { QStringLiteral("E1002") })));
        QCOMPARE(withdraw(server, withdrawn).status, 200);
        const HttpResult again = withdraw(server, withdrawn);
        QCOMPARE(again.status, 200);
        QCOMPARE(
            again.json().value(QStringLiteral("state")).toString(), QStringLiteral("withdrawn"));
        QCOMPARE(
            typesFor(server, withdrawn), QStringList { QStringLiteral("notification.withdrawn") });
    }
};

QTEST_GUILESS_MAIN(TestSubsystemEvents)
#include "tst_subsystem_events.moc"
