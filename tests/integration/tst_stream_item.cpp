// The live stream carries the changed inbox item itself (issue 21.2), against the real server
// over TLS: a hint on a stream hinted before brings the item as GET /v1/inbox would, and the
// app stores it without a GET (the server's access log counts the device's requests); a gap
// (the device's cursor is not where the hint starts), an item too large to carry (the plain
// hint) and malformed carried items fall back to the delta sync; two items carried in one hint
// are stored in one transaction with their cursor.
#include "inbox/internal/inboxrows.h"
#include "inboxserverfixture.h"
#include "serversql.h"
#include "storage/database.h"
#include "storage/sqlstatement.h"

using namespace tessera;
using namespace tessera::test;

class TestStreamItem : public QObject, protected InboxServerFixture
{
    Q_OBJECT

private:
    int m_keysBefore = 0; // notify()s before this test function (each starts its own server)

    // The GET /v1/inbox requests (delta pages) a device made, as the server's access log has
    // them once every request up to now is written: the log is written in batches, in order,
    // so a marker request (a notification for someone else) is waited for first.
    int deltaRequests(const ServerProcess &server, const QString &deviceId)
    {
        notify(server, { QStringLiteral("E1001") }, {}, QStringLiteral("Marker"));
        const QString markers =
            QStringLiteral("SELECT COALESCE(SUM(requests), 0) FROM access_log WHERE method = 'POST'"
                           " AND endpoint = '/v1/notifications'");
        const int posted = m_keys - m_keysBefore; // every notify() to this test's server
        if (!QTest::qWaitFor(
                [&] { return serverSqlInt(server.dataDir(), {}, markers) >= posted; }, kTimeout))
            return -1;
        return serverSqlInt(server.dataDir(), {},
            QStringLiteral("SELECT COALESCE(SUM(requests), 0) FROM access_log WHERE method = 'GET'"
                           " AND endpoint = '/v1/inbox' AND device_id = '%1'")
                .arg(deviceId));
    }

    // A signed-in device of Ben's, synced, its stream open.
    std::unique_ptr<Device> liveBen(const ServerProcess &server, MemorySecretStore &secrets)
    {
        auto ben = std::make_unique<Device>(server.url(), m_ca.caFile(), secrets, m_deviceInfo,
            newDatabasePath(), QStringLiteral("ben-phone"));
        ben->sync->start();
        if (!signIn(*ben, server, QStringLiteral("Ben Okafor")))
            return nullptr;
        if (!QTest::qWaitFor(
                [&] { return ben->sync->isLive() && !ben->sync->isLoading(); }, kTimeout))
            return nullptr;
        return ben;
    }

    // A notification for Ben with a body and data of these sizes (bytes of ASCII).
    QString notifyLarge(const ServerProcess &server, int bodyBytes, int dataBytes)
    {
        const QJsonObject body {
            { QStringLiteral("recipients"),
                QJsonObject {
                    { QStringLiteral("users"), QJsonArray { QStringLiteral("E1002") } } } },
            { QStringLiteral("title"), QStringLiteral("A long one") },
            { QStringLiteral("body"), QString(bodyBytes, u'b') },
            { QStringLiteral("category"), QStringLiteral("leave") },
            { QStringLiteral("priority"), QStringLiteral("normal") },
            { QStringLiteral("data"),
                QJsonObject { { QStringLiteral("note"), QString(dataBytes, u'd') } } },
            { QStringLiteral("delivery"), QStringLiteral("poll") },
            { QStringLiteral("reference"), QStringLiteral("HR-%1").arg(m_keys + 1) },
        };
        const HttpResult created =
            httpRequest("POST", server.url(QStringLiteral("/v1/notifications")), compactJson(body),
                bearer(apiKey(server), "client-test-" + QByteArray::number(++m_keys)));
        if (created.status != 201)
            qWarning("notify answered %d: %s", created.status, created.body.constData());
        return created.json().value(QStringLiteral("id")).toString();
    }

    // Ben's delta page after since, read by another device of his.
    static HttpResult deltaPage(const ServerProcess &server, const QString &since)
    {
        QUrl url = server.url(QStringLiteral("/v1/inbox"));
        url.setQuery(QStringLiteral("since=") + since);
        return httpRequest("GET", url, {}, bearer(tokenOf(server, QStringLiteral("Ben Okafor"))));
    }

    static bool stores(const Device &device, const QString &id) { return device.rowOf(id) >= 0; }

private Q_SLOTS:
    void initTestCase() { startParts(); }
    void init() { m_keysBefore = m_keys; }

    // What StreamClient hands on as carried objects: only a well-formed carried hint of at most
    // 16 KiB; anything else is the plain hint (changed()).
    void malformedMessagesArePlainHints()
    {
        const QJsonObject item { { QStringLiteral("id"), QStringLiteral("ntf_1") } };
        const QJsonObject good { { QStringLiteral("type"), QStringLiteral("inbox") },
            { QStringLiteral("cursor"), QStringLiteral("12") },
            { QStringLiteral("since"), QStringLiteral("10") },
            { QStringLiteral("items"), QJsonArray { item } } };
        const auto carried = StreamClient::carriedOf(good, 100);
        QVERIFY(carried.has_value());
        QCOMPARE(carried->since, QStringLiteral("10"));
        QCOMPARE(carried->cursor, QStringLiteral("12"));
        QCOMPARE(carried->items, QJsonArray { item });
        QVERIFY(!StreamClient::carriedOf(good, StreamClient::maxCarriedBytes + 1));
        QVERIFY(StreamClient::carriedOf(good, StreamClient::maxCarriedBytes));
        const auto with = [&](const QString &key, const QJsonValue &value) {
            QJsonObject message = good;
            if (value.isUndefined())
                message.remove(key);
            else
                message.insert(key, value);
            return StreamClient::carriedOf(message, 100).has_value();
        };
        QVERIFY(!with(QStringLiteral("items"), QJsonValue::Undefined));
        QVERIFY(!with(QStringLiteral("items"), QJsonObject { { QStringLiteral("id"), 1 } }));
        QVERIFY(!with(QStringLiteral("items"), QStringLiteral("[]")));
        QVERIFY(!with(QStringLiteral("since"), QJsonValue::Undefined));
        QVERIFY(!with(QStringLiteral("since"), 10)); // a number, not the cursor's text
        QVERIFY(!with(QStringLiteral("since"), QStringLiteral("-1")));
        QVERIFY(!with(QStringLiteral("since"), QStringLiteral("1e3")));
        QVERIFY(!with(QStringLiteral("since"), QStringLiteral("12"))); // not before the cursor
        QVERIFY(!with(QStringLiteral("since"), QStringLiteral("99999999999999999999")));
        QVERIFY(!with(QStringLiteral("cursor"), QStringLiteral("")));
        QVERIFY(!with(QStringLiteral("cursor"), QStringLiteral("9"))); // behind since
        QVERIFY(!with(QStringLiteral("cursor"), QJsonValue::Null));
        QVERIFY(!StreamClient::carriedOf(QJsonObject {}, 2));
    }

    // The second hint on a stream carries the item: stored, in the model, no GET /v1/inbox.
    void carriedItemIsStoredWithoutAGet()
    {
        ServerProcess server;
        QVERIFY2(server.start(serverOptions()), qPrintable(server.error()));
        MemorySecretStore secrets;
        const auto ben = liveBen(server, secrets);
        QVERIFY(ben);
        QSignalSpy carried(&ben->sync->stream(), &StreamClient::carried);

        // The stream's first hint is plain (the server does not know where this app is yet).
        const QString first = notify(server, { QStringLiteral("E1002") }, {}, QStringLiteral("1"));
        QTRY_VERIFY_WITH_TIMEOUT(stores(*ben, first), kTimeout);
        QTRY_VERIFY_WITH_TIMEOUT(!ben->sync->isLoading(), kTimeout);
        QCOMPARE(carried.size(), 0);
        const int before = deltaRequests(server, QStringLiteral("ben-phone"));
        QVERIFY(before >= 2); // the first sync and the plain hint's

        const QString second =
            notify(server, { QStringLiteral("E1002") }, {}, QStringLiteral("Second"));
        QTRY_VERIFY_WITH_TIMEOUT(stores(*ben, second), kTimeout);
        QCOMPARE(carried.size(), 1);
        const QJsonArray items = carried.first().at(3).toJsonArray();
        QCOMPARE(items.size(), 1);
        QCOMPARE(items.first().toObject().value(QStringLiteral("id")).toString(), second);
        QCOMPARE(ben->store->cursor(), carried.first().at(2).toString());
        QCOMPARE(ben->role(second, InboxModel::TitleRole).toString(), QStringLiteral("Second"));
        QCOMPARE(ben->model->rowCount(), 2);
        QCOMPARE(deltaRequests(server, QStringLiteral("ben-phone")), before);

        // A change to an item (withdrawn) is carried too, in place.
        const HttpResult withdrawn =
            httpRequest("DELETE", server.url(QStringLiteral("/v1/notifications/%1").arg(second)),
                {}, bearer(apiKey(server)));
        QCOMPARE(withdrawn.status, 200);
        QTRY_COMPARE_WITH_TIMEOUT(ben->role(second, InboxModel::StateRole).toString(),
            QStringLiteral("withdrawn"), kTimeout);
        QCOMPARE(carried.size(), 2);
        QCOMPARE(ben->model->rowCount(), 2);
        QCOMPARE(deltaRequests(server, QStringLiteral("ben-phone")), before);
    }

    // The device's cursor is not where the carried items start (it missed a change): the items
    // are not applied on their own; the delta sync brings everything from the device's cursor.
    void aGapFallsBackToTheDeltaSync()
    {
        ServerProcess server;
        QVERIFY2(server.start(serverOptions()), qPrintable(server.error()));
        MemorySecretStore secrets;
        const auto ben = liveBen(server, secrets);
        QVERIFY(ben);
        const QString start = ben->store->cursor();
        const QString first = notify(server, { QStringLiteral("E1002") }, {}, QStringLiteral("1"));
        QTRY_VERIFY_WITH_TIMEOUT(stores(*ben, first), kTimeout);
        QTRY_VERIFY_WITH_TIMEOUT(!ben->sync->isLoading(), kTimeout);

        // The device forgets the first item and its cursor (as if it had never come).
        {
            Database &db = *ben->session->database();
            SqlStatement forget = db.prepare("UPDATE settings SET value = ?2 WHERE name = ?1");
            forget.bindText(1, inboxrows::cursorSetting());
            forget.bindText(2, start);
            QVERIFY(forget.exec());
            SqlStatement drop = db.prepare("DELETE FROM inbox_items WHERE id = ?1");
            drop.bindText(1, first);
            QVERIFY(drop.exec());
        }
        QCOMPARE(ben->store->cursor(), start);
        const int before = deltaRequests(server, QStringLiteral("ben-phone"));
        QSignalSpy carried(&ben->sync->stream(), &StreamClient::carried);
        QSignalSpy synced(ben->sync, &InboxSync::synced);

        const QString second =
            notify(server, { QStringLiteral("E1002") }, {}, QStringLiteral("Second"));
        QTRY_VERIFY_WITH_TIMEOUT(!synced.isEmpty(), kTimeout);
        QCOMPARE(carried.size(), 1); // carried, from the first item's cursor: not this device's
        QVERIFY(ben->store->item(first).has_value()); // the delta sync brought the missed one
        QVERIFY(ben->store->item(second).has_value());
        QCOMPARE(ben->store->cursor(), carried.first().at(2).toString());
        QVERIFY(deltaRequests(server, QStringLiteral("ben-phone")) > before);
    }

    // An item larger than a carried hint may be (16 KiB) comes as the plain hint: a sync.
    void anOversizedItemComesAsAPlainHint()
    {
        ServerProcess server;
        QVERIFY2(server.start(serverOptions()), qPrintable(server.error()));
        MemorySecretStore secrets;
        const auto ben = liveBen(server, secrets);
        QVERIFY(ben);
        const QString first = notify(server, { QStringLiteral("E1002") }, {}, QStringLiteral("1"));
        QTRY_VERIFY_WITH_TIMEOUT(stores(*ben, first), kTimeout);
        QTRY_VERIFY_WITH_TIMEOUT(!ben->sync->isLoading(), kTimeout);
        const int before = deltaRequests(server, QStringLiteral("ben-phone"));
        QSignalSpy carried(&ben->sync->stream(), &StreamClient::carried);
        QSignalSpy hinted(&ben->sync->stream(), &StreamClient::changed);

        const QString large = notifyLarge(server, 8000, 10000);
        QVERIFY(!large.isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(stores(*ben, large), kTimeout);
        QCOMPARE(carried.size(), 0);
        QVERIFY(!hinted.isEmpty());
        QCOMPARE(hinted.first().at(0).toString(), InboxSync::hintKind());
        QCOMPARE(ben->store->item(large)->body.size(), 8000);
        QVERIFY(deltaRequests(server, QStringLiteral("ben-phone")) > before);

        // The next small one is carried again (from the large one's cursor).
        const QString small = notify(server, { QStringLiteral("E1002") }, {}, QStringLiteral("S"));
        QTRY_VERIFY_WITH_TIMEOUT(stores(*ben, small), kTimeout);
        QCOMPARE(carried.size(), 1);
    }

    // Two items in one carried hint (as the server's delta page has them, read here with
    // another device's token): stored together with the hint's cursor, without a GET by the
    // device.
    void twoCarriedItemsAreStoredTogether()
    {
        ServerProcess server;
        QVERIFY2(server.start(serverOptions()), qPrintable(server.error()));
        MemorySecretStore secrets;
        Device ben(server.url(), m_ca.caFile(), secrets, m_deviceInfo, newDatabasePath(),
            QStringLiteral("ben-phone"));
        ben.sync->setStreamEnabled(false); // its hints are the test's here
        QSignalSpy synced(ben.sync, &InboxSync::synced);
        ben.sync->start();
        QVERIFY(signIn(ben, server, QStringLiteral("Ben Okafor")));
        QTRY_VERIFY_WITH_TIMEOUT(!synced.isEmpty() && !ben.sync->isLoading(), kTimeout);
        const QString since = ben.store->cursor();
        QVERIFY(!since.isEmpty());

        const QString a = notify(server, { QStringLiteral("E1002") }, {}, QStringLiteral("A"));
        const QString b = notify(server, { QStringLiteral("E1002") }, {}, QStringLiteral("B"));
        const HttpResult page = deltaPage(server, since);
        QCOMPARE(page.status, 200);
        const QJsonArray items = page.json().value(QStringLiteral("items")).toArray();
        const QString cursor = page.json().value(QStringLiteral("cursor")).toString();
        QCOMPARE(items.size(), 2);
        const int before = deltaRequests(server, QStringLiteral("ben-phone"));

        QSignalSpy changed(ben.store, &InboxStore::changed);
        auto &stream = const_cast<StreamClient &>(ben.sync->stream());
        Q_EMIT stream.carried(InboxSync::hintKind(), since, cursor, items);
        QCOMPARE(changed.size(), 1); // one write
        QVERIFY(ben.store->item(a).has_value());
        QVERIFY(ben.store->item(b).has_value());
        QCOMPARE(ben.store->cursor(), cursor);
        QCOMPARE(ben.model->rowCount(), 2);
        QCOMPARE(deltaRequests(server, QStringLiteral("ben-phone")), before);
    }

    // A carried hint that comes while a sync runs waits for it: applied after it when it
    // follows, skipped when the sync brought it; never a second GET.
    void aCarriedHintDuringASyncWaitsForIt()
    {
        ServerProcess server;
        QVERIFY2(server.start(serverOptions()), qPrintable(server.error()));
        MemorySecretStore secrets;
        Device ben(server.url(), m_ca.caFile(), secrets, m_deviceInfo, newDatabasePath(),
            QStringLiteral("ben-phone"));
        ben.sync->setStreamEnabled(false);
        QSignalSpy synced(ben.sync, &InboxSync::synced);
        ben.sync->start();
        QVERIFY(signIn(ben, server, QStringLiteral("Ben Okafor")));
        QTRY_VERIFY_WITH_TIMEOUT(!synced.isEmpty() && !ben.sync->isLoading(), kTimeout);
        const QString since = ben.store->cursor();
        const QString a = notify(server, { QStringLiteral("E1002") }, {}, QStringLiteral("A"));
        const HttpResult page = deltaPage(server, since);
        QCOMPARE(page.status, 200);
        const QJsonArray items = page.json().value(QStringLiteral("items")).toArray();
        const QString cursor = page.json().value(QStringLiteral("cursor")).toString();
        QCOMPARE(items.size(), 1);
        const int before = deltaRequests(server, QStringLiteral("ben-phone"));

        synced.clear();
        ben.sync->syncNow();
        QVERIFY(ben.sync->isLoading());
        auto &stream = const_cast<StreamClient &>(ben.sync->stream());
        Q_EMIT stream.carried(InboxSync::hintKind(), since, cursor, items);
        QVERIFY(!ben.store->item(a).has_value()); // held while the sync runs
        QTRY_VERIFY_WITH_TIMEOUT(!synced.isEmpty() && !ben.sync->isLoading(), kTimeout);
        QVERIFY(ben.store->item(a).has_value());
        QCOMPARE(ben.store->cursor(), cursor);
        QCOMPARE(deltaRequests(server, QStringLiteral("ben-phone")), before + 1);
    }

    // Malformed carried items are refused whole (nothing written, the cursor kept) and the
    // delta sync runs instead; malformed stream messages are plain hints (StreamClient).
    void malformedCarriedItemsAreRefused()
    {
        ServerProcess server;
        QVERIFY2(server.start(serverOptions()), qPrintable(server.error()));
        MemorySecretStore secrets;
        Device ben(server.url(), m_ca.caFile(), secrets, m_deviceInfo, newDatabasePath(),
            QStringLiteral("ben-phone"));
        ben.sync->setStreamEnabled(false);
        QSignalSpy synced(ben.sync, &InboxSync::synced);
        ben.sync->start();
        QVERIFY(signIn(ben, server, QStringLiteral("Ben Okafor")));
        QTRY_VERIFY_WITH_TIMEOUT(!synced.isEmpty() && !ben.sync->isLoading(), kTimeout);
        const QString since = ben.store->cursor();
        const QString good = notify(server, { QStringLiteral("E1002") }, {}, QStringLiteral("G"));
        const HttpResult page = deltaPage(server, since);
        QCOMPARE(page.status, 200);
        const QJsonObject item =
            page.json().value(QStringLiteral("items")).toArray().at(0).toObject();
        const QString cursor = page.json().value(QStringLiteral("cursor")).toString();
        QJsonObject broken = item;
        broken.insert(QStringLiteral("id"), QStringLiteral("../../etc"));
        broken.insert(QStringLiteral("version"), QStringLiteral("two"));

        auto &stream = const_cast<StreamClient &>(ben.sync->stream());
        QSignalSpy changed(ben.store, &InboxStore::changed);
        const QList<QJsonArray> bad {
            QJsonArray { item, broken }, // one bad item refuses the hint whole
            QJsonArray { QStringLiteral("not an object") },
            QJsonArray { QJsonObject {} },
        };
        for (const QJsonArray &items : bad) {
            synced.clear();
            Q_EMIT stream.carried(InboxSync::hintKind(), since, cursor, items);
            QCOMPARE(changed.size(), 0); // nothing half-written
            QCOMPARE(ben.store->cursor(), since);
            QVERIFY(!ben.store->item(good).has_value());
            // The delta sync instead: it brings the item; then it is forgotten again.
            QTRY_VERIFY_WITH_TIMEOUT(!synced.isEmpty() && !ben.sync->isLoading(), kTimeout);
            QVERIFY(ben.store->item(good).has_value());
            QCOMPARE(ben.store->cursor(), cursor);
            Database &db = *ben.session->database();
            SqlStatement forget = db.prepare("UPDATE settings SET value = ?2 WHERE name = ?1");
            forget.bindText(1, inboxrows::cursorSetting());
            forget.bindText(2, since);
            QVERIFY(forget.exec());
            SqlStatement drop = db.prepare("DELETE FROM inbox_items WHERE id = ?1");
            drop.bindText(1, good);
            QVERIFY(drop.exec());
            changed.clear();
        }
    }
};

QTEST_GUILESS_MAIN(TestStreamItem)
#include "tst_stream_item.moc"
