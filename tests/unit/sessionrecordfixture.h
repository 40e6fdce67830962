#pragma once

// tst_sessionrecord's set-up: an installation (its database file and an in-memory keyring), its
// sign-in as it was before the record (three entries), and the start that must find it again.
#include "fakes/deadendpoint.h"
#include "identity/sessionrecord.h"
#include "identity/sessionvault.h"
#include "identity/tokenkeeper.h"
#include "storage/localdatabase.h"
#include "storage/memorysecretstore.h"

#include <QTemporaryDir>
#include <QTest>

// A step of a case that checks (QCOMPARE, QVERIFY) in a helper: the case stops where it failed.
#define STEP(...)                                                                                  \
    do {                                                                                           \
        __VA_ARGS__;                                                                               \
        if (QTest::currentTestFailed())                                                            \
            return;                                                                                \
    } while (false)

namespace tessera::test {

using Call = MemorySecretStore::Call;

inline const QString refreshName = TokenKeeper::refreshTokenSecret();
inline const QString accessName = TokenKeeper::accessTokenSecret();
inline const QString keyName = DatabaseKeyProvider::defaultSecretName();
inline const QString recordName = SessionVault::recordSecret();

template<typename T>
T waitFor(QFuture<T> future)
{
    if (!QTest::qWaitFor([&] { return future.isFinished(); }, 30000))
        qFatal("no answer within 30 s");
    return future.result();
}

inline TokenPair pair(const QByteArray &suffix)
{
    TokenPair tokens;
    // As long as the server's (tsa_/tsr_ and 43 characters of base64url).
    tokens.accessToken = "tsa_" + QByteArray(43 - suffix.size(), 'a') + suffix;
    tokens.refreshToken = "tsr_" + QByteArray(43 - suffix.size(), 'r') + suffix;
    tokens.accessIssued = QDateTime::currentDateTimeUtc();
    tokens.accessExpiry = tokens.accessIssued.addSecs(3600);
    return tokens;
}

inline SecretResult storeTokens(SecretStore &store, const TokenPair &tokens)
{
    ApiClient client(deadEndpoint());
    TokenKeeper keeper(client, store);
    std::optional<SecretResult> stored;
    keeper.store(tokens, [&](const SecretResult &result) { stored = result; });
    if (!QTest::qWaitFor([&] { return stored.has_value(); }, 30000))
        qFatal("no answer within 30 s");
    return *stored;
}

struct Loaded
{
    SecretResult result;
    QByteArray access;
    bool hasRefresh = false;
};

// A start: the tokens through a new TokenKeeper.
inline Loaded loadTokens(SecretStore &store)
{
    ApiClient client(deadEndpoint());
    TokenKeeper keeper(client, store);
    std::optional<SecretResult> loaded;
    keeper.load([&](const SecretResult &result, bool) { loaded = result; });
    if (!QTest::qWaitFor([&] { return loaded.has_value(); }, 30000))
        qFatal("no answer within 30 s");
    return { *loaded, keeper.accessToken(), keeper.hasRefreshToken() };
}

// A row only the right key can read back.
inline bool writeMarker(Database &db, const QString &value)
{
    SqlStatement statement =
        db.prepare("INSERT OR REPLACE INTO settings (name, value) VALUES ('test.marker', ?1)");
    if (!statement.isValid())
        return false;
    statement.bindText(1, value);
    return statement.exec();
}

inline QString readMarker(Database &db)
{
    SqlStatement statement = db.prepare("SELECT value FROM settings WHERE name = 'test.marker'");
    if (!statement.isValid() || statement.step() != SqlStatement::Step::Row)
        return {};
    return statement.columnText(0);
}

// One installation: its database file and its keyring (in memory, told to fail when a case
// asks).
struct Installation
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("local.db"));
    MemorySecretStore store;

    // Today's layout before the record: three entries (pair("1") by the keeper, the key by the
    // database, which holds the marker "kept").
    void signInTheOldWay()
    {
        QCOMPARE(storeTokens(store, pair("1")).outcome, SecretOutcome::Ok);
        LocalDatabase local(store);
        const LocalDatabaseResult opened = waitFor(local.openOrCreate(path));
        QVERIFY(opened.ok());
        QVERIFY(writeMarker(*opened.database, QStringLiteral("kept")));
        QCOMPARE(store.size(), 3);
    }

    QByteArray oldKey() { return waitFor(store.read(keyName)).value; }

    // The record as the store holds it now.
    std::optional<SessionRecord> record()
    {
        return SessionRecord::decode(waitFor(store.read(recordName)).value, nullptr);
    }
};

struct Start
{
    Loaded tokens;
    bool created = false;
};

// A start through secrets that finds pair("1")'s sign-in: its tokens, and the database at path
// opening with its marker. What it found, for a case's own further checks.
inline void startsSignedIn(SecretStore &secrets, const QString &path, Start *found = nullptr)
{
    const Loaded loaded = loadTokens(secrets);
    QCOMPARE(loaded.result.outcome, SecretOutcome::Ok);
    QCOMPARE(loaded.access, pair("1").accessToken);
    const LocalDatabaseResult opened = waitFor(LocalDatabase(secrets).openOrCreate(path));
    QVERIFY(opened.ok());
    QCOMPARE(readMarker(*opened.database), QStringLiteral("kept"));
    if (found)
        *found = { loaded, opened.created };
}

} // namespace tessera::test
