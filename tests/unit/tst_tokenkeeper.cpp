// TokenKeeper without a server: the in-memory secret store and a server address where nothing
// listens. When the refresh is scheduled, the backoff after failed refreshes, and the stored
// pair read back, removed, or not readable.
#include "base/futurewatch.h"
#include "fakes/deadendpoint.h"
#include "identity/tokenkeeper.h"
#include "storage/memorysecretstore.h"

#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

using namespace tessera;

namespace {

using test::deadEndpoint;

TokenPair pairFor(qint64 lifetimeSeconds)
{
    TokenPair pair;
    pair.accessToken = QByteArrayLiteral("tsa_access");
    pair.refreshToken = QByteArrayLiteral("tsr_refresh");
    pair.accessIssued = QDateTime::currentDateTimeUtc();
    pair.accessExpiry = pair.accessIssued.addSecs(lifetimeSeconds);
    return pair;
}

// Seconds from now until the keeper's next refresh.
qint64 secondsToNextRefresh(const TokenKeeper &keeper)
{
    return QDateTime::currentDateTimeUtc().secsTo(keeper.nextRefresh());
}

struct Loaded
{
    SecretResult result;
    bool forgotten = false;
};

Loaded load(TokenKeeper &keeper)
{
    std::optional<Loaded> loaded;
    keeper.load([&](const SecretResult &result, bool forgotten) {
        loaded = Loaded { result, forgotten };
    });
    if (!QTest::qWaitFor([&] { return loaded.has_value(); }, 30000))
        qFatal("no answer within 30 s");
    return *loaded;
}

} // namespace

class TestTokenKeeper : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // At 80% of the lifetime, and at least five minutes before the expiry.
    void refreshIsScheduledAheadOfTheExpiry()
    {
        ApiClient client(deadEndpoint());
        MemorySecretStore store;
        TokenKeeper keeper(client, store);
        QVERIFY(!keeper.nextRefresh().isValid());
        keeper.take(pairFor(3600));
        keeper.scheduleRefresh();
        QVERIFY(qAbs(secondsToNextRefresh(keeper) - 2880) <= 2);
        QVERIFY(keeper.isRefreshAhead());
        keeper.take(pairFor(600));
        keeper.scheduleRefresh();
        QVERIFY(qAbs(secondsToNextRefresh(keeper) - 300) <= 2);
        keeper.take(pairFor(60)); // less than the margin: at once
        keeper.scheduleRefresh();
        QVERIFY(secondsToNextRefresh(keeper) <= 1);
        keeper.forget();
        QVERIFY(!keeper.nextRefresh().isValid());
        QVERIFY(!keeper.hasAccessToken());
        QVERIFY(!keeper.hasRefreshToken());
    }

    // A refresh that cannot reach the server keeps the tokens and is retried after 4 s,
    // doubling up to 15 minutes.
    void failedRefreshBacksOff()
    {
        ApiClient client(deadEndpoint());
        MemorySecretStore store;
        TokenKeeper keeper(client, store);
        keeper.take(pairFor(3600));
        QSignalSpy finished(&keeper, &TokenKeeper::refreshFinished);
        QSignalSpy ended(&keeper, &TokenKeeper::ended);
        const QList<int> expected { 4, 8, 16, 32, 64, 128, 256, 512, 900, 900 };
        for (int i = 0; i < expected.size(); ++i) {
            keeper.refreshNow();
            QTRY_COMPARE_WITH_TIMEOUT(finished.size(), i + 1, 30000);
            QCOMPARE(finished.last().value(0).toBool(), false);
            QCOMPARE(keeper.retryDelaySeconds(), expected.at(i));
            QVERIFY(qAbs(secondsToNextRefresh(keeper) - expected.at(i)) <= 2);
        }
        QCOMPARE(ended.size(), 0);
        QVERIFY(keeper.hasAccessToken());
        QVERIFY(keeper.hasRefreshToken());
        // A new pair starts the backoff again.
        keeper.take(pairFor(3600));
        QCOMPARE(keeper.retryDelaySeconds(), 0);
    }

    // Refreshes asked for while one is on its way share it.
    void concurrentRefreshesShareOne()
    {
        ApiClient client(deadEndpoint());
        MemorySecretStore store;
        TokenKeeper keeper(client, store);
        keeper.take(pairFor(3600));
        QSignalSpy finished(&keeper, &TokenKeeper::refreshFinished);
        int answered = 0;
        for (int i = 0; i < 3; ++i)
            keeper.refresh([&](TokenKeeper::RefreshOutcome outcome, const ApiReply &reply) {
                QCOMPARE(outcome, TokenKeeper::RefreshOutcome::Failed);
                QCOMPARE(reply.kind, ApiReply::Kind::NetworkError);
                ++answered;
            });
        QTRY_COMPARE_WITH_TIMEOUT(answered, 3, 30000);
        QCOMPARE(finished.size(), 1);
        QCOMPARE(keeper.retryDelaySeconds(), 4);
    }

    void refreshWithoutRefreshTokenEndsAtOnce()
    {
        ApiClient client(deadEndpoint());
        MemorySecretStore store;
        TokenKeeper keeper(client, store);
        std::optional<ApiReply> answer;
        keeper.refresh([&](TokenKeeper::RefreshOutcome outcome, const ApiReply &reply) {
            QCOMPARE(outcome, TokenKeeper::RefreshOutcome::Ended);
            answer = reply;
        });
        QVERIFY(answer.has_value()); // without any request
        QCOMPARE(answer->httpStatus, 401);
        QCOMPARE(answer->error.code, QStringLiteral("authentication_required"));
    }

    void storedPairIsReadBackAndRemoved()
    {
        ApiClient client(deadEndpoint());
        MemorySecretStore store;
        {
            TokenKeeper keeper(client, store);
            std::optional<SecretResult> stored;
            keeper.store(pairFor(3600), [&](const SecretResult &result) { stored = result; });
            QTRY_VERIFY_WITH_TIMEOUT(stored.has_value(), 30000);
            QCOMPARE(stored->outcome, SecretOutcome::Ok);
        }
        TokenKeeper keeper(client, store);
        const Loaded loaded = load(keeper);
        QCOMPARE(loaded.result.outcome, SecretOutcome::Ok);
        QCOMPARE(keeper.accessToken(), QByteArrayLiteral("tsa_access"));
        QVERIFY(keeper.hasRefreshToken());

        // Without the access token: the refresh token alone is a session.
        QCOMPARE(
            waitFor(store.remove(TokenKeeper::accessTokenSecret())).outcome, SecretOutcome::Ok);
        TokenKeeper withoutAccess(client, store);
        QCOMPARE(load(withoutAccess).result.outcome, SecretOutcome::Ok);
        QVERIFY(!withoutAccess.hasAccessToken());
        QVERIFY(withoutAccess.hasRefreshToken());

        std::optional<SecretResult> removed;
        keeper.remove([&](const SecretResult &result) { removed = result; });
        QTRY_VERIFY_WITH_TIMEOUT(removed.has_value(), 30000);
        QCOMPARE(removed->outcome, SecretOutcome::Ok);
        TokenKeeper afterRemove(client, store);
        QCOMPARE(load(afterRemove).result.outcome, SecretOutcome::NotFound);
        QVERIFY(!afterRemove.hasRefreshToken());
    }

    // A store that cannot be read is never "no session".
    void unreadableStoreIsAFailure_data()
    {
        QTest::addColumn<SecretOutcome>("failure");
        QTest::newRow("unavailable") << SecretOutcome::Unavailable;
        QTest::newRow("denied") << SecretOutcome::Denied;
    }

    void unreadableStoreIsAFailure()
    {
        QFETCH(SecretOutcome, failure);
        ApiClient client(deadEndpoint());
        MemorySecretStore store;
        store.setFailure(failure);
        TokenKeeper keeper(client, store);
        const Loaded loaded = load(keeper);
        QCOMPARE(loaded.result.outcome, failure);
        QVERIFY(!loaded.forgotten);
        QVERIFY(!keeper.hasRefreshToken());
    }

private:
    template<typename T>
    static T waitFor(QFuture<T> future)
    {
        if (!QTest::qWaitFor([&] { return future.isFinished(); }, 30000))
            qFatal("no answer within 30 s");
        return future.result();
    }
};

QTEST_GUILESS_MAIN(TestTokenKeeper)
#include "tst_tokenkeeper.moc"
