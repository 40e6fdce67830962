// Database: SQLCipher files on disk in a temporary folder — encryption, wrong keys, keys of the
// wrong length, files that are not databases, newer and corrupt schemas, unusable folders, wipe.
#include "databasefixture.h"

using namespace tessera;
using namespace tessera::test;

class TestDatabase : public QObject, protected DatabaseFixture
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { startParts(); }
    void cleanupTestCase() { stopParts(); }

    void createWriteReopen()
    {
        const QString path = dbPath(QStringLiteral("reopen.db"));
        const QByteArray key = Database::newKey();
        {
            DatabaseOpenResult created = Database::open(path, key);
            QVERIFY2(created.ok(), qPrintable(created.detail));
            QVERIFY(created.created);
            QVERIFY(created.database);
            QCOMPARE(created.schemaVersion, baseMigrations().constLast().version);
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
        QList<Migration> upTo99 = baseMigrations();
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
