// Database: SQLCipher files on disk in a temporary folder — encryption, wrong keys, newer
// schemas, migrations, transactions, typed binding, wipe.
#include "storage/clientmigrations.h"
#include "storage/database.h"
#include "storage/sqltransaction.h"

#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <limits>

using namespace tessera;

namespace {

// Every message logged while the tests run, to prove that no key material reaches the log.
QStringList &capturedLog()
{
    static QStringList log;
    return log;
}
QtMessageHandler previousHandler = nullptr;

void captureMessage(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    capturedLog().append(message);
    if (previousHandler)
        previousHandler(type, context, message);
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

constexpr char plaintextMarker[] = "TESSERA-PLAINTEXT-MARKER-7f3a9c";

} // namespace

class TestDatabase : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    QString dbPath(const QString &name) const { return m_dir.filePath(name); }

    static bool putSetting(Database &db, const QString &name, const QString &value)
    {
        SqlStatement insert =
            db.prepare("INSERT OR REPLACE INTO settings (name, value) VALUES (?1, ?2)");
        insert.bindText(1, name);
        insert.bindText(2, value);
        return insert.exec();
    }

    static QString setting(Database &db, const QString &name)
    {
        SqlStatement select = db.prepare("SELECT value FROM settings WHERE name = ?1");
        select.bindText(1, name);
        if (select.step() != SqlStatement::Step::Row)
            return QStringLiteral("<none>");
        return select.columnText(0);
    }

    // Neither the raw key (hex, either case, or base64) nor the SQL key literal was logged.
    static void verifyKeyNotLogged(const QByteArray &key)
    {
        const QString hex = QString::fromLatin1(key.toHex());
        const QString base64 = QString::fromLatin1(key.toBase64());
        for (const QString &line : capturedLog()) {
            QVERIFY2(!line.contains(hex, Qt::CaseInsensitive), qPrintable(line));
            QVERIFY2(!line.contains(base64), qPrintable(line));
        }
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        previousHandler = qInstallMessageHandler(captureMessage);
    }

    void cleanupTestCase() { qInstallMessageHandler(previousHandler); }

    void createWriteReopen()
    {
        const QString path = dbPath(QStringLiteral("reopen.db"));
        const QByteArray key = Database::newKey();
        {
            DatabaseOpenResult created = Database::open(path, key);
            QVERIFY2(created.ok(), qPrintable(created.detail));
            QVERIFY(created.created);
            QVERIFY(created.database);
            QCOMPARE(created.schemaVersion, clientMigrations().constLast().version);
            QVERIFY(putSetting(
                *created.database, QStringLiteral("greeting"), QStringLiteral("hello, Grüße")));

            SqlStatement profile = created.database->prepare(
                "INSERT OR REPLACE INTO profile (id, kind, employeeId, displayName, email, "
                "department, userType, geo, roles, updatedAt) "
                "VALUES (:id, 'ad', :employeeId, :name, :email, :department, 'employee', :geo, "
                ":roles, :updatedAt)");
            QVERIFY2(profile.isValid(), qPrintable(profile.error().message));
            profile.bindText(profile.parameterIndex(":id"), QStringLiteral("E1001"));
            profile.bindText(profile.parameterIndex(":employeeId"), QStringLiteral("E1001"));
            profile.bindText(profile.parameterIndex(":name"), QStringLiteral("Asha Rao"));
            profile.bindText(profile.parameterIndex(":email"), QStringLiteral("asha@example.com"));
            profile.bindText(profile.parameterIndex(":department"), QStringLiteral("Finance"));
            profile.bindNull(profile.parameterIndex(":geo"));
            profile.bindText(profile.parameterIndex(":roles"), QStringLiteral("[\"manager\"]"));
            profile.bindText(
                profile.parameterIndex(":updatedAt"), QStringLiteral("2026-11-29T10:42:00Z"));
            QVERIFY2(profile.exec(), qPrintable(profile.error().message));
        }
        QVERIFY(QFile::exists(path));

        DatabaseOpenResult again = Database::open(path, key);
        QVERIFY2(again.ok(), qPrintable(again.detail));
        QVERIFY(!again.created);
        QCOMPARE(
            setting(*again.database, QStringLiteral("greeting")), QStringLiteral("hello, Grüße"));
        SqlStatement select =
            again.database->prepare("SELECT id, displayName, geo, roles FROM profile");
        QCOMPARE(select.step(), SqlStatement::Step::Row);
        QCOMPARE(select.columnText(0), QStringLiteral("E1001"));
        QCOMPARE(select.columnText(1), QStringLiteral("Asha Rao"));
        QVERIFY(select.isNull(2));
        QCOMPARE(select.columnText(3), QStringLiteral("[\"manager\"]"));
        QCOMPARE(select.step(), SqlStatement::Step::Done);

        // One profile row only.
        SqlStatement second = again.database->prepare(
            "INSERT INTO profile (slot, id, kind, userType, updatedAt) VALUES (2, 'x', 'local', "
            "'non_employee', 'now')");
        QVERIFY(!second.exec());
        QCOMPARE(second.error().code, 19); // SQLITE_CONSTRAINT

        // WAL and foreign keys are on.
        SqlStatement journal = again.database->prepare("PRAGMA journal_mode");
        QCOMPARE(journal.step(), SqlStatement::Step::Row);
        QCOMPARE(journal.columnText(0), QStringLiteral("wal"));
        SqlStatement foreignKeys = again.database->prepare("PRAGMA foreign_keys");
        QCOMPARE(foreignKeys.step(), SqlStatement::Step::Row);
        QCOMPARE(foreignKeys.columnInt64(0), 1);
        // The page cache and checkpoint settings are pinned (SQLite's defaults); SQLCipher's
        // HMAC stays on and the temporary store in memory.
        const auto pragma = [&again](const char *sql) {
            return again.database->pragmaValue(sql).value_or(-12345);
        };
        QCOMPARE(pragma("PRAGMA cache_size"), -qint64(Database::cacheKiB));
        QCOMPARE(pragma("PRAGMA wal_autocheckpoint"), qint64(Database::walCheckpointPages));
        QCOMPARE(pragma("PRAGMA journal_size_limit"), Database::walSizeLimitBytes);
        QCOMPARE(pragma("PRAGMA cipher_use_hmac"), qint64(1));
        QCOMPARE(pragma("PRAGMA temp_store"), qint64(2));
        QVERIFY(!again.database->pragmaValue("PRAGMA no_such_thing = (").has_value());
        verifyKeyNotLogged(key);
    }

    void wrongKeyIsRefusedAndTheFileIsUnchanged()
    {
        const QString path = dbPath(QStringLiteral("wrongkey.db"));
        const QByteArray key = Database::newKey();
        {
            DatabaseOpenResult created = Database::open(path, key);
            QVERIFY(created.ok());
            QVERIFY(putSetting(*created.database, QStringLiteral("a"), QStringLiteral("b")));
        }
        const QByteArray before = readAll(path);
        const QStringList filesBefore = QDir(m_dir.path()).entryList(QDir::Files);
        QVERIFY(!before.isEmpty());

        const QByteArray otherKey = Database::newKey();
        const DatabaseOpenResult wrong = Database::open(path, otherKey);
        QCOMPARE(wrong.outcome, DatabaseOutcome::WrongKey);
        QVERIFY(!wrong.database);
        QVERIFY(!wrong.message.isEmpty());
        QVERIFY(wrong.message.contains(QStringLiteral("Nothing was deleted")));
        QVERIFY(wrong.detail.contains(QStringLiteral("code 26"))); // SQLITE_NOTADB

        QCOMPARE(readAll(path).size(), before.size());
        QCOMPARE(readAll(path), before);
        QCOMPARE(QDir(m_dir.path()).entryList(QDir::Files), filesBefore);

        // The right key still opens it.
        DatabaseOpenResult right = Database::open(path, key);
        QVERIFY2(right.ok(), qPrintable(right.detail));
        QCOMPARE(setting(*right.database, QStringLiteral("a")), QStringLiteral("b"));
        verifyKeyNotLogged(key);
        verifyKeyNotLogged(otherKey);
    }

    void keyOfWrongLengthCreatesNothing()
    {
        const QString path = dbPath(QStringLiteral("shortkey.db"));
        const DatabaseOpenResult result = Database::open(path, QByteArray(16, 'k'));
        QCOMPARE(result.outcome, DatabaseOutcome::WrongKey);
        QVERIFY(!QFile::exists(path));
    }

    void notADatabaseIsRefusedAndKept()
    {
        const QString path = dbPath(QStringLiteral("garbage.db"));
        QByteArray garbage(8192, Qt::Uninitialized);
        QRandomGenerator::global()->generate(reinterpret_cast<quint32 *>(garbage.data()),
            reinterpret_cast<quint32 *>(garbage.data() + garbage.size()));
        QVERIFY(writeFile(path, garbage));
        const DatabaseOpenResult result = Database::open(path, Database::newKey());
        QCOMPARE(result.outcome, DatabaseOutcome::WrongKey);
        QCOMPARE(readAll(path), garbage);
    }

    void fileOnDiskIsEncrypted()
    {
        const QString path = dbPath(QStringLiteral("encrypted.db"));
        const QByteArray key = Database::newKey();
        const QString marker = QString::fromLatin1(plaintextMarker);
        {
            DatabaseOpenResult created = Database::open(path, key);
            QVERIFY(created.ok());
            QVERIFY(putSetting(*created.database, QStringLiteral("marker"), marker));
            SqlStatement blob =
                created.database->prepare("INSERT INTO settings (name, value) VALUES ('b', ?1)");
            blob.bindBlob(1, QByteArray(plaintextMarker) + QByteArray(5000, 'z'));
            QVERIFY(blob.exec());
            // While open, the committed pages sit in the WAL: encrypted as well.
            for (const QString &file : Database::files(path)) {
                const QByteArray bytes = readAll(file);
                QVERIFY2(!bytes.contains(plaintextMarker), qPrintable(file));
                QVERIFY(!bytes.contains(QByteArray(200, 'z')));
            }
        }
        const QByteArray bytes = readAll(path);
        QVERIFY(bytes.size() > 0);
        QVERIFY(!bytes.contains(plaintextMarker));
        QVERIFY(!bytes.contains(QByteArray(200, 'z')));
        QVERIFY(!bytes.startsWith("SQLite format 3"));
        QVERIFY(!bytes.contains("CREATE TABLE"));
        QCOMPARE(bytes.size() % 4096, 0); // cipher_page_size 4096

        DatabaseOpenResult again = Database::open(path, key);
        QVERIFY(again.ok());
        QCOMPARE(setting(*again.database, QStringLiteral("marker")), marker);
    }

    void newerSchemaIsRefusedAndNeverWiped()
    {
        const QString path = dbPath(QStringLiteral("newer.db"));
        const QByteArray key = Database::newKey();
        {
            DatabaseOpenResult created = Database::open(path, key);
            QVERIFY(created.ok());
            QVERIFY(putSetting(*created.database, QStringLiteral("keep"), QStringLiteral("me")));
            QVERIFY(created.database->exec("PRAGMA user_version = 99"));
        }
        const QByteArray before = readAll(path);
        const QStringList filesBefore = QDir(m_dir.path()).entryList(QDir::Files);

        const DatabaseOpenResult newer = Database::open(path, key);
        QCOMPARE(newer.outcome, DatabaseOutcome::NewerSchema);
        QVERIFY(!newer.database);
        QCOMPARE(newer.schemaVersion, 99);
        QVERIFY2(
            newer.message.contains(QStringLiteral("written by a newer Tessera; update the app")),
            qPrintable(newer.message));
        QCOMPARE(readAll(path), before);
        QCOMPARE(QDir(m_dir.path()).entryList(QDir::Files), filesBefore);

        // With migrations up to 99 it opens, data intact.
        QList<Migration> upTo99 = clientMigrations();
        while (upTo99.size() < 99)
            upTo99.append(Migration { int(upTo99.size() + 1), QStringLiteral("future"),
                [](Database &) { return true; } });
        DatabaseOpenResult newerBuild = Database::open(path, key, upTo99);
        QVERIFY2(newerBuild.ok(), qPrintable(newerBuild.detail));
        QCOMPARE(setting(*newerBuild.database, QStringLiteral("keep")), QStringLiteral("me"));
    }

    void corruptSchemaIsCorrupt()
    {
        const QString path = dbPath(QStringLiteral("corrupt.db"));
        const QByteArray key = Database::newKey();
        {
            DatabaseOpenResult created = Database::open(path, key);
            QVERIFY(created.ok());
            QVERIFY(created.database->exec(
                "PRAGMA writable_schema = ON;"
                "UPDATE sqlite_master SET sql = 'CREATE TABLE settings (' WHERE name = 'settings';"
                "PRAGMA writable_schema = OFF;"));
        }
        const QByteArray before = readAll(path);
        const DatabaseOpenResult result = Database::open(path, key);
        QCOMPARE(result.outcome, DatabaseOutcome::Corrupt);
        QVERIFY(!result.database);
        QCOMPARE(readAll(path), before);
    }

    void unusableFolderIsAnIoError()
    {
        const QString notAFolder = dbPath(QStringLiteral("plain-file"));
        QVERIFY(writeFile(notAFolder, "x"));
        const DatabaseOpenResult result =
            Database::open(notAFolder + QStringLiteral("/sub/x.db"), Database::newKey());
        QCOMPARE(result.outcome, DatabaseOutcome::IoError);
        QVERIFY(!result.message.isEmpty());
    }

    void migrationsRunOnceAndInOrder()
    {
        const QString path = dbPath(QStringLiteral("migrations.db"));
        const QByteArray key = Database::newKey();
        QList<int> ran;
        const auto step = [&ran](int version, QByteArray sql) {
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

    void wipeRemovesAllThreeFiles()
    {
        const QString path = dbPath(QStringLiteral("wipe.db"));
        {
            DatabaseOpenResult opened = Database::open(path, Database::newKey());
            QVERIFY(opened.ok());
            QVERIFY(putSetting(*opened.database, QStringLiteral("x"), QStringLiteral("y")));
            // An open WAL database has all three files.
            for (const QString &file : Database::files(path))
                QVERIFY2(QFile::exists(file), qPrintable(file));
        }
        // Whatever the close left behind, and a stale WAL as after a crash.
        for (const QString &file : Database::files(path)) {
            if (!QFile::exists(file))
                QVERIFY(writeFile(file, "stale"));
        }
        QVERIFY(Database::wipe(path));
        for (const QString &file : Database::files(path))
            QVERIFY2(!QFile::exists(file), qPrintable(file));
        // Nothing to wipe is success.
        QVERIFY(Database::wipe(path));
    }

    void staleCompanionsOfAMissingFileAreNotReplayed()
    {
        const QString path = dbPath(QStringLiteral("stale.db"));
        const QString wal = path + QStringLiteral("-wal");
        QVERIFY(writeFile(wal, QByteArray(4096, 'w')));
        DatabaseOpenResult opened = Database::open(path, Database::newKey());
        QVERIFY2(opened.ok(), qPrintable(opened.detail));
        QVERIFY(opened.created);
        QVERIFY(!readAll(wal).contains(QByteArray(4096, 'w')));
    }
};

QTEST_GUILESS_MAIN(TestDatabase)
#include "tst_database.moc"
