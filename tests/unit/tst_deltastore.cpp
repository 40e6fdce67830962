// What every delta-synced cache shares (DeltaStore) on real SQLCipher files: the cursor read and
// written by name in its table, a page's rows and cursor in one transaction (nothing stays when
// the rows or the cursor cannot be written), changed() only after a commit that changed rows, the
// server's reset as mark and sweep (every object stale, the cursor forgotten, the reset kept; after
// the last page what no page listed deleted; kept across a reopen mid-reset), and no database:
// nothing read, every write refused.
#include "storage/database.h"
#include "storage/deltastore.h"
#include "storage/sqlstatement.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace tessera;

namespace {

// A store of notes: one text per row, in a table of its own.
class NoteStore : public DeltaStore
{
public:
    NoteStore(std::shared_ptr<Database> database, const char *cursorTable, const QString &name)
        : DeltaStore(std::move(database), cursorTable, name)
    { }

    bool applyPage(const QStringList &notes, const QString &cursor)
    {
        return writePage(cursor, !notes.isEmpty(), [&notes](Database &database) {
            SqlStatement insert = database.prepare("INSERT INTO notes (text) VALUES (?1)");
            for (const QString &note : notes) {
                insert.reset();
                insert.bindText(1, note);
                if (!insert.exec())
                    return false;
            }
            return true;
        });
    }

    QStringList notes() const
    {
        QStringList all;
        if (!database())
            return all;
        SqlStatement select = database()->prepare("SELECT text FROM notes ORDER BY text");
        while (select.step() == SqlStatement::Step::Row)
            all.append(select.columnText(0));
        return all;
    }
};

// A store of items by id with the stale column a reset marks, written as the features write
// theirs (INSERT OR REPLACE: a row written again is no longer stale).
class ItemStore : public DeltaStore
{
public:
    explicit ItemStore(std::shared_ptr<Database> database)
        : DeltaStore(std::move(database), "test_cursors", QStringLiteral("items"), "items")
    { }

    bool applyPage(const QStringList &ids, const QStringList &removed, const QString &cursor)
    {
        return writePage(cursor, true, [&](Database &database) {
            SqlStatement upsert = database.prepare("INSERT OR REPLACE INTO items (id) VALUES (?1)");
            for (const QString &id : ids) {
                upsert.reset();
                upsert.bindText(1, id);
                if (!upsert.exec())
                    return false;
            }
            SqlStatement drop = database.prepare("DELETE FROM items WHERE id = ?1");
            for (const QString &id : removed) {
                drop.reset();
                drop.bindText(1, id);
                if (!drop.exec())
                    return false;
            }
            return true;
        });
    }

    QStringList ids() const
    {
        QStringList all;
        SqlStatement select = database()->prepare("SELECT id FROM items ORDER BY id");
        while (select.step() == SqlStatement::Step::Row)
            all.append(select.columnText(0));
        return all;
    }
};

} // namespace

class TestDeltaStore : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    int m_files = 0;

    // A database with the notes table (text unique: a second copy cannot be written) and, when
    // asked, the cursor table.
    std::shared_ptr<Database> newDatabase(bool withCursors = true)
    {
        DatabaseOpenResult opened = Database::open(
            m_dir.filePath(QStringLiteral("delta-%1.db").arg(++m_files)), Database::newKey());
        if (!opened.ok())
            qFatal("cannot open a database: %s", qPrintable(opened.detail));
        if (!opened.database->exec("CREATE TABLE notes (text TEXT PRIMARY KEY NOT NULL)"))
            qFatal("cannot create the notes table");
        if (withCursors
            && !opened.database->exec("CREATE TABLE test_cursors (name TEXT PRIMARY KEY NOT NULL,"
                                      " value TEXT NOT NULL)"))
            qFatal("cannot create the cursor table");
        return opened.database;
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void pagesAndCursorsByName()
    {
        const std::shared_ptr<Database> database = newDatabase();
        NoteStore first(database, "test_cursors", QStringLiteral("first"));
        NoteStore second(database, "test_cursors", QStringLiteral("second"));
        QSignalSpy changed(&first, &DeltaStore::changed);
        QVERIFY(first.hasDatabase());
        QVERIFY(first.cursor().isEmpty());

        QVERIFY(first.applyPage({ QStringLiteral("a"), QStringLiteral("b") }, QStringLiteral("7")));
        QCOMPARE(first.cursor(), QStringLiteral("7"));
        QCOMPARE(first.notes(), (QStringList { QStringLiteral("a"), QStringLiteral("b") }));
        QCOMPARE(changed.size(), 1);
        // Each store has its own row in the table.
        QVERIFY(second.cursor().isEmpty());
        QVERIFY(second.applyPage({}, QStringLiteral("3")));
        QCOMPARE(second.cursor(), QStringLiteral("3"));
        QCOMPARE(first.cursor(), QStringLiteral("7"));

        // A page with no rows moves the cursor and says nothing changed.
        QVERIFY(first.applyPage({}, QStringLiteral("8")));
        QCOMPARE(first.cursor(), QStringLiteral("8"));
        QCOMPARE(changed.size(), 1);
    }

    void aFailedPageLeavesNothing()
    {
        NoteStore store(newDatabase(), "test_cursors", QStringLiteral("notes"));
        QVERIFY(store.applyPage({ QStringLiteral("a") }, QStringLiteral("1")));
        QSignalSpy changed(&store, &DeltaStore::changed);

        // A row that cannot be written ("a" again): the rows before it and the cursor roll back.
        QVERIFY(
            !store.applyPage({ QStringLiteral("b"), QStringLiteral("a") }, QStringLiteral("2")));
        QCOMPARE(store.notes(), QStringList { QStringLiteral("a") });
        QCOMPARE(store.cursor(), QStringLiteral("1"));
        QVERIFY(changed.isEmpty());

        // The cursor cannot be written (no cursor table): the page's rows roll back.
        NoteStore noCursors(newDatabase(false), "test_cursors", QStringLiteral("notes"));
        QSignalSpy noCursorsChanged(&noCursors, &DeltaStore::changed);
        QVERIFY(!noCursors.applyPage({ QStringLiteral("c") }, QStringLiteral("1")));
        QVERIFY(noCursors.notes().isEmpty());
        QVERIFY(noCursors.cursor().isEmpty());
        QVERIFY(noCursorsChanged.isEmpty());
    }

    // A reset over two pages: the objects stay (shown) until the last page; then what no page
    // listed goes, what a page listed or removed is as the pages left it. Reopened mid-reset,
    // the store knows it is still resetting.
    void resetMarksEverythingStaleAndSweepsWhatNoPageListed()
    {
        const QString path = m_dir.filePath(QStringLiteral("reset.db"));
        const QByteArray key = Database::newKey();
        const auto open = [&path, &key]() {
            DatabaseOpenResult opened = Database::open(path, key);
            if (!opened.ok())
                qFatal("cannot open a database: %s", qPrintable(opened.detail));
            return opened.database;
        };
        {
            const std::shared_ptr<Database> database = open();
            QVERIFY(database->exec("CREATE TABLE items (id TEXT PRIMARY KEY NOT NULL,"
                                   " stale INTEGER NOT NULL DEFAULT 0);"
                                   "CREATE TABLE test_cursors (name TEXT PRIMARY KEY NOT NULL,"
                                   " value TEXT NOT NULL)"));
            ItemStore store(database);
            QVERIFY(store.honouredReset().isEmpty());
            QVERIFY(!store.isResetting());
            QVERIFY(store.applyPage(
                { QStringLiteral("berlin"), QStringLiteral("pune"), QStringLiteral("old") }, {},
                QStringLiteral("40")));

            QVERIFY(store.beginReset(QStringLiteral("57")));
            QVERIFY(store.cursor().isEmpty()); // the next page is a first sync's
            QCOMPARE(store.honouredReset(), QStringLiteral("57"));
            QVERIFY(store.isResetting());
            // Still there (and shown) until the sweep.
            QCOMPARE(store.ids(),
                (QStringList {
                    QStringLiteral("berlin"), QStringLiteral("old"), QStringLiteral("pune") }));
            // The first page lists Berlin's (and a new one).
            QVERIFY(store.applyPage(
                { QStringLiteral("berlin"), QStringLiteral("new") }, {}, QStringLiteral("20")));
        }
        // The app stopped between pages: reopened, the reset is still under way.
        ItemStore store(open());
        QVERIFY(store.isResetting());
        QCOMPARE(store.cursor(), QStringLiteral("20"));
        QCOMPARE(store.honouredReset(), QStringLiteral("57"));
        // The last page removes "new" (changed after the first page) and lists nothing else.
        QVERIFY(store.applyPage({}, { QStringLiteral("new") }, QStringLiteral("58")));
        QSignalSpy changed(&store, &DeltaStore::changed);
        QVERIFY(store.finishReset());
        QCOMPARE(store.ids(), QStringList { QStringLiteral("berlin") });
        QVERIFY(!store.isResetting());
        QCOMPARE(store.honouredReset(), QStringLiteral("57")); // kept: sent with every request
        QCOMPARE(store.cursor(), QStringLiteral("58"));
        QCOMPARE(changed.size(), 1);

        // A sweep with nothing stale deletes nothing and says nothing changed.
        QVERIFY(store.beginReset(QStringLiteral("60")));
        QVERIFY(store.applyPage({ QStringLiteral("berlin") }, {}, QStringLiteral("61")));
        changed.clear();
        QVERIFY(store.finishReset());
        QCOMPARE(store.ids(), QStringList { QStringLiteral("berlin") });
        QVERIFY(changed.isEmpty());

        // A store without an objects table: a reset only starts the sync over.
        NoteStore notes(newDatabase(), "test_cursors", QStringLiteral("notes"));
        QVERIFY(notes.applyPage({ QStringLiteral("a") }, QStringLiteral("5")));
        QVERIFY(notes.beginReset(QStringLiteral("9")));
        QVERIFY(notes.cursor().isEmpty());
        QVERIFY(notes.finishReset());
        QCOMPARE(notes.notes(), QStringList { QStringLiteral("a") });

        // Without a database nothing is reset.
        store.setDatabase(nullptr);
        QVERIFY(!store.beginReset(QStringLiteral("70")));
        QVERIFY(!store.finishReset());
        QVERIFY(store.honouredReset().isEmpty());
    }

    void withoutADatabase()
    {
        NoteStore store(newDatabase(), "test_cursors", QStringLiteral("notes"));
        QVERIFY(store.applyPage({ QStringLiteral("a") }, QStringLiteral("5")));
        QSignalSpy changed(&store, &DeltaStore::changed);

        store.setDatabase(nullptr);
        QCOMPARE(changed.size(), 1); // the database went
        QVERIFY(!store.hasDatabase());
        QVERIFY(store.cursor().isEmpty());
        QVERIFY(!store.applyPage({ QStringLiteral("b") }, QStringLiteral("6")));
        store.setDatabase(nullptr);
        QCOMPARE(changed.size(), 1); // no change, no signal
    }
};

QTEST_GUILESS_MAIN(TestDeltaStore)
#include "tst_deltastore.moc"
