// Database: the schema and statements on SQLCipher files in a temporary folder — migrations run
// once and in order, foreign keys kept consistent, transactions rolled back on scope exit, typed
// binding of every type.
#include "databasefixture.h"
#include "storage/databaseschema.h"

using namespace tessera;
using namespace tessera::test;

class TestDatabaseSchema : public QObject, protected DatabaseFixture
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { startParts(); }
    void cleanupTestCase() { stopParts(); }

    void migrationsRunOnceAndInOrder()
    {
        const QString path = dbPath(QStringLiteral("migrations.db"));
        const QByteArray key = Database::newKey();
        QList<int> ran;
        const auto step = [&ran](int version, const QByteArray &sql) {
            return Migration { version, QStringLiteral("step %1").arg(version),
                [&ran, version, sql](Database &db) {
                    ran.append(version);
                    return db.exec(sql);
                } };
        };
        QList<Migration> migrations {
            step(1, "CREATE TABLE log (n INTEGER NOT NULL); INSERT INTO log VALUES (1);"),
            step(2, "INSERT INTO log VALUES (2);"),
        };
        {
            DatabaseOpenResult first = Database::open(path, key, migrations);
            QVERIFY2(first.ok(), qPrintable(first.detail));
            QCOMPARE(first.schemaVersion, 2);
        }
        QCOMPARE(ran, (QList<int> { 1, 2 }));

        {
            DatabaseOpenResult second = Database::open(path, key, migrations);
            QVERIFY(second.ok());
        }
        QCOMPARE(ran, (QList<int> { 1, 2 })); // nothing ran again

        migrations.append(step(3, "INSERT INTO log VALUES (3);"));
        {
            DatabaseOpenResult third = Database::open(path, key, migrations);
            QVERIFY(third.ok());
            QCOMPARE(third.schemaVersion, 3);
        }
        QCOMPARE(ran, (QList<int> { 1, 2, 3 }));

        // A failing migration is rolled back as a whole; the version stays.
        migrations.append(step(4,
            "CREATE TABLE half (x); INSERT INTO log VALUES (4); INSERT INTO nowhere VALUES (1);"));
        {
            const DatabaseOpenResult failed = Database::open(path, key, migrations);
            QCOMPARE(failed.outcome, DatabaseOutcome::MigrationFailed);
            QVERIFY(failed.detail.contains(QStringLiteral("nowhere")));
        }
        migrations.removeLast();
        DatabaseOpenResult after = Database::open(path, key, migrations);
        QVERIFY(after.ok());
        QCOMPARE(after.database->schemaVersion(), 3);
        SqlStatement log = after.database->prepare("SELECT group_concat(n) FROM log");
        QCOMPARE(log.step(), SqlStatement::Step::Row);
        QCOMPARE(log.columnText(0), QStringLiteral("1,2,3"));
        SqlStatement half =
            after.database->prepare("SELECT count(*) FROM sqlite_master WHERE name = 'half'");
        QCOMPARE(half.step(), SqlStatement::Step::Row);
        QCOMPARE(half.columnInt64(0), 0);

        // Versions must be 1, 2, 3...
        const QList<Migration> gap { step(1, "SELECT 1"), step(3, "SELECT 1") };
        QCOMPARE(Database::open(dbPath(QStringLiteral("gap.db")), key, gap).outcome,
            DatabaseOutcome::MigrationFailed);
    }

    // Each feature's own list: recorded per feature, applied once and only the new steps later,
    // independent of the others; a feature newer than this build knows (or one it does not know
    // at all) is refused before anything is written.
    void featureMigrationsArePerFeature()
    {
        const QString path = dbPath(QStringLiteral("features.db"));
        const QByteArray key = Database::newKey();
        QStringList ran;
        const auto step = [&ran](const QString &feature, int version, const QByteArray &sql) {
            return Migration { version, QStringLiteral("%1 step %2").arg(feature).arg(version),
                [&ran, feature, version, sql](Database &db) {
                    ran.append(QStringLiteral("%1 %2").arg(feature).arg(version));
                    return db.exec(sql);
                } };
        };
        const QList<Migration> base { step(
            QStringLiteral("base"), 1, "CREATE TABLE people (id TEXT PRIMARY KEY);") };
        const QList<Migration> alpha {
            step(QStringLiteral("alpha"), 1,
                "CREATE TABLE alpha (id INTEGER PRIMARY KEY, person TEXT REFERENCES people(id));"),
            step(QStringLiteral("alpha"), 2, "ALTER TABLE alpha ADD COLUMN tag TEXT;"),
        };
        const QList<Migration> beta {
            step(QStringLiteral("beta"), 1, "CREATE TABLE beta (name TEXT);"),
            step(QStringLiteral("beta"), 2,
                "INSERT INTO beta VALUES ('x'); INSERT INTO nowhere VALUES (1);"),
        };
        const auto schema = [&](int alphaSteps, int betaSteps) {
            DatabaseSchema result;
            result.add(DatabaseSchema::baseFeature(), base);
            if (alphaSteps > 0)
                result.add(QStringLiteral("alpha"), alpha.mid(0, alphaSteps));
            if (betaSteps > 0)
                result.add(QStringLiteral("beta"), beta.mid(0, betaSteps));
            return result;
        };
        {
            DatabaseOpenResult first = Database::open(path, key, schema(1, 0));
            QVERIFY2(first.ok(), qPrintable(first.detail));
            QCOMPARE(first.schemaVersion, 1);
            QCOMPARE(
                first.featureVersions, (QMap<QString, int> { { QStringLiteral("alpha"), 1 } }));
            QVERIFY(first.database->exec("INSERT INTO alpha (id) VALUES (7)"));
        }
        QCOMPARE(ran, QStringList({ QStringLiteral("base 1"), QStringLiteral("alpha 1") }));
        {
            DatabaseOpenResult again = Database::open(path, key, schema(2, 1));
            QVERIFY2(again.ok(), qPrintable(again.detail));
            const QMap<QString, int> expected { { QStringLiteral("alpha"), 2 },
                { QStringLiteral("beta"), 1 } };
            QCOMPARE(again.featureVersions, expected);
            SqlStatement kept = again.database->prepare("SELECT count(*) FROM alpha WHERE id = 7");
            QCOMPARE(kept.step(), SqlStatement::Step::Row);
            QCOMPARE(kept.columnInt64(0), 1);
        }
        QCOMPARE(ran,
            QStringList({ QStringLiteral("base 1"), QStringLiteral("alpha 1"),
                QStringLiteral("alpha 2"), QStringLiteral("beta 1") }));

        // beta's failing step rolls back alone; alpha and base stay as they were.
        ran.clear();
        {
            const DatabaseOpenResult failed = Database::open(path, key, schema(2, 2));
            QCOMPARE(failed.outcome, DatabaseOutcome::MigrationFailed);
            QVERIFY2(failed.detail.contains(QStringLiteral("beta 2")), qPrintable(failed.detail));
        }
        QCOMPARE(ran, QStringList({ QStringLiteral("beta 2") }));

        // An older build: alpha at 2 is newer than it knows; a build without alpha does not know
        // it at all. Refused, the files untouched.
        const QByteArray before = readAll(path);
        for (const DatabaseSchema &older : { schema(1, 1), schema(0, 1) }) {
            const DatabaseOpenResult newer = Database::open(path, key, older);
            QCOMPARE(newer.outcome, DatabaseOutcome::NewerSchema);
            QVERIFY(!newer.database);
            QVERIFY2(newer.detail.contains(QStringLiteral("feature alpha at version 2")),
                qPrintable(newer.detail));
            QVERIFY2(
                newer.message.contains(QStringLiteral("newer Tessera")), qPrintable(newer.message));
            QCOMPARE(readAll(path), before);
        }
        DatabaseOpenResult after = Database::open(path, key, schema(2, 1));
        QVERIFY2(after.ok(), qPrintable(after.detail));
        SqlStatement beta1 = after.database->prepare("SELECT count(*) FROM beta");
        QCOMPARE(beta1.step(), SqlStatement::Step::Row);
        QCOMPARE(beta1.columnInt64(0), 0);

        // The schema's shape: base first, each feature once, numbered from 1.
        QCOMPARE(Database::open(dbPath(QStringLiteral("nobase.db")), key,
                     DatabaseSchema().add(QStringLiteral("alpha"), alpha))
                     .outcome,
            DatabaseOutcome::MigrationFailed);
        QCOMPARE(Database::open(dbPath(QStringLiteral("twice.db")), key,
                     schema(1, 0).add(QStringLiteral("alpha"), alpha))
                     .outcome,
            DatabaseOutcome::MigrationFailed);
        QCOMPARE(Database::open(dbPath(QStringLiteral("gapped.db")), key,
                     DatabaseSchema::base().add(QStringLiteral("beta"), beta.mid(1)))
                     .outcome,
            DatabaseOutcome::MigrationFailed);
    }

    void migrationsKeepForeignKeysConsistent()
    {
        const QString path = dbPath(QStringLiteral("fk.db"));
        const QByteArray key = Database::newKey();
        QList<Migration> migrations {
            Migration::fromSql(1, QStringLiteral("parent and child"),
                "CREATE TABLE parent (id INTEGER PRIMARY KEY);"
                "CREATE TABLE child (id INTEGER PRIMARY KEY, "
                "  parent INTEGER NOT NULL REFERENCES parent(id));"
                "INSERT INTO parent VALUES (1); INSERT INTO child VALUES (1, 1);"),
            // The rebuild procedure: works with foreign keys off during migrations.
            Migration::fromSql(2, QStringLiteral("rebuild parent"),
                "CREATE TABLE parent_new (id INTEGER PRIMARY KEY, name TEXT);"
                "INSERT INTO parent_new (id) SELECT id FROM parent;"
                "DROP TABLE parent; ALTER TABLE parent_new RENAME TO parent;"),
        };
        {
            DatabaseOpenResult opened = Database::open(path, key, migrations);
            QVERIFY2(opened.ok(), qPrintable(opened.detail));
            // Foreign keys are enforced outside migrations.
            QVERIFY(!opened.database->exec("INSERT INTO child VALUES (2, 42)"));
        }
        // A migration that leaves a dangling reference fails.
        migrations.append(
            Migration::fromSql(3, QStringLiteral("dangling"), "INSERT INTO child VALUES (3, 99);"));
        QCOMPARE(Database::open(path, key, migrations).outcome, DatabaseOutcome::MigrationFailed);
    }

    void transactionsRollBackOnScopeExit()
    {
        DatabaseOpenResult opened =
            Database::open(dbPath(QStringLiteral("transactions.db")), Database::newKey());
        QVERIFY(opened.ok());
        Database &db = *opened.database;
        {
            SqlTransaction transaction(db);
            QVERIFY(transaction.isActive());
            QVERIFY(putSetting(db, QStringLiteral("dropped"), QStringLiteral("1")));
            QCOMPARE(setting(db, QStringLiteral("dropped")), QStringLiteral("1"));
        }
        QCOMPARE(setting(db, QStringLiteral("dropped")), QStringLiteral("<none>"));
        {
            SqlTransaction transaction(db);
            QVERIFY(putSetting(db, QStringLiteral("kept"), QStringLiteral("1")));
            QVERIFY(transaction.commit());
            QVERIFY(!transaction.isActive());
        }
        QCOMPARE(setting(db, QStringLiteral("kept")), QStringLiteral("1"));
        {
            SqlTransaction transaction(db);
            QVERIFY(putSetting(db, QStringLiteral("explicit"), QStringLiteral("1")));
            transaction.rollback();
            QVERIFY(!transaction.commit());
        }
        QCOMPARE(setting(db, QStringLiteral("explicit")), QStringLiteral("<none>"));
        // Not nestable: a second BEGIN fails and does not disturb the first.
        {
            SqlTransaction outer(db);
            SqlTransaction inner(db);
            QVERIFY(outer.isActive());
            QVERIFY(!inner.isActive());
            QVERIFY(inner.error().isError());
            QVERIFY(putSetting(db, QStringLiteral("outer"), QStringLiteral("1")));
            QVERIFY(outer.commit());
        }
        QCOMPARE(setting(db, QStringLiteral("outer")), QStringLiteral("1"));
    }

    void bindsAndReadsEveryType()
    {
        DatabaseOpenResult opened =
            Database::open(dbPath(QStringLiteral("types.db")), Database::newKey());
        QVERIFY(opened.ok());
        Database &db = *opened.database;
        QVERIFY(db.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, text TEXT, blob BLOB, "
                        "big INTEGER, real REAL, flag INTEGER, nothing)"));

        const QString text =
            QStringLiteral("Grüße, 東京, \U0001F600 and a quote ' \"; DROP TABLE t;");
        const QByteArray blob = QByteArray("\0a\0b\0\xff\x00", 7);
        SqlStatement insert = db.prepare(
            "INSERT INTO t (text, blob, big, real, flag, nothing) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
        QVERIFY(insert.isValid());
        insert.bindText(1, text);
        insert.bindBlob(2, blob);
        insert.bindInt64(3, std::numeric_limits<qint64>::max());
        insert.bindDouble(4, 3.25);
        insert.bindBool(5, true);
        insert.bindNull(6);
        QVERIFY2(insert.exec(), qPrintable(insert.error().message));
        const qint64 firstId = db.lastInsertRowId();
        QCOMPARE(db.changes(), 1);

        // Reused statement: empty text and empty blob are not NULL; false and min.
        insert.reset();
        insert.bindText(1, QString());
        insert.bindBlob(2, QByteArray());
        insert.bindInt64(3, std::numeric_limits<qint64>::min());
        insert.bindDouble(4, -0.5);
        insert.bindBool(5, false);
        insert.bindNull(6);
        QVERIFY(insert.exec());

        SqlStatement select = db.prepare("SELECT text, blob, big, real, flag, nothing, "
                                         "typeof(text), typeof(blob) FROM t ORDER BY id");
        QCOMPARE(select.columnCount(), 8);
        QCOMPARE(select.step(), SqlStatement::Step::Row);
        QCOMPARE(select.columnText(0), text);
        QCOMPARE(select.columnBlob(1), blob);
        QCOMPARE(select.columnBlob(1).size(), 7);
        QCOMPARE(select.columnInt64(2), std::numeric_limits<qint64>::max());
        QCOMPARE(select.columnDouble(3), 3.25);
        QCOMPARE(select.columnBool(4), true);
        QVERIFY(select.isNull(5));
        QVERIFY(select.columnText(5).isNull());
        QVERIFY(select.columnBlob(5).isNull());
        QCOMPARE(select.columnInt64(5), 0);
        QCOMPARE(select.columnText(6), QStringLiteral("text"));
        QCOMPARE(select.columnText(7), QStringLiteral("blob"));

        QCOMPARE(select.step(), SqlStatement::Step::Row);
        QVERIFY(!select.isNull(0));
        QVERIFY(!select.columnText(0).isNull());
        QVERIFY(select.columnText(0).isEmpty());
        QVERIFY(!select.isNull(1));
        QVERIFY(!select.columnBlob(1).isNull());
        QVERIFY(select.columnBlob(1).isEmpty());
        QCOMPARE(select.columnText(7), QStringLiteral("blob"));
        QCOMPARE(select.columnInt64(2), std::numeric_limits<qint64>::min());
        QCOMPARE(select.columnDouble(3), -0.5);
        QCOMPARE(select.columnBool(4), false);
        QCOMPARE(select.step(), SqlStatement::Step::Done);

        // A value is a value: the text above did not drop the table.
        SqlStatement byId = db.prepare("SELECT count(*) FROM t WHERE id = ?1");
        byId.bindInt64(1, firstId);
        QCOMPARE(byId.step(), SqlStatement::Step::Row);
        QCOMPARE(byId.columnInt64(0), 1);

        // A bind to a parameter that does not exist fails the step.
        SqlStatement outOfRange = db.prepare("SELECT ?1");
        outOfRange.bindInt64(2, 1);
        QCOMPARE(outOfRange.step(), SqlStatement::Step::Error);
        QCOMPARE(outOfRange.error().code, 25); // SQLITE_RANGE
        outOfRange.reset();
        outOfRange.bindInt64(1, 7);
        QCOMPARE(outOfRange.step(), SqlStatement::Step::Row);
        QCOMPARE(outOfRange.columnInt64(0), 7);

        // Bad SQL gives an invalid statement with SQLite's message.
        SqlStatement bad = db.prepare("SELEKT 1");
        QVERIFY(!bad.isValid());
        QVERIFY(bad.error().message.contains(QStringLiteral("syntax error")));
        QCOMPARE(bad.step(), SqlStatement::Step::Error);
        QVERIFY(!db.exec("NOT SQL"));
        QVERIFY(db.lastError().isError());

        // Statements move.
        SqlStatement moved = db.prepare("SELECT 42");
        SqlStatement target = std::move(moved);
        QVERIFY(!moved.isValid()); // NOLINT(bugprone-use-after-move): the moved-from state
        QCOMPARE(target.step(), SqlStatement::Step::Row);
        QCOMPARE(target.columnInt64(0), 42);
    }
};

QTEST_GUILESS_MAIN(TestDatabaseSchema)
#include "tst_database_schema.moc"
