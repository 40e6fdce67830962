// The encrypted local database with its key in the real Secret Service (gnome-keyring in the
// private D-Bus session that scripts/with-keyring.sh starts), through KeychainSecretStore:
// create, restart with new objects, reopen with the key from the keyring; a lost key; reset;
// and a process that cannot reach any keyring leaves the database untouched.
#include "base/futurewatch.h"
#include "storage/database.h"
#include "storage/keychainsecretstore.h"
#include "storage/localdatabase.h"

#include <QCoreApplication>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QUuid>

#include <cstdio>

using namespace tessera;

namespace {

template<typename T>
T waitFor(QFuture<T> future)
{
    if (!QTest::qWaitFor([&] { return future.isFinished(); }, 60000))
        qFatal("no answer from the secure store within 60 s");
    return future.result();
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

constexpr char childFlag[] = "--open-child";
constexpr char marker[] = "TESSERA-KEYRING-MARKER-51c2";

// The child mode: openOrCreate(PATH) with the keyring of SERVICE in a fresh process (the
// parent gives it a D-Bus address that leads nowhere); prints the outcome's name.
int runChild(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() != 4)
        return 2;
    KeychainSecretStore store(args.at(3));
    LocalDatabase local(store);
    whenFinished(&app, local.openOrCreate(args.at(2)), [](const LocalDatabaseResult &result) {
        std::printf("%s\n", qPrintable(outcomeName(result.outcome)));
        std::fflush(stdout);
        QCoreApplication::exit(0);
    });
    QTimer::singleShot(90000, &app, [] { QCoreApplication::exit(3); });
    return app.exec();
}

} // namespace

class TestDatabaseKeyring : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    const QString m_service =
        QStringLiteral("tessera-test-db-%1").arg(QUuid::createUuid().toString(QUuid::Id128));

    SecretResult readKey(const QString &service)
    {
        KeychainSecretStore store(service);
        return waitFor(store.read(DatabaseKeyProvider::defaultSecretName()));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY2(!qEnvironmentVariable("DBUS_SESSION_BUS_ADDRESS").isEmpty(),
            "no D-Bus session: run the tests through scripts/with-keyring.sh (or "
            "scripts/test.sh), which starts a private D-Bus session with an unlocked "
            "gnome-keyring");
    }

    void createRestartReopen()
    {
        const QString path = m_dir.filePath(QStringLiteral("data/tessera.db"));
        QCOMPARE(readKey(m_service).outcome, SecretOutcome::NotFound);
        {
            KeychainSecretStore store(m_service);
            LocalDatabase local(store);
            LocalDatabaseResult created = waitFor(local.openOrCreate(path));
            QVERIFY2(created.ok(), qPrintable(created.detail));
            QVERIFY(created.created);
            SqlStatement insert = created.database->prepare(
                "INSERT INTO settings (name, value) VALUES ('marker', ?1)");
            insert.bindText(1, QString::fromLatin1(marker));
            QVERIFY(insert.exec());
        }
        const SecretResult stored = readKey(m_service);
        QCOMPARE(stored.outcome, SecretOutcome::Ok);
        QCOMPARE(stored.value.size(), 32);
        QVERIFY(!readAll(path).contains(marker));

        // As after an app restart: new store, new objects; the key comes from the keyring.
        {
            KeychainSecretStore store(m_service);
            LocalDatabase local(store);
            LocalDatabaseResult reopened = waitFor(local.openOrCreate(path));
            QVERIFY2(reopened.ok(), qPrintable(reopened.detail));
            QVERIFY(!reopened.created);
            SqlStatement select =
                reopened.database->prepare("SELECT value FROM settings WHERE name = 'marker'");
            QCOMPARE(select.step(), SqlStatement::Step::Row);
            QCOMPARE(select.columnText(0), QString::fromLatin1(marker));
        }
        QCOMPARE(readKey(m_service).value, stored.value); // not replaced

        // The raw key in the keyring opens the file directly.
        DatabaseOpenResult direct = Database::open(path, stored.value);
        QVERIFY2(direct.ok(), qPrintable(direct.detail));
    }

    void keyLostInTheKeyringIsNotRegenerated()
    {
        const QString path = m_dir.filePath(QStringLiteral("lost/tessera.db"));
        {
            KeychainSecretStore store(m_service + QStringLiteral("-lost"));
            LocalDatabase local(store);
            QVERIFY(waitFor(local.openOrCreate(path)).ok());
        }
        const QByteArray before = readAll(path);
        QVERIFY(!before.isEmpty());

        // Another keyring entry (as after the keyring was reset): no key for this file.
        const QString otherService = m_service + QStringLiteral("-empty");
        KeychainSecretStore store(otherService);
        LocalDatabase local(store);
        const LocalDatabaseResult lost = waitFor(local.openOrCreate(path));
        QCOMPARE(lost.outcome, LocalDatabaseOutcome::KeyLost);
        QVERIFY(lost.needsReset());
        QCOMPARE(readKey(otherService).outcome, SecretOutcome::NotFound); // nothing written
        QCOMPARE(readAll(path), before);

        // Clean up the first entry through reset: files and key gone.
        KeychainSecretStore first(m_service + QStringLiteral("-lost"));
        LocalDatabase firstLocal(first);
        const LocalDatabaseResetResult reset = waitFor(firstLocal.reset(path));
        QVERIFY2(reset.ok, qPrintable(reset.message));
        QVERIFY(!QFile::exists(path));
        QCOMPARE(readKey(m_service + QStringLiteral("-lost")).outcome, SecretOutcome::NotFound);
    }

    void noKeyringLeavesTheDatabaseUntouched()
    {
        const QString path = m_dir.filePath(QStringLiteral("data/tessera.db"));
        QVERIFY2(QFile::exists(path), "createRestartReopen makes this database");
        const QByteArray before = readAll(path);
        const SecretResult key = readKey(m_service);
        QCOMPARE(key.outcome, SecretOutcome::Ok);

        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"),
            QStringLiteral("unix:path=/nonexistent/tessera-test-bus"));
        QProcess child;
        child.setProcessEnvironment(environment);
        child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        child.start(QCoreApplication::applicationFilePath(),
            { QString::fromLatin1(childFlag), path, m_service });
        QVERIFY(child.waitForFinished(120000));
        QCOMPARE(child.exitCode(), 0);
        const QByteArray output = child.readAllStandardOutput().trimmed();
        QCOMPARE(output.split('\n').constLast(), QByteArrayLiteral("key unavailable"));

        QCOMPARE(readAll(path), before);
        QCOMPARE(readKey(m_service).value, key.value);

        // Same with no database yet: no file and no key appear.
        const QString fresh = m_dir.filePath(QStringLiteral("fresh/tessera.db"));
        const QString freshService = m_service + QStringLiteral("-fresh");
        child.start(QCoreApplication::applicationFilePath(),
            { QString::fromLatin1(childFlag), fresh, freshService });
        QVERIFY(child.waitForFinished(120000));
        QCOMPARE(child.readAllStandardOutput().trimmed().split('\n').constLast(),
            QByteArrayLiteral("key unavailable"));
        QVERIFY(!QFile::exists(fresh));
        QCOMPARE(readKey(freshService).outcome, SecretOutcome::NotFound);
    }

    void cleanupTestCase()
    {
        KeychainSecretStore store(m_service);
        waitFor(store.remove(DatabaseKeyProvider::defaultSecretName()));
    }
};

int main(int argc, char *argv[])
{
    if (argc > 1 && qstrcmp(argv[1], childFlag) == 0)
        return runChild(argc, argv);
    QCoreApplication app(argc, argv);
    TestDatabaseKeyring test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_database_keyring.moc"
