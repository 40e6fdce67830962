// The inbox store without a server: InboxItem's wire form, InboxStore on a real SQLCipher file
// (upserts, the cursor, read marks, statements reused in a delta, the sync relaxed for its own
// commit, the cache raised while catching up, JSON written as Qt does) and the outbox (its rows
// survive and finish once, its own checks before it writes a decision).
#include "inboxfixture.h"

using namespace tessera;
using namespace tessera::test;

class TestInboxStore : public QObject, protected InboxFixture
{
    Q_OBJECT

private Q_SLOTS:
    void itemReadsAndWritesTheWire()
    {
        const QJsonObject json = wireItem(QStringLiteral("ntf_a"), 5);
        const InboxItem parsed = item(json);
        QCOMPARE(parsed.toJson(), json);
        QVERIFY(parsed.needsAction());
        QCOMPARE(parsed.action(QStringLiteral("reject"))
                     .value(QStringLiteral("requiresComment"))
                     .toBool(),
            true);
        QString error;
        QJsonObject broken = json;
        broken.remove(QStringLiteral("version"));
        QVERIFY(!InboxItem::fromJson(broken, &error));
        QVERIFY(error.contains(QStringLiteral("version")));
        broken = json;
        broken.insert(QStringLiteral("createdAt"), QStringLiteral("yesterday"));
        QVERIFY(!InboxItem::fromJson(broken, &error));

        const InboxItem other =
            decided(json, QStringLiteral("approve"), QStringLiteral("approved"));
        const QString text = InboxItem::outcomeText(other, QStringLiteral("already_decided"));
        QVERIFY2(text.startsWith(QStringLiteral("Already approved by Asha Rao on Pixel 8 ")),
            qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral(":42")), qPrintable(text)); // the minute, any zone
        QCOMPARE(
            InboxItem::describeVia(QStringLiteral("cli")), QStringLiteral("from the command line"));
        // An approver's own approval of an "all" item, the others still asked: fields this app
        // does not know are ignored, and the item needs no more action from here.
        QJsonObject waiting = json;
        waiting.insert(QStringLiteral("state"), QStringLiteral("approved"));
        waiting.insert(QStringLiteral("approval"),
            QJsonObject { { QStringLiteral("mode"), QStringLiteral("all") },
                { QStringLiteral("approvals"),
                    QJsonArray { QJsonObject { { QStringLiteral("userId"), QStringLiteral("E1") },
                        { QStringLiteral("state"), QStringLiteral("approved") } } } } });
        QVERIFY(!item(waiting).needsAction());
        QCOMPARE(item(waiting).state, QStringLiteral("approved"));
        QJsonObject withdrawn = json;
        withdrawn.insert(QStringLiteral("state"), QStringLiteral("withdrawn"));
        QVERIFY(InboxItem::outcomeText(item(withdrawn), QStringLiteral("withdrawn"))
                    .startsWith(QStringLiteral("Withdrawn")));
    }

    void storeKeepsItemsAndCursorTogether()
    {
        InboxStore store(newDatabase());
        QSignalSpy changed(&store, &InboxStore::changed);
        QCOMPARE(store.cursor(), QString());
        QVERIFY(store.applyDelta({ item(wireItem(QStringLiteral("ntf_a"), 1)),
                                     item(wireItem(QStringLiteral("ntf_b"), 2)) },
            QStringLiteral("2")));
        QCOMPARE(changed.size(), 1);
        QCOMPARE(store.cursor(), QStringLiteral("2"));
        QList<InboxItem> items = store.items();
        QCOMPARE(items.size(), 2);
        QCOMPARE(items.at(0).id, QStringLiteral("ntf_b")); // newest first
        QCOMPARE(items.at(1).toJson(), wireItem(QStringLiteral("ntf_a"), 1));
        QCOMPARE(store.unreadCount(), 2);

        // A delta changes an item in place (no second row) and moves the cursor.
        QVERIFY(store.applyDelta({ decided(wireItem(QStringLiteral("ntf_a"), 1),
                                     QStringLiteral("approve"), QStringLiteral("approved")) },
            QStringLiteral("3")));
        items = store.items();
        QCOMPARE(items.size(), 2);
        QCOMPARE(items.at(1).state, QStringLiteral("approved"));
        QCOMPARE(items.at(1).version, 2);
        QCOMPARE(items.at(1).decidedVia, QStringLiteral("app · Pixel 8"));
        QCOMPARE(store.cursor(), QStringLiteral("3"));
        QCOMPARE(store.unreadCount(), 1);

        // A read mark made here wins over an "unread" from the server until it is told.
        QVERIFY(store.markReadLocally(QStringLiteral("ntf_b")));
        QVERIFY(!store.markReadLocally(QStringLiteral("ntf_b")));
        QCOMPARE(store.pendingReads(), QStringList { QStringLiteral("ntf_b") });
        QVERIFY(
            store.applyDelta({ item(wireItem(QStringLiteral("ntf_b"), 2)) }, QStringLiteral("4")));
        QCOMPARE(store.item(QStringLiteral("ntf_b"))->state, QStringLiteral("read"));
        QJsonObject read = wireItem(QStringLiteral("ntf_b"), 2);
        read.insert(QStringLiteral("state"), QStringLiteral("read"));
        QVERIFY(store.confirmRead(item(read)));
        QCOMPARE(store.pendingReads(), QStringList());
    }

    void outboxRowsSurviveAndFinishOnce()
    {
        const auto database = newDatabase();
        QByteArray key;
        {
            InboxStore store(database);
            QVERIFY(store.applyDelta(
                { item(wireItem(QStringLiteral("ntf_a"), 1)) }, QStringLiteral("1")));
            const auto queued =
                store.enqueueDecision(QStringLiteral("ntf_a"), QStringLiteral("approve"), {});
            QVERIFY(queued);
            key = queued->idempotencyKey;
            QVERIFY(key.size() >= 16);
            QCOMPARE(queued->version, 1);
            // One decision per item at a time.
            QVERIFY(!store.enqueueDecision(QStringLiteral("ntf_a"), QStringLiteral("reject"), {}));
            QVERIFY(
                !store.enqueueDecision(QStringLiteral("ntf_nope"), QStringLiteral("approve"), {}));
            QVERIFY(store.recordAttempt(queued->seq, QDateTime::currentDateTimeUtc().addSecs(60),
                QStringLiteral("network_error")));
        }
        // Another store on the same database (a restart) finds it, with the same key.
        InboxStore again(database);
        const QList<PendingDecision> waiting = again.pendingDecisions();
        QCOMPARE(waiting.size(), 1);
        QCOMPARE(waiting.first().idempotencyKey, key);
        QCOMPARE(waiting.first().attempts, 1);
        QCOMPARE(waiting.first().lastError, QStringLiteral("network_error"));
        QVERIFY(again.item(QStringLiteral("ntf_a"))->pending);
        QCOMPARE(again.item(QStringLiteral("ntf_a"))->pendingAction, QStringLiteral("approve"));
        QVERIFY(again.makeDecisionsDue());
        QVERIFY(!again.pendingDecisions().first().nextAttemptAt.isValid());

        const InboxItem current = decided(wireItem(QStringLiteral("ntf_a"), 1),
            QStringLiteral("reject"), QStringLiteral("rejected"));
        QVERIFY(
            again.finishDecision(waiting.first().seq, current, QStringLiteral("Already rejected")));
        QCOMPARE(again.pendingDecisionCount(), 0);
        const InboxItem after = *again.item(QStringLiteral("ntf_a"));
        QVERIFY(!after.pending);
        QCOMPARE(after.state, QStringLiteral("rejected"));
        QCOMPARE(after.statusText, QStringLiteral("Already rejected"));
        QVERIFY(!again.finishDecision(waiting.first().seq, current, {})); // once
        // The same version again keeps the words; a newer version clears them.
        QVERIFY(again.applyDelta({ current }, QStringLiteral("2")));
        QCOMPARE(
            again.item(QStringLiteral("ntf_a"))->statusText, QStringLiteral("Already rejected"));
        QJsonObject newer = current.toJson();
        newer.insert(QStringLiteral("version"), 3);
        QVERIFY(again.applyDelta({ item(newer) }, QStringLiteral("3")));
        QCOMPARE(again.item(QStringLiteral("ntf_a"))->statusText, QString());
    }

    void storeReusesItsStatementsInADelta()
    {
        const auto database = newDatabase();
        // Migration 6: the next arrival number comes from an index, not a scan of the table.
        SqlStatement plan = database->prepare(
            "EXPLAIN QUERY PLAN SELECT COALESCE(MAX(arrival), 0) + 1 FROM inbox_items");
        QString planText;
        while (plan.step() == SqlStatement::Step::Row)
            planText += plan.columnText(plan.columnCount() - 1) + u'\n';
        QVERIFY2(planText.contains(QStringLiteral("inbox_items_arrival")), qPrintable(planText));
        plan = SqlStatement();
        // Migration 7: the first screen's unread count and categories read indexes, not the table.
        for (const auto &[sql, index] :
            { std::pair {
                  "EXPLAIN QUERY PLAN SELECT count(*) FROM inbox_items WHERE state = 'unread'",
                  "inbox_items_state" },
                std::pair { "EXPLAIN QUERY PLAN SELECT DISTINCT category FROM inbox_items WHERE "
                            "category <> ''",
                    "inbox_items_category" } }) {
            plan = database->prepare(sql);
            planText.clear();
            while (plan.step() == SqlStatement::Step::Row)
                planText += plan.columnText(plan.columnCount() - 1) + u'\n';
            QVERIFY2(planText.contains(QLatin1String(index)), qPrintable(planText));
        }
        plan = SqlStatement();

        InboxStore store(database);
        QVERIFY(
            store.applyDelta({ item(wireItem(QStringLiteral("ntf_a"), 1)) }, QStringLiteral("1")));
        QVERIFY(store.markReadLocally(QStringLiteral("ntf_a")));
        // One page mixing new items (same second: the later to arrive comes first) and an update
        // of a known one (its local read mark kept), with the statements prepared once.
        QVERIFY(store.applyDelta({ item(wireItem(QStringLiteral("ntf_x"), 7)),
                                     item(wireItem(QStringLiteral("ntf_a"), 1)),
                                     item(wireItem(QStringLiteral("ntf_y"), 7)),
                                     item(wireItem(QStringLiteral("ntf_z"), 7)) },
            QStringLiteral("2")));
        const QList<InboxItem> items = store.items();
        QCOMPARE(items.size(), 4);
        QCOMPARE(items.at(0).id, QStringLiteral("ntf_z"));
        QCOMPARE(items.at(1).id, QStringLiteral("ntf_y"));
        QCOMPARE(items.at(2).id, QStringLiteral("ntf_x"));
        QCOMPARE(items.at(3).id, QStringLiteral("ntf_a"));
        QCOMPARE(items.at(3).state, QStringLiteral("read"));
        QCOMPARE(store.pendingReads(), QStringList { QStringLiteral("ntf_a") });
        QCOMPARE(items.at(0).toJson(), wireItem(QStringLiteral("ntf_z"), 7));
        // A scalar, an empty object and an empty array survive the JSON columns.
        QJsonObject scalar = wireItem(QStringLiteral("ntf_s"), 8);
        scalar.insert(QStringLiteral("data"), 42);
        scalar.insert(QStringLiteral("actions"), QJsonArray());
        scalar.insert(QStringLiteral("actionable"), false);
        QJsonObject empty = wireItem(QStringLiteral("ntf_e"), 9);
        empty.insert(QStringLiteral("data"), QJsonObject());
        QVERIFY(store.applyDelta({ item(scalar), item(empty) }, QStringLiteral("3")));
        QCOMPARE(store.item(QStringLiteral("ntf_s"))->toJson(), scalar);
        QCOMPARE(store.item(QStringLiteral("ntf_e"))->toJson(), empty);
        // Times in the form the store writes are read directly; any other RFC 3339 form through
        // the wire's parser, and something else as none.
        QVERIFY(database->exec("UPDATE inbox_items SET decidedAt = '2026-11-29T10:42:00.5+01:00',"
                               " expiresAt = '2026-02-30T10:00:00Z' WHERE id = 'ntf_e'"));
        const InboxItem odd = *store.item(QStringLiteral("ntf_e"));
        QCOMPARE(odd.decidedAt, QDateTime(QDate(2026, 11, 29), QTime(9, 42, 0, 500), Qt::UTC));
        QVERIFY(!odd.expiresAt.isValid());
        QCOMPARE(odd.createdAt, QDateTime(QDate(2026, 11, 29), QTime(9, 9), Qt::UTC));
    }

    // The store writes the JSON of actions and data itself (not through QJsonDocument): the
    // same bytes as QJsonDocument's compact form, and every kind of value reads back the same.
    // A delta page commits without waiting for the disk (it is fetched again after a power
    // cut); everything written after it, the person's decisions and read marks, waits again.
    void deltaRelaxesSyncForItsOwnCommitOnly()
    {
        const auto database = newDatabase();
        const auto synchronous = [&database] {
            SqlStatement pragma = database->prepare("PRAGMA synchronous");
            return pragma.step() == SqlStatement::Step::Row ? pragma.columnInt64(0) : -1;
        };
        constexpr qint64 full = 2;
        QCOMPARE(synchronous(), full);
        InboxStore store(database);
        QVERIFY(
            store.applyDelta({ item(wireItem(QStringLiteral("ntf_s"), 1)) }, QStringLiteral("1")));
        QCOMPARE(synchronous(), full);
        QCOMPARE(store.cursor(), QStringLiteral("1"));
        QVERIFY(store.item(QStringLiteral("ntf_s")).has_value());
    }

    // A catch-up (delta pages of catchUpItems or more) keeps a larger page cache and longer WAL
    // between checkpoints on the connection until a smaller page comes, the pages stop for
    // catchUpIdleMs, or the store lets the database go; then Database's settings are back.
    void catchUpRaisesTheCacheUntilItEnds()
    {
        const auto database = newDatabase();
        const auto pragma = [&database](const char *name) {
            return database->pragmaValue(QByteArray(QByteArrayLiteral("PRAGMA ") + name))
                .value_or(-12345);
        };
        const auto atDefaults = [&] {
            return pragma("cache_size") == -Database::cacheKiB
                && pragma("wal_autocheckpoint") == Database::walCheckpointPages
                && pragma("journal_size_limit") == Database::walSizeLimitBytes;
        };
        const auto inCatchUp = [&] {
            return pragma("cache_size") == -InboxStore::catchUpCacheKiB
                && pragma("wal_autocheckpoint") == InboxStore::catchUpCheckpointPages
                && pragma("journal_size_limit") == -1;
        };
        int next = 0;
        const auto page = [&next](int size) {
            QList<InboxItem> items;
            for (int i = 0; i < size; ++i, ++next)
                items.append(item(wireItem(QStringLiteral("ntf_c%1").arg(next), next % 50)));
            return items;
        };
        constexpr qint64 full = 2;
        QVERIFY(atDefaults());

        auto store = std::make_unique<InboxStore>(database);
        QVERIFY(store->applyDelta(page(InboxStore::catchUpItems - 1), QStringLiteral("1")));
        QVERIFY(!store->inCatchUp());
        QVERIFY(atDefaults());
        // Large pages: the catch-up's settings, kept from page to page; sync FULL after each.
        QVERIFY(store->applyDelta(page(InboxStore::catchUpItems), QStringLiteral("2")));
        QVERIFY(store->inCatchUp());
        QVERIFY(inCatchUp());
        QCOMPARE(pragma("synchronous"), full);
        QVERIFY(store->applyDelta(page(InboxStore::catchUpItems + 7), QStringLiteral("3")));
        QVERIFY(inCatchUp());
        // The last, smaller page ends it; everything is stored.
        QVERIFY(store->applyDelta(page(3), QStringLiteral("4")));
        QVERIFY(!store->inCatchUp());
        QVERIFY(atDefaults());
        QCOMPARE(store->itemCount({}), next);
        QCOMPARE(store->cursor(), QStringLiteral("4"));

        // No more pages: it ends after catchUpIdleMs, through the event loop.
        QVERIFY(store->applyDelta(page(InboxStore::catchUpItems), QStringLiteral("5")));
        QVERIFY(inCatchUp());
        QTRY_VERIFY_WITH_TIMEOUT(!store->inCatchUp(), InboxStore::catchUpIdleMs * 10);
        QVERIFY(atDefaults());

        // A store that lets its database go (sign-out, destruction) sets it back first.
        QVERIFY(store->applyDelta(page(InboxStore::catchUpItems), QStringLiteral("6")));
        QVERIFY(inCatchUp());
        store->setDatabase(newDatabase());
        QVERIFY(!store->inCatchUp());
        QVERIFY(atDefaults());
        store->setDatabase(database);
        QVERIFY(store->applyDelta(page(InboxStore::catchUpItems), QStringLiteral("7")));
        QVERIFY(inCatchUp());
        store.reset();
        QVERIFY(atDefaults());
        QCOMPARE(InboxStore(database).itemCount({}), next);
    }

    void storeWritesJsonAsQtDoes()
    {
        const auto database = newDatabase();
        InboxStore store(database);
        const QJsonObject data {
            { QStringLiteral("text"),
                QString(
                    QStringLiteral("quote \" backslash \\ slash / tab \t newline \n cr \r bell ")
                    + QChar(7) + QStringLiteral(" nul ") + QChar(0) + QStringLiteral(" end")) },
            { QStringLiteral("unicode"), QStringLiteral("Ünïcødé – 日本 😀") },
            { QStringLiteral("ключ"), true },
            { QStringLiteral("numbers"),
                QJsonArray { 0, -1, 3, 2.5, -0.125, 1e-7, 1.5e300, 9007199254740993LL,
                    qint64(-4611686018427387904LL), 123456789012.0 } },
            { QStringLiteral("nested"),
                QJsonArray { QJsonArray {}, QJsonObject {}, QJsonValue(QJsonValue::Null), false,
                    QJsonObject { { QStringLiteral("a"), QJsonArray { QStringLiteral("") } } } } },
        };
        const QJsonArray actions {
            QJsonObject { { QStringLiteral("id"), QStringLiteral("approve") },
                { QStringLiteral("label"), QStringLiteral("Genehmigen \"jetzt\"") } },
        };
        QJsonObject json = wireItem(QStringLiteral("ntf_j"), 1);
        json.insert(QStringLiteral("data"), data);
        json.insert(QStringLiteral("actions"), actions);
        QVERIFY(store.applyDelta({ item(json) }, QStringLiteral("1")));
        QCOMPARE(store.item(QStringLiteral("ntf_j"))->toJson(), json);
        {
            SqlStatement row =
                database->prepare("SELECT actions, data FROM inbox_items WHERE id = 'ntf_j'");
            QCOMPARE(row.step(), SqlStatement::Step::Row);
            QCOMPARE(row.columnUtf8(0), QJsonDocument(actions).toJson(QJsonDocument::Compact));
            QCOMPARE(row.columnUtf8(1), QJsonDocument(data).toJson(QJsonDocument::Compact));
        }
        // Scalars of every kind (stored wrapped) read back as they were.
        const QList<QJsonValue> scalars { QJsonValue(QJsonValue::Null), true, false, 0, -7, 0.1,
            QStringLiteral("text \"quoted\""), QString() };
        for (const QJsonValue &scalar : scalars) {
            json.insert(QStringLiteral("data"), scalar);
            QVERIFY(store.applyDelta({ item(json) }, QStringLiteral("2")));
            QCOMPARE(store.item(QStringLiteral("ntf_j"))->data, scalar);
        }
    }

    void outboxChecksBeforeItWrites()
    {
        // A session with nothing signed in: the outbox writes but sends nothing.
        SignedOutSession signedOut(m_dir.filePath(QStringLiteral("session.db")));
        Session &session = signedOut.session;

        const auto database = newDatabase();
        InboxStore store(database);
        QJsonObject closed = wireItem(QStringLiteral("ntf_closed"), 2);
        closed = decided(closed, QStringLiteral("approve"), QStringLiteral("approved")).toJson();
        QJsonObject info = wireItem(QStringLiteral("ntf_info"), 3);
        info.insert(QStringLiteral("actionable"), false);
        info.insert(QStringLiteral("actions"), QJsonArray {});
        QVERIFY(store.applyDelta(
            { item(wireItem(QStringLiteral("ntf_a"), 1)), item(closed), item(info) },
            QStringLiteral("3")));
        DecisionOutbox outbox(session.api(), session.scope(), store);
        QSignalSpy count(&outbox, &DecisionOutbox::pendingCountChanged);

        QCOMPARE(outbox.decide(QStringLiteral("ntf_nope"), QStringLiteral("approve"))->code,
            QStringLiteral("not_found"));
        QCOMPARE(outbox.decide(QStringLiteral("ntf_a"), QStringLiteral("escalate"))->code,
            QStringLiteral("unknown_action"));
        QCOMPARE(
            outbox.decide(QStringLiteral("ntf_a"), QStringLiteral("reject"), QStringLiteral("  "))
                ->code,
            QStringLiteral("comment_required"));
        QCOMPARE(outbox.decide(QStringLiteral("ntf_info"), QStringLiteral("approve"))->code,
            QStringLiteral("not_actionable"));
        const auto late = outbox.decide(
            QStringLiteral("ntf_closed"), QStringLiteral("reject"), QStringLiteral("no"));
        QCOMPARE(late->code, QStringLiteral("not_open"));
        QVERIFY(late->message.startsWith(QStringLiteral("Already approved by Asha Rao")));
        QCOMPARE(outbox.pendingCount(), 0);

        QVERIFY(!outbox.decide(
            QStringLiteral("ntf_a"), QStringLiteral("reject"), QStringLiteral("Not now")));
        QCOMPARE(outbox.pendingCount(), 1);
        QCOMPARE(count.size(), 1);
        QCOMPARE(outbox.decide(QStringLiteral("ntf_a"), QStringLiteral("approve"))->code,
            QStringLiteral("decision_pending"));
        const PendingDecision written = store.pendingDecisions().first();
        QCOMPARE(written.comment, QStringLiteral("Not now"));
        QCOMPARE(written.version, 1);
        QTest::qWait(50); // the outbox's first look: not signed in, nothing is sent
        QCOMPARE(store.pendingDecisions().first().attempts, 0);

        // A new outbox on the same database (a restart) has the same decision, same key.
        InboxStore again(database);
        DecisionOutbox restarted(session.api(), session.scope(), again);
        QCOMPARE(restarted.pendingCount(), 1);
        QCOMPARE(again.pendingDecisions().first().idempotencyKey, written.idempotencyKey);
    }

    // What the UI asks of the model beyond the rows: categories to filter by, one item by id,
    // whether an action needs a comment, and bulk approval that leaves out what needs one.
};

QTEST_GUILESS_MAIN(TestInboxStore)
#include "tst_inbox_store.moc"
