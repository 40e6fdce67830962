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
    enum class Stream { Live, Quiet };

    // This test function's server and Ben's phone on it (its secrets in memory).
    std::optional<ServerProcess> m_server;
    std::optional<MemorySecretStore> m_secrets;
    std::unique_ptr<Device> m_ben;
    int m_keysBefore = 0; // notify()s before this test function (each starts its own server)

    // Starts this test function's server and Ben's phone on it, signed in and synced: its
    // stream open (Live), or off (Quiet: the test hands it carried hints itself).
    bool startBen(Stream stream)
    {
        m_server.emplace();
        if (!m_server->start(serverOptions())) {
            qWarning("the server did not start: %s", qPrintable(m_server->error()));
            return false;
        }
        m_secrets.emplace();
        m_ben = std::make_unique<Device>(m_server->url(), m_ca.caFile(), *m_secrets, m_deviceInfo,
            newDatabasePath(), QStringLiteral("ben-phone"));
        Device &ben = *m_ben;
        if (stream == Stream::Quiet)
            ben.sync->setStreamEnabled(false);
        QSignalSpy synced(ben.sync, &InboxSync::synced);
        ben.sync->start();
        if (!signIn(ben, *m_server, QStringLiteral("Ben Okafor")))
            return false;
        return QTest::qWaitFor(
            [&] {
                return !ben.sync->isLoading()
                    && (stream == Stream::Live ? ben.sync->isLive() : !synced.isEmpty());
            },
            kTimeout);
    }

    // A notification for Ben (titled title): its id.
    QString notifyBen(const QString &title)
    {
        return notify(*m_server, { QStringLiteral("E1002") }, {}, title);
    }

    // The same, once Ben's phone stored it and its sync is done (empty when it never came).
    QString notifyBenAndSync(const QString &title)
    {
        const QString id = notifyBen(title);
        const bool synced = QTest::qWaitFor(
            [&] { return stores(*m_ben, id) && !m_ben->sync->isLoading(); }, kTimeout);
        return synced ? id : QString();
    }

    // The GET /v1/inbox requests (delta pages) Ben's phone made, as the server's access log has
    // them once every request up to now is written: the log is written in batches, in order,
    // so a marker request (a notification for someone else) is waited for first.
    int deltaRequests()
    {
        const ServerProcess &server = *m_server;
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
                           " AND endpoint = '/v1/inbox' AND device_id = 'ben-phone'"));
    }

    // A notification for Ben with a body and data of these sizes (bytes of ASCII).
    QString notifyLarge(int bodyBytes, int dataBytes)
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
        return postNotification(*m_server, body);
    }

    // Ben's delta page after since, as another device of his reads it.
    struct Page
    {
        int status = 0;
        QJsonArray items;
        QString cursor;
    };
    Page deltaPage(const QString &since) const
    {
        QUrl url = m_server->url(QStringLiteral("/v1/inbox"));
        url.setQuery(QStringLiteral("since=") + since);
        const HttpResult page =
            httpRequest("GET", url, {}, bearer(tokenOf(*m_server, QStringLiteral("Ben Okafor"))));
        return { page.status, page.json().value(QStringLiteral("items")).toArray(),
            page.json().value(QStringLiteral("cursor")).toString() };
    }

    // A carried hint on Ben's stream, as StreamClient hands one on.
    static void carry(
        const Device &ben, const QString &since, const QString &cursor, const QJsonArray &items)
    {
        auto &stream = const_cast<StreamClient &>(ben.sync->stream());
        Q_EMIT stream.carried(InboxSync::hintKind(), since, cursor, items);
    }

    // Ben's phone forgets an item and goes back to an earlier cursor (as if it had never come).
    static bool forget(const Device &ben, const QString &id, const QString &cursor)
    {
        Database &db = *ben.session->database();
        SqlStatement back = db.prepare("UPDATE settings SET value = ?2 WHERE name = ?1");
        back.bindText(1, inboxrows::cursorSetting());
        back.bindText(2, cursor);
        SqlStatement drop = db.prepare("DELETE FROM inbox_items WHERE id = ?1");
        drop.bindText(1, id);
        return back.exec() && drop.exec();
    }

    static bool stores(const Device &device, const QString &id) { return device.rowOf(id) >= 0; }

private Q_SLOTS:
    void initTestCase() { startParts(); }
    void init() { m_keysBefore = m_keys; }
    void cleanup()
    {
        m_ben.reset();
        m_secrets.reset();
        m_server.reset();
    }

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
        QVERIFY(startBen(Stream::Live));
        const Device &ben = *m_ben;
        QSignalSpy carried(&ben.sync->stream(), &StreamClient::carried);

        // The stream's first hint is plain (the server does not know where this app is yet).
        QVERIFY(!notifyBenAndSync(QStringLiteral("1")).isEmpty());
        QCOMPARE(carried.size(), 0);
        const int before = deltaRequests();
        QVERIFY(before >= 2); // the first sync and the plain hint's

        const QString second = notifyBen(QStringLiteral("Second"));
        QTRY_VERIFY_WITH_TIMEOUT(stores(ben, second), kTimeout);
        QCOMPARE(carried.size(), 1);
        const QJsonArray items = carried.first().at(3).toJsonArray();
        QCOMPARE(items.size(), 1);
        QCOMPARE(items.first().toObject().value(QStringLiteral("id")).toString(), second);
        QCOMPARE(ben.store->cursor(), carried.first().at(2).toString());
        QCOMPARE(ben.role(second, InboxModel::TitleRole).toString(), QStringLiteral("Second"));
        QCOMPARE(ben.model->rowCount(), 2);
        QCOMPARE(deltaRequests(), before);

        // A change to an item (withdrawn) is carried too, in place.
        const HttpResult withdrawn =
            httpRequest("DELETE", m_server->url(QStringLiteral("/v1/notifications/%1").arg(second)),
                {}, bearer(apiKey(*m_server)));
        QCOMPARE(withdrawn.status, 200);
        QTRY_COMPARE_WITH_TIMEOUT(ben.role(second, InboxModel::StateRole).toString(),
            QStringLiteral("withdrawn"), kTimeout);
        QCOMPARE(carried.size(), 2);
        QCOMPARE(ben.model->rowCount(), 2);
        QCOMPARE(deltaRequests(), before);
    }

    // The device's cursor is not where the carried items start (it missed a change): the items
    // are not applied on their own; the delta sync brings everything from the device's cursor.
    void aGapFallsBackToTheDeltaSync()
    {
        QVERIFY(startBen(Stream::Live));
        const Device &ben = *m_ben;
        const QString start = ben.store->cursor();
        const QString first = notifyBenAndSync(QStringLiteral("1"));
        QVERIFY(!first.isEmpty());

        // The device forgets the first item and its cursor (as if it had never come).
        QVERIFY(forget(ben, first, start));
        QCOMPARE(ben.store->cursor(), start);
        const int before = deltaRequests();
        QSignalSpy carried(&ben.sync->stream(), &StreamClient::carried);
        QSignalSpy synced(ben.sync, &InboxSync::synced);

        const QString second = notifyBen(QStringLiteral("Second"));
        QTRY_VERIFY_WITH_TIMEOUT(!synced.isEmpty(), kTimeout);
        QCOMPARE(carried.size(), 1); // carried, from the first item's cursor: not this device's
        QVERIFY(ben.store->item(first).has_value()); // the delta sync brought the missed one
        QVERIFY(ben.store->item(second).has_value());
        QCOMPARE(ben.store->cursor(), carried.first().at(2).toString());
        QVERIFY(deltaRequests() > before);
    }

    // An item larger than a carried hint may be (16 KiB) comes as the plain hint: a sync.
    void anOversizedItemComesAsAPlainHint()
    {
        QVERIFY(startBen(Stream::Live));
        const Device &ben = *m_ben;
        QVERIFY(!notifyBenAndSync(QStringLiteral("1")).isEmpty());
        const int before = deltaRequests();
        QSignalSpy carried(&ben.sync->stream(), &StreamClient::carried);
        QSignalSpy hinted(&ben.sync->stream(), &StreamClient::changed);

        const QString large = notifyLarge(8000, 10000);
        QVERIFY(!large.isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(stores(ben, large), kTimeout);
        QCOMPARE(carried.size(), 0);
        QVERIFY(!hinted.isEmpty());
        QCOMPARE(hinted.first().at(0).toString(), InboxSync::hintKind());
        QCOMPARE(ben.store->item(large)->body.size(), 8000);
        QVERIFY(deltaRequests() > before);

        // The next small one is carried again (from the large one's cursor).
        const QString small = notifyBen(QStringLiteral("S"));
        QTRY_VERIFY_WITH_TIMEOUT(stores(ben, small), kTimeout);
        QCOMPARE(carried.size(), 1);
    }

    // Two items in one carried hint (as the server's delta page has them, read here with
    // another device's token): stored together with the hint's cursor, without a GET by the
    // device.
    void twoCarriedItemsAreStoredTogether()
    {
        QVERIFY(startBen(Stream::Quiet));
        const Device &ben = *m_ben;
        const QString since = ben.store->cursor();
        QVERIFY(!since.isEmpty());

        const QString a = notifyBen(QStringLiteral("A"));
        const QString b = notifyBen(QStringLiteral("B"));
        const Page page = deltaPage(since);
        QCOMPARE(page.status, 200);
        QCOMPARE(page.items.size(), 2);
        const int before = deltaRequests();

        QSignalSpy changed(ben.store, &InboxStore::changed);
        carry(ben, since, page.cursor, page.items);
        QCOMPARE(changed.size(), 1); // one write
        QVERIFY(ben.store->item(a).has_value());
        QVERIFY(ben.store->item(b).has_value());
        QCOMPARE(ben.store->cursor(), page.cursor);
        QCOMPARE(ben.model->rowCount(), 2);
        QCOMPARE(deltaRequests(), before);
    }

    // A carried hint that comes while a sync runs waits for it: applied after it when it
    // follows, skipped when the sync brought it; never a second GET.
    void aCarriedHintDuringASyncWaitsForIt()
    {
        QVERIFY(startBen(Stream::Quiet));
        const Device &ben = *m_ben;
        const QString since = ben.store->cursor();
        const QString a = notifyBen(QStringLiteral("A"));
        const Page page = deltaPage(since);
        QCOMPARE(page.status, 200);
        QCOMPARE(page.items.size(), 1);
        const int before = deltaRequests();

        QSignalSpy synced(ben.sync, &InboxSync::synced);
        ben.sync->syncNow();
        QVERIFY(ben.sync->isLoading());
        carry(ben, since, page.cursor, page.items);
        QVERIFY(!ben.store->item(a).has_value()); // held while the sync runs
        QTRY_VERIFY_WITH_TIMEOUT(!synced.isEmpty() && !ben.sync->isLoading(), kTimeout);
        QVERIFY(ben.store->item(a).has_value());
        QCOMPARE(ben.store->cursor(), page.cursor);
        QCOMPARE(deltaRequests(), before + 1);
    }

    // Malformed carried items are refused whole (nothing written, the cursor kept) and the
    // delta sync runs instead; malformed stream messages are plain hints (StreamClient).
    void malformedCarriedItemsAreRefused()
    {
        QVERIFY(startBen(Stream::Quiet));
        const Device &ben = *m_ben;
        const QString since = ben.store->cursor();
        const QString good = notifyBen(QStringLiteral("G"));
        const Page page = deltaPage(since);
        QCOMPARE(page.status, 200);
        const QJsonObject item = page.items.at(0).toObject();
        QJsonObject broken = item;
        broken.insert(QStringLiteral("id"), QStringLiteral("../../etc"));
        broken.insert(QStringLiteral("version"), QStringLiteral("two"));

        QSignalSpy synced(ben.sync, &InboxSync::synced);
        QSignalSpy changed(ben.store, &InboxStore::changed);
        const QList<QJsonArray> bad {
            QJsonArray { item, broken }, // one bad item refuses the hint whole
            QJsonArray { QStringLiteral("not an object") },
            QJsonArray { QJsonObject {} },
        };
        for (const QJsonArray &items : bad) {
            synced.clear();
            carry(ben, since, page.cursor, items);
            QCOMPARE(changed.size(), 0); // nothing half-written
            QCOMPARE(ben.store->cursor(), since);
            QVERIFY(!ben.store->item(good).has_value());
            // The delta sync instead: it brings the item; then it is forgotten again.
            QTRY_VERIFY_WITH_TIMEOUT(!synced.isEmpty() && !ben.sync->isLoading(), kTimeout);
            QVERIFY(ben.store->item(good).has_value());
            QCOMPARE(ben.store->cursor(), page.cursor);
            QVERIFY(forget(ben, good, since));
            changed.clear();
        }
    }
};

QTEST_GUILESS_MAIN(TestStreamItem)
#include "tst_stream_item.moc"
