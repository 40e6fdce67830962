// The database key through the secure store (MemorySecretStore): made only on a definite "not
// found" with no database file, used only after the write was confirmed, never regenerated on
// a failure; and LocalDatabase, which opens the database with it.
#include "storage/database.h"
#include "storage/databasekeyprovider.h"
#include "storage/localdatabase.h"
#include "storage/memorysecretstore.h"

#include <QDir>
#include <QFile>
#include <QPromise>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace tessera;

namespace {

const QString keyName = DatabaseKeyProvider::defaultSecretName();

// A memory store whose writes fail with a chosen outcome (reads work).
class WriteFailingStore : public MemorySecretStore
{
public:
    explicit WriteFailingStore(SecretOutcome failure)
        : m_writeFailure(failure)
    { }
    QFuture<SecretResult> write(const QString &, const QByteArray &) override
    {
        ++m_writes;
        return ready({ m_writeFailure, {}, QStringLiteral("simulated write failure") });
    }
    int writes() const { return m_writes; }

private:
    SecretOutcome m_writeFailure;
    int m_writes = 0;
};

// Answers later, from the event loop, as QtKeychain does: the flow must not rely on futures
// that are finished when returned.
class DelayedSecretStore : public SecretStore
{
public:
    explicit DelayedSecretStore(SecretStore &inner)
        : m_inner(inner)
    { }
    QFuture<SecretResult> read(const QString &key) override { return later(m_inner.read(key)); }
    QFuture<SecretResult> write(const QString &key, const QByteArray &value) override
    {
        ++m_writes;
        return later(m_inner.write(key, value));
    }
    QFuture<SecretResult> remove(const QString &key) override { return later(m_inner.remove(key)); }
    int writes() const { return m_writes; }

private:
    static QFuture<SecretResult> later(QFuture<SecretResult> answer)
    {
        auto promise = std::make_shared<QPromise<SecretResult>>();
        promise->start();
        QTimer::singleShot(10, [promise, answer]() mutable {
            promise->addResult(answer.result());
            promise->finish();
        });
        return promise->future();
    }

    SecretStore &m_inner;
    int m_writes = 0;
};

template<typename T>
T waitFor(QFuture<T> future)
{
    if (!QTest::qWaitFor([&] { return future.isFinished(); }, 10000))
        qFatal("future did not finish");
    return future.result();
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class TestDatabaseKey : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    int m_counter = 0;

    // A fresh database path per test.
    QString newPath() { return m_dir.filePath(QStringLiteral("db%1/tessera.db").arg(++m_counter)); }

    static QByteArray storedKey(MemorySecretStore &store)
    {
        const SecretResult read = store.read(keyName).result();
        return read.outcome == SecretOutcome::Ok ? read.value : QByteArray();
    }

    // Creates a database with its key in store; returns the file's bytes after closing.
    static QByteArray createDatabase(SecretStore &store, const QString &path)
    {
        LocalDatabase local(store);
        LocalDatabaseResult result = waitFor(local.openOrCreate(path));
        if (!result.ok())
            return {};
        SqlStatement insert =
            result.database->prepare("INSERT INTO settings (name, value) VALUES ('k', 'v')");
        if (!insert.exec())
            return {};
        insert = {};
        result.database.reset();
        return readAll(path);
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void firstRunGeneratesAndStoresTheKey()
    {
        MemorySecretStore store;
        const QString path = newPath();
        DatabaseKeyProvider keys(store);
        const DatabaseKeyResult result = waitFor(keys.obtain(path));
        QCOMPARE(result.outcome, DatabaseKeyOutcome::Created);
        QCOMPARE(result.key.size(), 32);
        QCOMPARE(store.size(), 1);
        QCOMPARE(storedKey(store), result.key);
        QVERIFY(!QFile::exists(path)); // the provider itself creates no file

        // A second run reads the same key and makes no other.
        const DatabaseKeyResult again = waitFor(keys.obtain(path));
        QCOMPARE(again.outcome, DatabaseKeyOutcome::Found);
        QCOMPARE(again.key, result.key);
        QCOMPARE(store.size(), 1);

        // Two fresh keys differ (random, not derived from anything).
        MemorySecretStore other;
        const DatabaseKeyResult otherKey = waitFor(DatabaseKeyProvider(other).obtain(newPath()));
        QVERIFY(otherKey.key != result.key);
    }

    void localDatabaseCreatesThenReopens()
    {
        MemorySecretStore store;
        const QString path = newPath();
        {
            LocalDatabase local(store);
            LocalDatabaseResult first = waitFor(local.openOrCreate(path));
            QVERIFY2(first.ok(), qPrintable(first.detail));
            QVERIFY(first.created);
            QVERIFY(first.database);
            SqlStatement insert =
                first.database->prepare("INSERT INTO settings (name, value) VALUES ('cursor', ?1)");
            insert.bindText(1, QStringLiteral("c-42"));
            QVERIFY(insert.exec());
        }
        const QByteArray key = storedKey(store);
        QCOMPARE(key.size(), 32);

        // After a restart: new objects, same store.
        LocalDatabase local(store);
        LocalDatabaseResult second = waitFor(local.openOrCreate(path));
        QVERIFY2(second.ok(), qPrintable(second.detail));
        QVERIFY(!second.created);
        SqlStatement select = second.database->prepare("SELECT value FROM settings");
        QCOMPARE(select.step(), SqlStatement::Step::Row);
        QCOMPARE(select.columnText(0), QStringLiteral("c-42"));
        QCOMPARE(storedKey(store), key);
    }

    void unavailableOrDeniedGeneratesAndTouchesNothing_data()
    {
        QTest::addColumn<SecretOutcome>("failure");
        QTest::addColumn<DatabaseKeyOutcome>("keyOutcome");
        QTest::addColumn<LocalDatabaseOutcome>("localOutcome");
        QTest::newRow("unavailable")
            << SecretOutcome::Unavailable << DatabaseKeyOutcome::Unavailable
            << LocalDatabaseOutcome::KeyUnavailable;
        QTest::newRow("denied") << SecretOutcome::Denied << DatabaseKeyOutcome::Denied
                                << LocalDatabaseOutcome::KeyDenied;
    }

    void unavailableOrDeniedGeneratesAndTouchesNothing()
    {
        QFETCH(SecretOutcome, failure);
        QFETCH(DatabaseKeyOutcome, keyOutcome);
        QFETCH(LocalDatabaseOutcome, localOutcome);

        // First run: nothing stored, no file.
        {
            MemorySecretStore store;
            const QString path = newPath();
            store.setFailure(failure);
            const DatabaseKeyResult key = waitFor(DatabaseKeyProvider(store).obtain(path));
            QCOMPARE(key.outcome, keyOutcome);
            QVERIFY(key.key.isEmpty());
            LocalDatabase local(store);
            const LocalDatabaseResult result = waitFor(local.openOrCreate(path));
            QCOMPARE(result.outcome, localOutcome);
            QVERIFY(!result.database);
            QVERIFY(result.canRetry());
            QVERIFY(!result.needsReset());
            QVERIFY(!result.message.isEmpty());
            store.setFailure(SecretOutcome::Ok);
            QCOMPARE(store.size(), 0); // no key was written
            QVERIFY(!QFile::exists(path)); // no database was made
            QVERIFY(!QDir(QFileInfo(path).absolutePath()).exists());
        }
        // With a database: file and key stay exactly as they were; a retry then works.
        {
            MemorySecretStore store;
            const QString path = newPath();
            const QByteArray before = createDatabase(store, path);
            QVERIFY(!before.isEmpty());
            const QByteArray key = storedKey(store);

            store.setFailure(failure);
            LocalDatabase local(store);
            const LocalDatabaseResult result = waitFor(local.openOrCreate(path));
            QCOMPARE(result.outcome, localOutcome);
            QCOMPARE(readAll(path), before);
            store.setFailure(SecretOutcome::Ok);
            QCOMPARE(store.size(), 1);
            QCOMPARE(storedKey(store), key);

            const LocalDatabaseResult retry = waitFor(local.openOrCreate(path));
            QVERIFY2(retry.ok(), qPrintable(retry.detail));
            QVERIFY(!retry.created);
        }
    }

    void notFoundWithAnExistingDatabaseIsKeyLost()
    {
        MemorySecretStore original;
        const QString path = newPath();
        const QByteArray before = createDatabase(original, path);
        QVERIFY(!before.isEmpty());

        MemorySecretStore emptied; // e.g. the keyring was reset
        const DatabaseKeyResult key = waitFor(DatabaseKeyProvider(emptied).obtain(path));
        QCOMPARE(key.outcome, DatabaseKeyOutcome::Lost);
        QVERIFY(key.key.isEmpty());
        QCOMPARE(emptied.size(), 0); // no new key

        LocalDatabase local(emptied);
        const LocalDatabaseResult result = waitFor(local.openOrCreate(path));
        QCOMPARE(result.outcome, LocalDatabaseOutcome::KeyLost);
        QVERIFY(result.needsReset());
        QVERIFY(!result.canRetry());
        QCOMPARE(emptied.size(), 0);
        QCOMPARE(readAll(path), before);

        // The explicit reset deletes the data; then a fresh start works.
        const LocalDatabaseResetResult reset = waitFor(local.reset(path));
        QVERIFY2(reset.ok, qPrintable(reset.message));
        for (const QString &file : Database::files(path))
            QVERIFY(!QFile::exists(file));
        const LocalDatabaseResult fresh = waitFor(local.openOrCreate(path));
        QVERIFY2(fresh.ok(), qPrintable(fresh.detail));
        QVERIFY(fresh.created);
        QCOMPARE(emptied.size(), 1);
    }

    void storedKeyOfTheWrongLengthIsAnErrorNotRegenerated()
    {
        for (const QByteArray &bad : { QByteArray(16, 'k'), QByteArray(33, 'k'),
                 QByteArray(64, 'a') /* hex text is not the raw key */ }) {
            MemorySecretStore store;
            const QString path = newPath();
            QCOMPARE(store.write(keyName, bad).result().outcome, SecretOutcome::Ok);
            const DatabaseKeyResult key = waitFor(DatabaseKeyProvider(store).obtain(path));
            QCOMPARE(key.outcome, DatabaseKeyOutcome::Invalid);
            QVERIFY(key.key.isEmpty());
            QVERIFY(key.message.contains(QString::number(bad.size())));
            QCOMPARE(storedKey(store), bad); // left as it was

            LocalDatabase local(store);
            const LocalDatabaseResult result = waitFor(local.openOrCreate(path));
            QCOMPARE(result.outcome, LocalDatabaseOutcome::KeyInvalid);
            QVERIFY(result.needsReset());
            QCOMPARE(storedKey(store), bad);
            QVERIFY(!QFile::exists(path));
        }
    }

    void aKeyIsUsedOnlyAfterItsWriteWasConfirmed()
    {
        for (const SecretOutcome failure :
            { SecretOutcome::Unavailable, SecretOutcome::Denied, SecretOutcome::Refused }) {
            WriteFailingStore store(failure);
            const QString path = newPath();
            const DatabaseKeyResult key = waitFor(DatabaseKeyProvider(store).obtain(path));
            QVERIFY(!key.hasKey());
            QVERIFY(key.key.isEmpty());
            QCOMPARE(store.writes(), 1);

            LocalDatabase local(store);
            const LocalDatabaseResult result = waitFor(local.openOrCreate(path));
            QVERIFY(!result.ok());
            QVERIFY(result.canRetry());
            QVERIFY(!QFile::exists(path)); // no database with a key nobody stored
        }
    }

    void storedKeyThatDoesNotOpenTheFileIsWrongKey()
    {
        MemorySecretStore store;
        const QString path = newPath();
        const QByteArray before = createDatabase(store, path);
        QCOMPARE(store.write(keyName, QByteArray(32, 'x')).result().outcome, SecretOutcome::Ok);
        LocalDatabase local(store);
        const LocalDatabaseResult result = waitFor(local.openOrCreate(path));
        QCOMPARE(result.outcome, LocalDatabaseOutcome::WrongKey);
        QVERIFY(result.needsReset());
        QCOMPARE(readAll(path), before);
        QCOMPARE(storedKey(store), QByteArray(32, 'x'));
    }

    void asynchronousStoreAndConcurrentCalls()
    {
        MemorySecretStore memory;
        DelayedSecretStore store(memory);
        const QString path = newPath();
        LocalDatabase local(store);
        QFuture<LocalDatabaseResult> first = local.openOrCreate(path);
        QVERIFY(!first.isFinished()); // really asynchronous
        QFuture<LocalDatabaseResult> second = local.openOrCreate(path);
        const LocalDatabaseResult a = waitFor(first);
        const LocalDatabaseResult b = waitFor(second);
        QVERIFY2(a.ok(), qPrintable(a.detail));
        QVERIFY(b.ok());
        QCOMPARE(a.database.get(), b.database.get()); // one run, one key
        QCOMPARE(store.writes(), 1);
        QCOMPARE(memory.size(), 1);
    }

    void resetRemovesFilesAndKey()
    {
        MemorySecretStore store;
        const QString path = newPath();
        QVERIFY(!createDatabase(store, path).isEmpty());
        LocalDatabase local(store);
        const LocalDatabaseResetResult reset = waitFor(local.reset(path));
        QVERIFY2(reset.ok, qPrintable(reset.message));
        QCOMPARE(store.size(), 0);
        for (const QString &file : Database::files(path))
            QVERIFY(!QFile::exists(file));

        // A key that cannot be removed is reported; the files are gone anyway.
        QVERIFY(!createDatabase(store, path).isEmpty());
        store.setFailure(SecretOutcome::Unavailable);
        const LocalDatabaseResetResult partly = waitFor(local.reset(path));
        QVERIFY(!partly.ok);
        QVERIFY(!QFile::exists(path));
    }
};

QTEST_GUILESS_MAIN(TestDatabaseKey)
#include "tst_databasekey.moc"
