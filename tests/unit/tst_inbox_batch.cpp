// A catch-up's delta pages written several a transaction (InboxStore::applyDelta's more), on real
// SQLCipher files: the first page alone, the next ones held and written with their last cursor
// (at the page without more, batchPages pages, batchMs, endBatch), a crash losing only what was
// held, and every other write of the store (an answer's item, a decision, a read mark, a reset)
// after the held pages, never before them.
#include "inboxfixture.h"

using namespace tessera;
using namespace tessera::test;

namespace {

// Items "ntf_<first>" … "ntf_<first + count - 1>".
QList<InboxItem> page(int first, int count)
{
    QList<InboxItem> items;
    for (int i = first; i < first + count; ++i)
        items.append(item(wireItem(QStringLiteral("ntf_%1").arg(i), i % 60)));
    return items;
}

} // namespace

class TestInboxBatch : public QObject, protected InboxFixture
{
    Q_OBJECT

private:
    const QByteArray m_key = Database::newKey();

    std::shared_ptr<Database> open(const QString &name)
    {
        DatabaseOpenResult opened = Database::open(m_dir.filePath(name), m_key);
        if (!opened.ok())
            qFatal("cannot open a database: %s", qPrintable(opened.detail));
        return opened.database;
    }

private Q_SLOTS:
    void firstPageAloneThenOneTransaction()
    {
        InboxStore store(newDatabase());
        QSignalSpy changed(&store, &InboxStore::changed);
        // The first page of a catch-up is written at once: the first screen does not wait.
        QVERIFY(store.applyDelta(page(0, 3), QStringLiteral("3"), true));
        QCOMPARE(store.storedCursor(), QStringLiteral("3"));
        QCOMPARE(store.items().size(), 3);
        QCOMPARE(changed.size(), 1);
        // The next ones are held: the sync asks from their cursor, the database has the first's.
        QVERIFY(store.applyDelta(page(3, 3), QStringLiteral("6"), true));
        QVERIFY(store.applyDelta(page(6, 3), QStringLiteral("9"), true));
        QCOMPARE(store.heldItemCount(), 6);
        QCOMPARE(store.cursor(), QStringLiteral("9"));
        QCOMPARE(store.storedCursor(), QStringLiteral("3"));
        QCOMPARE(store.items().size(), 3);
        QCOMPARE(changed.size(), 1);
        // The page without more: the held ones in one transaction, then it with its cursor.
        QVERIFY(store.applyDelta(page(9, 2), QStringLiteral("11"), false));
        QCOMPARE(store.heldItemCount(), 0);
        QCOMPARE(store.storedCursor(), QStringLiteral("11"));
        QCOMPARE(store.items().size(), 11);
        QCOMPARE(changed.size(), 3);
        // A live change after it (no more) is written at once again, and so is the first page of
        // the next catch-up.
        QVERIFY(store.applyDelta(page(11, 1), QStringLiteral("12"), false));
        QVERIFY(store.applyDelta(page(12, 1), QStringLiteral("13"), true));
        QCOMPARE(store.storedCursor(), QStringLiteral("13"));
        QCOMPARE(store.heldItemCount(), 0);
    }

    void heldPagesArriveAsACatchUp()
    {
        // What watches changed() and inCatchUp() (InboxNotifier: a catch-up's items are not
        // news) sees the held pages as the catch-up they came in, and the last small page after it.
        InboxStore store(newDatabase());
        QList<bool> catchUp;
        connect(&store, &InboxStore::changed, this, [&]() { catchUp.append(store.inCatchUp()); });
        const int large = InboxStore::catchUpItems;
        QVERIFY(store.applyDelta(page(0, large), QStringLiteral("1"), true));
        QVERIFY(store.applyDelta(page(large, large), QStringLiteral("2"), true));
        QVERIFY(store.applyDelta(page(2 * large, large), QStringLiteral("3"), true));
        QVERIFY(store.applyDelta(page(3 * large, 1), QStringLiteral("4"), false));
        QCOMPARE(catchUp, (QList<bool> { true, true, false }));
        QCOMPARE(store.items().size(), 3 * large + 1);
    }

    void smallHeldPagesTogetherAreACatchUp()
    {
        // Held pages each smaller than a catch-up's page but together as many items: taken as a
        // catch-up's (not news), as one large page would be.
        InboxStore store(newDatabase());
        QList<bool> catchUp;
        connect(&store, &InboxStore::changed, this, [&]() { catchUp.append(store.inCatchUp()); });
        const int half = InboxStore::catchUpItems / 2 + 1;
        QVERIFY(store.applyDelta(page(0, 1), QStringLiteral("1"), true));
        QVERIFY(store.applyDelta(page(1, half), QStringLiteral("2"), true));
        QVERIFY(store.applyDelta(page(1 + half, half), QStringLiteral("3"), true));
        QVERIFY(store.endBatch());
        QCOMPARE(catchUp, (QList<bool> { false, true }));
        QCOMPARE(store.items().size(), 1 + 2 * half);
    }

    void batchesEndByCountTimeAndSync()
    {
        InboxStore store(newDatabase());
        QVERIFY(store.applyDelta(page(0, 1), QStringLiteral("1"), true));
        // batchPages held pages are written without waiting for the last.
        for (int i = 1; i < InboxStore::defaultBatchPages; ++i)
            QVERIFY(store.applyDelta(page(i, 1), QString::number(i + 1), true));
        QCOMPARE(store.heldItemCount(), InboxStore::defaultBatchPages - 1);
        QVERIFY(store.applyDelta(page(InboxStore::defaultBatchPages, 1),
            QString::number(InboxStore::defaultBatchPages + 1), true));
        QCOMPARE(store.heldItemCount(), 0);
        QCOMPARE(store.storedCursor(), QString::number(InboxStore::defaultBatchPages + 1));
        // A held page reaches the database through the event loop when no page follows.
        QVERIFY(store.applyDelta(page(100, 1), QStringLiteral("101"), true));
        QCOMPARE(store.heldItemCount(), 1);
        QTRY_COMPARE(store.storedCursor(), QStringLiteral("101"));
        QVERIFY(store.item(QStringLiteral("ntf_100")));
        // The sync's end writes what is held and ends the batch.
        QVERIFY(store.applyDelta(page(101, 1), QStringLiteral("102"), true));
        QCOMPARE(store.heldItemCount(), 1);
        QVERIFY(store.endBatch());
        QCOMPARE(store.storedCursor(), QStringLiteral("102"));
        QVERIFY(store.applyDelta(page(102, 1), QStringLiteral("103"), true));
        QCOMPARE(store.heldItemCount(), 0); // a first page again
    }

    void crashKeepsTheCommittedCursor()
    {
        {
            InboxStore store(open(QStringLiteral("crash.db")));
            QVERIFY(store.applyDelta(page(0, 2), QStringLiteral("2"), true));
            QVERIFY(store.applyDelta(page(2, 2), QStringLiteral("4"), true));
            QCOMPARE(store.cursor(), QStringLiteral("4"));
            // The process ends here, the held page never written.
        }
        InboxStore again(open(QStringLiteral("crash.db")));
        QCOMPARE(again.cursor(), QStringLiteral("2")); // the sync fetches page 2 again
        QCOMPARE(again.items().size(), 2);
        QVERIFY(!again.item(QStringLiteral("ntf_2")));
    }

    void otherWritesComeAfterTheHeldPages()
    {
        InboxStore store(newDatabase());
        QVERIFY(store.applyDelta(page(0, 1), QStringLiteral("1"), true));
        // A held page has version 1 of ntf_5; an answer then brings version 2: the answer wins,
        // as it would had the page been written when it came.
        QVERIFY(store.applyDelta(page(5, 1), QStringLiteral("2"), true));
        const InboxItem answer = decided(wireItem(QStringLiteral("ntf_5"), 5),
            QStringLiteral("approve"), QStringLiteral("approved"));
        QVERIFY(store.upsert(answer));
        QCOMPARE(store.heldItemCount(), 0);
        QCOMPARE(store.storedCursor(), QStringLiteral("2"));
        QVERIFY(store.endBatch());
        QCOMPARE(store.item(QStringLiteral("ntf_5"))->version, 2);
        QCOMPARE(store.item(QStringLiteral("ntf_5"))->state, QStringLiteral("approved"));

        // A decision and a read mark on items only a held page has: written first, so both work.
        QVERIFY(store.applyDelta(page(10, 1), QStringLiteral("3"), true));
        QVERIFY(store.applyDelta(page(11, 2), QStringLiteral("5"), true));
        QCOMPARE(store.heldItemCount(), 2);
        QVERIFY(store.enqueueDecision(QStringLiteral("ntf_11"), QStringLiteral("approve"), {}));
        QCOMPARE(store.storedCursor(), QStringLiteral("5"));
        QVERIFY(store.applyDelta(page(13, 1), QStringLiteral("6"), true));
        QVERIFY(store.markReadLocally(QStringLiteral("ntf_13")));
        QCOMPARE(store.pendingReads(), QStringList { QStringLiteral("ntf_13") });
        QCOMPARE(store.pendingDecisionCount(), 1);
    }

    void resetWritesTheHeldPagesFirst()
    {
        InboxStore store(newDatabase());
        QVERIFY(store.applyDelta(page(0, 1), QStringLiteral("1"), true));
        QVERIFY(store.applyDelta(page(1, 1), QStringLiteral("2"), true));
        QCOMPARE(store.heldItemCount(), 1);
        // A reset forgets the cursor: the held one must not come back after it.
        QVERIFY(store.beginReset(QStringLiteral("7")));
        QCOMPARE(store.heldItemCount(), 0);
        QCOMPARE(store.cursor(), QString());
        QVERIFY(store.item(QStringLiteral("ntf_1")));
        QVERIFY(store.isResetting());
    }

    void signOutDropsTheHeldPages()
    {
        const auto database = newDatabase();
        InboxStore store(database);
        QVERIFY(store.applyDelta(page(0, 1), QStringLiteral("1"), true));
        QVERIFY(store.applyDelta(page(1, 1), QStringLiteral("2"), true));
        store.setDatabase(nullptr);
        QCOMPARE(store.heldItemCount(), 0);
        QCOMPARE(store.cursor(), QString());
        store.setDatabase(database);
        QCOMPARE(store.cursor(), QStringLiteral("1"));
        QVERIFY(store.applyDelta(page(2, 1), QStringLiteral("3"), true)); // a first page again
        QCOMPARE(store.storedCursor(), QStringLiteral("3"));
    }
};

QTEST_GUILESS_MAIN(TestInboxBatch)
#include "tst_inbox_batch.moc"
