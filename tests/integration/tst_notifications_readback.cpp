// Reading back what a sub-system sent, against the real server (SQLite and PostgreSQL): the
// list and one notification with its recipients' read state and the decision, the per-key
// events feed (decided, withdrawn, expired) with paging, the poll mode, callback_required,
// expiry that shows at once on every read path, and DELETE of an expired notification.
#include "databasekinds.h"
#include "demoaccounts.h"
#include "openapidocument.h"
#include "postgrescluster.h"
#include "serverprocess.h"
#include "testhttp.h"
#include "webhookreceiver.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>
#include <QUrlQuery>

using namespace tessera::test;

namespace {

const QDateTime kStart = QDateTime(QDate(2026, 11, 29), QTime(9, 0), Qt::UTC);

QJsonObject request(const QString &reference, const QStringList &users, bool actionable = true)
{
    QJsonObject body {
        { QStringLiteral("recipients"),
            QJsonObject { { QStringLiteral("users"), QJsonArray::fromStringList(users) } } },
        { QStringLiteral("title"), QStringLiteral("Leave request") },
        { QStringLiteral("body"), QStringLiteral("Three days of annual leave.") },
        { QStringLiteral("category"), QStringLiteral("leave") },
        { QStringLiteral("actionable"), actionable },
        { QStringLiteral("reference"), reference },
    };
    if (actionable)
        body.insert(QStringLiteral("actions"), approveRejectActions());
    return body;
}

QJsonObject polled(QJsonObject body)
{
    body.insert(QStringLiteral("delivery"), QStringLiteral("poll"));
    return body;
}

QJsonObject withCallback(QJsonObject body, const QByteArray &url)
{
    body.insert(QStringLiteral("callbackUrl"), QString::fromLatin1(url));
    return body;
}

QStringList typesOf(const QJsonArray &events)
{
    QStringList types;
    for (const QJsonValue &event : events)
        types.append(event.toObject().value(QStringLiteral("type")).toString());
    return types;
}

} // namespace

class TestNotificationsReadback : public QObject
{
    Q_OBJECT

    PostgresCluster m_postgres;
    int m_databases = 0;
    int m_keys = 0;
    QElapsedTimer m_started; // since the server's clock read kStart (at most)
    std::optional<OpenApiDocument> m_document;

    // What in result does not fit server/openapi.json's schema for method path (as written).
    QStringList misfits(const QString &method, const QString &path, const HttpResult &result) const
    {
        QString error;
        const auto schema = m_document->responseSchema(method, path, result.status, &error);
        if (!schema)
            return { error };
        return m_document->validate(QJsonDocument::fromJson(result.body).object(), *schema);
    }

    bool start(ServerProcess &server, const QString &kind)
    {
        ServerProcess::Options options;
        options.now = kStart.toString(Qt::ISODate);
        options.database =
            databaseForKind(m_postgres, kind, QStringLiteral("readback_%1").arg(++m_databases));
        m_started.start();
        return server.start(options);
    }

    // A time at least seconds ahead of the server's clock (which started at kStart after
    // m_started did), RFC 3339.
    QString ahead(int seconds) const
    {
        return kStart.addMSecs(m_started.elapsed() + seconds * 1000).toString(Qt::ISODate);
    }

    static QString keyOf(const ServerProcess &server)
    {
        return demoApiKey(server).value(QStringLiteral("key")).toString();
    }

    QByteArray newKey() { return "readback-" + QByteArray::number(++m_keys); }

    HttpResult notify(const ServerProcess &server, const QJsonObject &body)
    {
        return httpRequest("POST", server.url(QStringLiteral("/v1/notifications")),
            compactJson(body), bearer(keyOf(server), newKey()));
    }

    QString sent(const ServerProcess &server, const QJsonObject &body)
    {
        const HttpResult created = notify(server, body);
        if (created.status != 201)
            qWarning("notify answered %d: %s", created.status, created.body.constData());
        return created.json().value(QStringLiteral("id")).toString();
    }

    static HttpResult get(const ServerProcess &server, const QString &path,
        const QList<std::pair<QString, QString>> &query = {}, const QString &key = {})
    {
        QUrl url = server.url(path);
        QUrlQuery items;
        for (const auto &[name, value] : query)
            items.addQueryItem(name, value);
        url.setQuery(items);
        return httpRequest("GET", url, {}, bearer(key.isEmpty() ? keyOf(server) : key));
    }

    static HttpResult withdraw(const ServerProcess &server, const QString &id)
    {
        return httpRequest("DELETE", server.url(QStringLiteral("/v1/notifications/") + id), {},
            bearer(keyOf(server)));
    }

    static QString signIn(const ServerProcess &server, const QString &name)
    {
        return signInDemo(server, name, testDevice(QStringLiteral("readback-device")))
            .value(QStringLiteral("accessToken"))
            .toString();
    }

    HttpResult decide(const ServerProcess &server, const QString &token, const QString &id,
        const QString &action, int version = 1)
    {
        return httpRequest("POST", server.url(QStringLiteral("/v1/inbox/%1/decision").arg(id)),
            compactJson(QJsonObject {
                { QStringLiteral("action"), action }, { QStringLiteral("version"), version } }),
            bearer(token, newKey()));
    }

    static QJsonArray events(const ServerProcess &server, const QString &since = {})
    {
        return get(server, QStringLiteral("/v1/subsystem/events"),
            since.isEmpty()
                ? QList<std::pair<QString, QString>> {}
                : QList<std::pair<QString, QString>> { { QStringLiteral("since"), since } })
            .json()
            .value(QStringLiteral("events"))
            .toArray();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        m_document = OpenApiDocument::load(QStringLiteral(TESSERA_OPENAPI_FILE), &error);
        QVERIFY2(m_document, qPrintable(error));
        QVERIFY2(m_postgres.start(), qPrintable(m_postgres.error()));
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
        QCOMPARE(get(server, QStringLiteral("/v1/notifications"))
                     .json()
                     .value(QStringLiteral("items"))
                     .toArray()
                     .size(),
            0);
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

        // Every one exactly once, two at a time, newest first within a second.
        QStringList seen;
        QString cursor;
        for (int page = 0; page < 5; ++page) {
            QList<std::pair<QString, QString>> query { { QStringLiteral("limit"),
                QStringLiteral("2") } };
            if (!cursor.isEmpty())
                query.append({ QStringLiteral("cursor"), cursor });
            const HttpResult answer = get(server, QStringLiteral("/v1/notifications"), query);
            QCOMPARE(answer.status, 200);
            QCOMPARE(misfits(QStringLiteral("GET"), QStringLiteral("/v1/notifications"), answer),
                QStringList {});
            const QJsonArray items = answer.json().value(QStringLiteral("items")).toArray();
            QVERIFY(items.size() <= 2);
            for (const QJsonValue &item : items)
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

        const auto count = [&](const QList<std::pair<QString, QString>> &query) {
            return get(server, QStringLiteral("/v1/notifications"), query)
                .json()
                .value(QStringLiteral("items"))
                .toArray();
        };
        QCOMPARE(count({ { QStringLiteral("state"), QStringLiteral("open") } }).size(), 3);
        QCOMPARE(count({ { QStringLiteral("state"), QStringLiteral("withdrawn") } })
                     .first()
                     .toObject()
                     .value(QStringLiteral("id"))
                     .toString(),
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

        for (const auto &[name, value] : QList<std::pair<QString, QString>> {
                 { QStringLiteral("state"), QStringLiteral("approved") },
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
        QCOMPARE(get(server, QStringLiteral("/v1/notifications"), {}, other)
                     .json()
                     .value(QStringLiteral("items"))
                     .toArray()
                     .size(),
            0);
        const HttpResult foreign =
            get(server, QStringLiteral("/v1/notifications/") + ids.at(2), {}, other);
        QCOMPARE(foreign.status, 404);
        QCOMPARE(errorCode(foreign), QStringLiteral("not_found"));
        QCOMPARE(get(server, QStringLiteral("/v1/subsystem/events"), {}, other)
                     .json()
                     .value(QStringLiteral("events"))
                     .toArray()
                     .size(),
            0);
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
            const QJsonArray expiredList = get(server, QStringLiteral("/v1/notifications"),
                { { QStringLiteral("state"), QStringLiteral("expired") } })
                                               .json()
                                               .value(QStringLiteral("items"))
                                               .toArray();
            const QJsonArray openList = get(server, QStringLiteral("/v1/notifications"),
                { { QStringLiteral("state"), QStringLiteral("open") } })
                                            .json()
                                            .value(QStringLiteral("items"))
                                            .toArray();
            beforeSweep = events(server).isEmpty();
            if (!beforeSweep)
                continue;
            QCOMPARE(item.value(QStringLiteral("state")).toString(), QStringLiteral("expired"));
            QCOMPARE(item.value(QStringLiteral("history"))
                         .toArray()
                         .last()
                         .toObject()
                         .value(QStringLiteral("event")),
                QStringLiteral("expired"));
            QCOMPARE(expiredList.size(), 1);
            QCOMPARE(expiredList.first().toObject().value(QStringLiteral("id")).toString(), id);
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
        QCOMPARE(typesOf(events(server)), QStringList { QStringLiteral("notification.expired") });
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
        QCOMPARE(typesOf(events(server)),
            (QStringList { QStringLiteral("notification.expired"),
                QStringLiteral("notification.withdrawn") }));
    }
};

QTEST_GUILESS_MAIN(TestNotificationsReadback)
#include "tst_notifications_readback.moc"
