// The session's secrets in one secure-store entry (SessionRecord, SessionVault) over the
// in-memory store, with the real TokenKeeper and LocalDatabase on top: a fresh sign-in writes
// one entry, a restart reads the store once, the three entries of before move into the record
// with the same tokens and the same database key (the SQLCipher file still opens), and no
// failure on the way (a read, the write, the read-back, a delete, a crash) loses the sign-in.
// A damaged record is an error, never "signed out": nothing is written over it.
#include "fakes/testdeviceinfo.h"
#include "identity/deviceid.h"
#include "identity/session.h"
#include "sessionrecordfixture.h"

#include <QFile>
#include <QSignalSpy>

using namespace tessera;
using namespace tessera::test;

class TestSessionRecord : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // A fresh sign-in (tokens, then a new database and its key) leaves one entry.
    void freshSignInWritesOneEntry()
    {
        Installation device;
        {
            SessionVault vault(device.store);
            QCOMPARE(storeTokens(vault, pair("1")).outcome, SecretOutcome::Ok);
            LocalDatabase local(vault);
            const LocalDatabaseResult opened = waitFor(local.openOrCreate(device.path));
            QVERIFY(opened.ok());
            QVERIFY(opened.created);
        }
        QCOMPARE(device.store.size(), 1);
        QVERIFY(device.store.contains(recordName));
        const auto record = device.record();
        QVERIFY(record.has_value());
        QCOMPARE(record->refreshToken, pair("1").refreshToken);
        QCOMPARE(record->databaseKey.size(), Database::keyBytes);
        QVERIFY(!record->legacyEntriesMayRemain);
    }

    // A start reads the tokens and the database key: three reads before, one with the record.
    void restartReadsTheStoreOnce()
    {
        Installation before;
        STEP(before.signInTheOldWay());
        const int readsBefore = before.store.calls(Call::Read);
        QCOMPARE(loadTokens(before.store).result.outcome, SecretOutcome::Ok);
        LocalDatabase oldLocal(before.store);
        QVERIFY(waitFor(oldLocal.openOrCreate(before.path)).ok());
        const int startBefore = before.store.calls(Call::Read) - readsBefore;

        Installation after;
        {
            SessionVault vault(after.store);
            QCOMPARE(storeTokens(vault, pair("1")).outcome, SecretOutcome::Ok);
            LocalDatabase local(vault);
            QVERIFY(waitFor(local.openOrCreate(after.path)).ok());
        }
        const int readsAfter = after.store.calls(Call::Read);
        const int writesAfter = after.store.calls(Call::Write);
        SessionVault vault(after.store);
        const Loaded loaded = loadTokens(vault);
        QCOMPARE(loaded.result.outcome, SecretOutcome::Ok);
        QCOMPARE(loaded.access, pair("1").accessToken);
        const LocalDatabaseResult opened = waitFor(LocalDatabase(vault).openOrCreate(after.path));
        QVERIFY(opened.ok());
        QVERIFY(!opened.created);
        const int startAfter = after.store.calls(Call::Read) - readsAfter;
        qInfo("keyring reads at start: %d before, %d with the record", startBefore, startAfter);
        QCOMPARE(startBefore, 3);
        QCOMPARE(startAfter, 1);
        QCOMPARE(after.store.calls(Call::Write), writesAfter); // a start writes nothing
    }

    // The three entries of before move into the record: the same tokens, the same key (the
    // database opens with its data), then the old entries are gone.
    void migrationKeepsTheSignInAndTheKey()
    {
        Installation device;
        STEP(device.signInTheOldWay());
        const QByteArray oldKey = device.oldKey();
        {
            SessionVault vault(device.store);
            Start start;
            STEP(startsSignedIn(vault, device.path, &start));
            QVERIFY(start.tokens.hasRefresh);
            QVERIFY(!start.created);
        }
        QCOMPARE(device.store.size(), 1);
        const auto record = device.record();
        QVERIFY(record.has_value());
        QCOMPARE(record->databaseKey, oldKey);
        QCOMPARE(record->refreshToken, pair("1").refreshToken);
        QCOMPARE(record->accessToken, pair("1").accessToken);
        QVERIFY(!record->legacyEntriesMayRemain);

        // And the next start reads once and opens the same database.
        const int reads = device.store.calls(Call::Read);
        SessionVault vault(device.store);
        QCOMPARE(loadTokens(vault).access, pair("1").accessToken);
        const LocalDatabaseResult opened = waitFor(LocalDatabase(vault).openOrCreate(device.path));
        QVERIFY(opened.ok());
        QCOMPARE(readMarker(*opened.database), QStringLiteral("kept"));
        QCOMPARE(device.store.calls(Call::Read) - reads, 1);
    }

    // The keyring cannot be read at any of the migration's reads: an error, nothing written or
    // deleted, and the same vault succeeds once the keyring answers.
    void migrationReadFailureLosesNothing_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("outcome");
        QTest::newRow("record unavailable") << recordName << int(SecretOutcome::Unavailable);
        QTest::newRow("refresh denied") << refreshName << int(SecretOutcome::Denied);
        QTest::newRow("access unavailable") << accessName << int(SecretOutcome::Unavailable);
        QTest::newRow("key unavailable") << keyName << int(SecretOutcome::Unavailable);
    }

    void migrationReadFailureLosesNothing()
    {
        QFETCH(QString, name);
        QFETCH(int, outcome);
        Installation device;
        STEP(device.signInTheOldWay());
        MemorySecretStore &store = device.store;
        store.failOnce(Call::Read, name, SecretOutcome(outcome));
        SessionVault vault(store);
        QCOMPARE(loadTokens(vault).result.outcome, SecretOutcome(outcome));
        QCOMPARE(store.calls(Call::Write), 2 + 1); // the old sign-in's only
        QCOMPARE(store.calls(Call::Remove), 0);
        QCOMPARE(store.size(), 3);
        QVERIFY(!store.contains(recordName));

        STEP(startsSignedIn(vault, device.path));
        QCOMPARE(store.size(), 1);
    }

    // The record's write, its read-back or one of the deletes fails: the session goes on from
    // what was read, and the next start finds it (in the old entries, the record, or both, where
    // the record wins) with the same key; at the end only the record is left.
    void migrationStepFailureLosesNothing_data()
    {
        QTest::addColumn<int>("call");
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("after");
        QTest::newRow("write") << int(Call::Write) << recordName << 0;
        QTest::newRow("read-back") << int(Call::Read) << recordName << 1;
        QTest::newRow("delete refresh") << int(Call::Remove) << refreshName << 0;
        QTest::newRow("delete access") << int(Call::Remove) << accessName << 0;
        QTest::newRow("delete key") << int(Call::Remove) << keyName << 0;
        QTest::newRow("rewrite") << int(Call::Write) << recordName << 1;
    }

    void migrationStepFailureLosesNothing()
    {
        QFETCH(int, call);
        QFETCH(QString, name);
        QFETCH(int, after);
        Installation device;
        STEP(device.signInTheOldWay());
        const QByteArray oldKey = device.oldKey();
        device.store.failOnce(Call(call), name, SecretOutcome::Unavailable, after);
        {
            SessionVault vault(device.store);
            STEP(startsSignedIn(vault, device.path));
        }
        QVERIFY(device.store.size() >= 1);
        for (int restart = 0; restart < 2; ++restart) {
            SessionVault vault(device.store);
            Start start;
            STEP(startsSignedIn(vault, device.path, &start));
            QVERIFY(start.tokens.hasRefresh);
        }
        QCOMPARE(device.store.size(), 1);
        const auto record = device.record();
        QVERIFY(record.has_value());
        QCOMPARE(record->databaseKey, oldKey);
        QVERIFY(!record->legacyEntriesMayRemain);
    }

    // A crash after the record was written and before the old entries went: both are found;
    // the record wins (here the old entries even hold older tokens) and the old ones go.
    void recordWinsOverEntriesLeftByACrash()
    {
        MemorySecretStore store;
        QCOMPARE(storeTokens(store, pair("1")).outcome, SecretOutcome::Ok);
        QCOMPARE(waitFor(store.write(keyName, QByteArray(32, 'k'))).outcome, SecretOutcome::Ok);
        SessionRecord record;
        record.accessToken = pair("2").accessToken;
        record.refreshToken = pair("2").refreshToken;
        record.databaseKey = QByteArray(32, 'k');
        record.legacyEntriesMayRemain = true;
        QCOMPARE(
            waitFor(store.write(recordName, *record.encode(nullptr))).outcome, SecretOutcome::Ok);
        const int reads = store.calls(Call::Read);
        {
            SessionVault vault(store);
            const Loaded loaded = loadTokens(vault);
            QCOMPARE(loaded.access, pair("2").accessToken);
            QCOMPARE(waitFor(vault.read(keyName)).value, QByteArray(32, 'k'));
        }
        QCOMPARE(store.calls(Call::Read) - reads, 1);
        QCOMPARE(store.size(), 1);
        const auto now = SessionRecord::decode(waitFor(store.read(recordName)).value, nullptr);
        QVERIFY(now.has_value());
        QVERIFY(!now->legacyEntriesMayRemain);
        QCOMPARE(now->refreshToken, pair("2").refreshToken);
    }

    // A damaged record: every read is an error (Refused), nothing is written over it or
    // deleted, no key is made; only an explicit removal (sign-out) deletes it, and one that
    // fails leaves it an error.
    void damagedRecordIsAnErrorAndNothingIsWiped()
    {
        Installation device;
        const QString &path = device.path;
        MemorySecretStore &store = device.store;
        const QByteArray damaged = QByteArrayLiteral("\x01\x00\x30garbage");
        QCOMPARE(waitFor(store.write(recordName, damaged)).outcome, SecretOutcome::Ok);
        SessionVault vault(store);
        QCOMPARE(loadTokens(vault).result.outcome, SecretOutcome::Refused);
        const LocalDatabaseResult opened = waitFor(LocalDatabase(vault).openOrCreate(path));
        QCOMPARE(opened.outcome, LocalDatabaseOutcome::Failed);
        QVERIFY(!QFile::exists(path));
        QCOMPARE(waitFor(vault.write(accessName, "tsa_new")).outcome, SecretOutcome::Refused);
        QCOMPARE(waitFor(store.read(recordName)).value, damaged);
        QCOMPARE(store.size(), 1);
        QCOMPARE(store.calls(Call::Remove), 0);

        // A removal that fails leaves it as it was: still an error, never "signed out".
        store.failOnce(Call::Remove, recordName, SecretOutcome::Unavailable);
        QCOMPARE(waitFor(vault.remove(refreshName)).outcome, SecretOutcome::Unavailable);
        QCOMPARE(loadTokens(vault).result.outcome, SecretOutcome::Refused);
        QCOMPARE(waitFor(store.read(recordName)).value, damaged);

        QCOMPARE(waitFor(vault.remove(refreshName)).outcome, SecretOutcome::Ok);
        QCOMPARE(store.size(), 0);
        QCOMPARE(loadTokens(vault).result.outcome, SecretOutcome::NotFound);
    }

    // The app's side of a damaged record: Session::restore() ends in Unavailable with the
    // keyring error it shows today (retry, or sign out); the database file stays; an explicit
    // sign-out clears the record and the data.
    void sessionWithADamagedRecordIsUnavailable()
    {
        Installation device;
        const QString &path = device.path;
        MemorySecretStore &store = device.store;
        STEP(device.signInTheOldWay());
        {
            SessionVault vault(store);
            QCOMPARE(loadTokens(vault).result.outcome, SecretOutcome::Ok); // migrated
        }
        const QByteArray damaged = QByteArrayLiteral("\x01\x00\xff"
                                                     "damaged");
        QCOMPARE(waitFor(store.write(recordName, damaged)).outcome, SecretOutcome::Ok);
        QVERIFY(QFile::exists(path));

        TestDeviceInfo info;
        ApiClient client(deadEndpoint());
        Session session(client, store, info, { path, DeviceId::generate(), {} });
        QSignalSpy finished(&session, &Session::finished);
        session.restore();
        QVERIFY(QTest::qWaitFor([&] { return finished.count() == 1; }, 30000));
        QCOMPARE(session.state(), Session::State::Unavailable);
        QCOMPARE(session.errorCode(), QStringLiteral("keyring_unavailable"));
        QCOMPARE(waitFor(store.read(recordName)).value, damaged);
        QVERIFY(QFile::exists(path));

        session.signOut();
        QVERIFY(QTest::qWaitFor([&] { return finished.count() == 2; }, 30000));
        QCOMPARE(session.state(), Session::State::SignedOut);
        QCOMPARE(store.size(), 0);
        QVERIFY(!QFile::exists(path));
    }

    // The keyring is unavailable at start: an error, nothing written or removed.
    void unavailableIsNotEmpty()
    {
        MemorySecretStore store;
        {
            SessionVault first(store);
            QCOMPARE(storeTokens(first, pair("1")).outcome, SecretOutcome::Ok);
        }
        const int writes = store.calls(Call::Write);
        const int removes = store.calls(Call::Remove);
        store.setFailure(SecretOutcome::Unavailable);
        SessionVault vault(store);
        QCOMPARE(loadTokens(vault).result.outcome, SecretOutcome::Unavailable);
        QCOMPARE(waitFor(vault.read(keyName)).outcome, SecretOutcome::Unavailable);
        store.setFailure(SecretOutcome::Ok);
        QCOMPARE(store.calls(Call::Write), writes);
        QCOMPARE(store.calls(Call::Remove), removes);
        QCOMPARE(loadTokens(vault).access, pair("1").accessToken);
    }

    // A restore asks the keyring again (reload): locked now is Unavailable, not what this
    // process saw before; unlocked, the same single read.
    void reloadAsksTheKeyringAgain()
    {
        MemorySecretStore store;
        SessionVault vault(store);
        QCOMPARE(loadTokens(vault).result.outcome, SecretOutcome::NotFound);
        store.setFailure(SecretOutcome::Unavailable);
        QCOMPARE(loadTokens(vault).result.outcome, SecretOutcome::NotFound); // from memory
        vault.reload();
        QCOMPARE(loadTokens(vault).result.outcome, SecretOutcome::Unavailable);
        store.setFailure(SecretOutcome::Ok);
        QCOMPARE(storeTokens(vault, pair("1")).outcome, SecretOutcome::Ok);
        const int reads = store.calls(Call::Read);
        vault.reload();
        QCOMPARE(loadTokens(vault).access, pair("1").accessToken);
        QCOMPARE(store.calls(Call::Read) - reads, 1);
    }

    // Sign-out (tokens, then the key after the files) deletes the record; when the migration's
    // record could not be written, the old entries go too, so the session never comes back.
    void signOutDeletesEverything_data()
    {
        QTest::addColumn<bool>("migrationWriteFails");
        QTest::newRow("record") << false;
        QTest::newRow("old entries still there") << true;
    }

    void signOutDeletesEverything()
    {
        QFETCH(bool, migrationWriteFails);
        Installation device;
        const QString &path = device.path;
        MemorySecretStore &store = device.store;
        STEP(device.signInTheOldWay());
        if (migrationWriteFails)
            store.failOnce(Call::Write, recordName, SecretOutcome::Unavailable);
        SessionVault vault(store);
        QCOMPARE(loadTokens(vault).result.outcome, SecretOutcome::Ok);
        QCOMPARE(store.contains(refreshName), migrationWriteFails);
        ApiClient client(test::deadEndpoint());
        TokenKeeper keeper(client, vault);
        std::optional<SecretResult> removed;
        keeper.remove([&](const SecretResult &result) { removed = result; });
        QVERIFY(QTest::qWaitFor([&] { return removed.has_value(); }, 30000));
        QCOMPARE(removed->outcome, SecretOutcome::Ok);
        QVERIFY(waitFor(LocalDatabase(vault).reset(path)).ok);
        QCOMPARE(store.size(), 0);
        SessionVault restarted(store);
        QCOMPARE(loadTokens(restarted).result.outcome, SecretOutcome::NotFound);
    }

    // Names outside the record (the device key, push keys) keep their own entries.
    void otherNamesPassThrough()
    {
        MemorySecretStore store;
        SessionVault vault(store);
        QCOMPARE(
            waitFor(vault.write(QStringLiteral("device-key"), "d")).outcome, SecretOutcome::Ok);
        QCOMPARE(waitFor(store.read(QStringLiteral("device-key"))).value, QByteArray("d"));
        QVERIFY(!store.contains(recordName));
        QCOMPARE(waitFor(vault.remove(QStringLiteral("device-key"))).outcome, SecretOutcome::Ok);
        QCOMPARE(store.size(), 0);
    }
};

QTEST_GUILESS_MAIN(TestSessionRecord)
#include "tst_sessionrecord.moc"
