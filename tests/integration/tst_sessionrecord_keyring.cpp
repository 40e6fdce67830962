// The session's one keyring entry in the real Secret Service (gnome-keyring in the private
// D-Bus session that scripts/with-keyring.sh starts), through KeychainSecretStore: a session in
// the three entries of before moves into the record with the same tokens and the same database
// key (the SQLCipher file opens with its data), the old entries are gone from the keyring, and
// the next start asks the keyring once. A damaged record stays as it is.
#include "fakes/deadendpoint.h"
#include "identity/sessionrecord.h"
#include "identity/sessionvault.h"
#include "identity/tokenkeeper.h"
#include "storage/database.h"
#include "storage/keychainsecretstore.h"
#include "storage/localdatabase.h"

#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

using namespace tessera;

namespace {

template<typename T>
T waitFor(QFuture<T> future)
{
    if (!QTest::qWaitFor([&] { return future.isFinished(); }, 60000))
        qFatal("no answer from the secure store within 60 s");
    return future.result();
}

// The real store, counting the reads that reach it.
class CountingStore : public SecretStore
{
public:
    explicit CountingStore(const QString &service)
        : m_store(service)
    { }
    QFuture<SecretResult> read(const QString &key) override
    {
        ++reads;
        return m_store.read(key);
    }
    QFuture<SecretResult> write(const QString &key, const QByteArray &value) override
    {
        return m_store.write(key, value);
    }
    QFuture<SecretResult> remove(const QString &key) override { return m_store.remove(key); }

    int reads = 0;

private:
    KeychainSecretStore m_store;
};

const QByteArray accessToken = "tsa_" + QByteArray(43, 'a');
const QByteArray refreshToken = "tsr_" + QByteArray(43, 'r');

} // namespace

class TestSessionRecordKeyring : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    const QString m_service =
        QStringLiteral("tessera-test-record-%1").arg(QUuid::createUuid().toString(QUuid::Id128));

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY2(!qEnvironmentVariable("DBUS_SESSION_BUS_ADDRESS").isEmpty(),
            "no D-Bus session: run the tests through scripts/with-keyring.sh");
    }

    void threeEntriesMoveIntoOne()
    {
        const QString path = m_dir.filePath(QStringLiteral("tessera.db"));
        KeychainSecretStore raw(m_service);
        // Before: the keeper's two entries and the database's key.
        QCOMPARE(waitFor(raw.write(TokenKeeper::refreshTokenSecret(), refreshToken)).outcome,
            SecretOutcome::Ok);
        QCOMPARE(waitFor(raw.write(TokenKeeper::accessTokenSecret(), accessToken)).outcome,
            SecretOutcome::Ok);
        {
            LocalDatabase local(raw);
            const LocalDatabaseResult created = waitFor(local.openOrCreate(path));
            QVERIFY2(created.ok(), qPrintable(created.detail));
            SqlStatement insert = created.database->prepare(
                "INSERT INTO settings (name, value) VALUES ('marker', 'kept')");
            QVERIFY(insert.exec());
        }
        const QByteArray key = waitFor(raw.read(DatabaseKeyProvider::defaultSecretName())).value;
        QCOMPARE(key.size(), Database::keyBytes);

        // A start of the new version: the keeper's load and the database's key.
        for (int start = 0; start < 2; ++start) {
            CountingStore store(m_service);
            SessionVault vault(store);
            ApiClient client(test::deadEndpoint()); // only stores and loads here
            TokenKeeper keeper(client, vault);
            std::optional<SecretResult> loaded;
            keeper.load([&](const SecretResult &result, bool) { loaded = result; });
            QVERIFY(QTest::qWaitFor([&] { return loaded.has_value(); }, 60000));
            QCOMPARE(loaded->outcome, SecretOutcome::Ok);
            QCOMPARE(keeper.accessToken(), accessToken);
            LocalDatabase local(vault);
            const LocalDatabaseResult opened = waitFor(local.openOrCreate(path));
            QVERIFY2(opened.ok(), qPrintable(opened.detail));
            QVERIFY(!opened.created);
            SqlStatement select =
                opened.database->prepare("SELECT value FROM settings WHERE name = 'marker'");
            QCOMPARE(select.step(), SqlStatement::Step::Row);
            QCOMPARE(select.columnText(0), QStringLiteral("kept"));
            if (start == 1)
                QCOMPARE(store.reads, 1); // the migrated start reads the record only
            // The move (write, read back, delete) finishes before the next start.
            QVERIFY(QTest::qWaitFor([&] { return vault.isIdle(); }, 60000));
        }
        for (const QString &name : SessionVault::recordedNames())
            QCOMPARE(waitFor(raw.read(name)).outcome, SecretOutcome::NotFound);
        const SecretResult stored = waitFor(raw.read(SessionVault::recordSecret()));
        QCOMPARE(stored.outcome, SecretOutcome::Ok);
        const auto record = SessionRecord::decode(stored.value, nullptr);
        QVERIFY(record.has_value());
        QCOMPARE(record->databaseKey, key);
        QCOMPARE(record->refreshToken, refreshToken);
        QVERIFY(!record->legacyEntriesMayRemain);
    }

    void damagedRecordStays()
    {
        const QString service = m_service + QStringLiteral("-damaged");
        KeychainSecretStore raw(service);
        const QByteArray damaged = QByteArrayLiteral("\x07not a record");
        QCOMPARE(
            waitFor(raw.write(SessionVault::recordSecret(), damaged)).outcome, SecretOutcome::Ok);
        SessionVault vault(raw);
        QCOMPARE(
            waitFor(vault.read(TokenKeeper::refreshTokenSecret())).outcome, SecretOutcome::Refused);
        QCOMPARE(waitFor(vault.write(TokenKeeper::accessTokenSecret(), accessToken)).outcome,
            SecretOutcome::Refused);
        QCOMPARE(waitFor(raw.read(SessionVault::recordSecret())).value, damaged);
        // Only an explicit removal (sign-out) clears it.
        QCOMPARE(
            waitFor(vault.remove(TokenKeeper::refreshTokenSecret())).outcome, SecretOutcome::Ok);
        QCOMPARE(waitFor(raw.read(SessionVault::recordSecret())).outcome, SecretOutcome::NotFound);
    }
};

QTEST_GUILESS_MAIN(TestSessionRecordKeyring)
#include "tst_sessionrecord_keyring.moc"
