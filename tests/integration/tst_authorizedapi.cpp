// AuthorizedApi and TokenKeeper against the real tessera-server (plain HTTP on loopback), tokens
// in the in-memory secret store: a refused access token leads to one refresh and one retry,
// requests waiting at the same time share that refresh, and a refused refresh token gives the
// request's own 401 and ends the session, after exactly one refresh.
#include "demoaccounts.h"
#include "identity/authorizedapi.h"
#include "identity/tokenkeeper.h"
#include "serverprocess.h"
#include "sessiontesting.h"
#include "storage/memorysecretstore.h"

#include <QSignalSpy>
#include <QTest>

using namespace tessera;
using namespace tessera::test;

class TestAuthorizedApi : public QObject
{
    Q_OBJECT

    ServerProcess m_server;
    std::unique_ptr<ApiClient> m_client;

    // The token pair of a fresh sign-in of a demo person.
    TokenPair signIn()
    {
        const QJsonObject account = demoAccount(m_server, QStringLiteral("Ben Okafor"));
        const QJsonObject body { { QStringLiteral("kind"), QStringLiteral("local") },
            { QStringLiteral("username"), account.value(QStringLiteral("username")) },
            { QStringLiteral("password"), account.value(QStringLiteral("password")) },
            { QStringLiteral("device"), testDevice(QStringLiteral("api-device")) } };
        const ApiReply reply = waitFor(m_client->post(QStringLiteral("/v1/auth/login"), body));
        if (!reply.ok())
            qFatal("sign-in failed: %s", qPrintable(reply.describe()));
        QString problem;
        const auto pair = TokenPair::fromReply(reply, &problem);
        if (!pair)
            qFatal("sign-in answer: %s", qPrintable(problem));
        return *pair;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(m_server.start(), qPrintable(m_server.error()));
        QString error;
        const auto endpoint = ServerEndpoint::parse(
            m_server.url().toString(), ServerEndpoint::PlainHttp::AllowOnLoopback, &error);
        QVERIFY2(endpoint.has_value(), qPrintable(error));
        m_client = std::make_unique<ApiClient>(*endpoint);
    }

    void validTokenNeedsNoRefresh()
    {
        MemorySecretStore store;
        TokenKeeper keeper(*m_client, store);
        keeper.take(signIn());
        AuthorizedApi api(*m_client, keeper);
        QSignalSpy refreshes(&keeper, &TokenKeeper::refreshFinished);
        const ApiReply me = waitFor(api.get(QStringLiteral("/v1/me")));
        QVERIFY2(me.ok(), qPrintable(me.describe()));
        QCOMPARE(refreshes.size(), 0);
    }

    // Two requests with an access token the server refuses: one refresh for both, each retried
    // once with the new token, which is kept in memory and in the store.
    void refusedAccessTokenIsRefreshedOnceAndRetried()
    {
        MemorySecretStore store;
        TokenKeeper keeper(*m_client, store);
        TokenPair pair = signIn();
        const QByteArray firstRefresh = pair.refreshToken;
        pair.accessToken = QByteArrayLiteral("tsa_refused");
        keeper.take(pair);
        AuthorizedApi api(*m_client, keeper);
        QSignalSpy refreshes(&keeper, &TokenKeeper::refreshFinished);

        QFuture<ApiReply> me = api.get(QStringLiteral("/v1/me"));
        QFuture<ApiReply> inbox = api.get(QStringLiteral("/v1/inbox"));
        const ApiReply meReply = waitFor(me);
        const ApiReply inboxReply = waitFor(inbox);
        QVERIFY2(meReply.ok(), qPrintable(meReply.describe()));
        QVERIFY2(inboxReply.ok(), qPrintable(inboxReply.describe()));
        QCOMPARE(refreshes.size(), 1);
        QCOMPARE(refreshes.first().value(0).toBool(), true);
        QVERIFY(keeper.accessToken() != QByteArrayLiteral("tsa_refused"));
        QCOMPARE(keeper.retryDelaySeconds(), 0);
        QVERIFY(keeper.nextRefresh().isValid());
        // The rotated pair is stored.
        const SecretResult storedRefresh = waitFor(store.read(TokenKeeper::refreshTokenSecret()));
        QCOMPARE(storedRefresh.outcome, SecretOutcome::Ok);
        QVERIFY(storedRefresh.value != firstRefresh);
        QCOMPARE(waitFor(store.read(TokenKeeper::accessTokenSecret())).value, keeper.accessToken());
    }

    // Refresh token refused as well: the request's own 401 comes back after one refresh (no
    // second retry), and the keeper says the session has ended.
    void refusedRefreshTokenEndsAfterOneRefresh()
    {
        MemorySecretStore store;
        TokenKeeper keeper(*m_client, store);
        TokenPair pair = signIn();
        pair.accessToken = QByteArrayLiteral("tsa_refused");
        pair.refreshToken = QByteArrayLiteral("tsr_refused");
        keeper.take(pair);
        AuthorizedApi api(*m_client, keeper);
        QSignalSpy refreshes(&keeper, &TokenKeeper::refreshFinished);
        QSignalSpy ended(&keeper, &TokenKeeper::ended);

        const ApiReply reply = waitFor(api.get(QStringLiteral("/v1/me")));
        QCOMPARE(reply.httpStatus, 401);
        QCOMPARE(reply.error.code, QStringLiteral("invalid_token"));
        QCOMPARE(refreshes.size(), 1);
        QCOMPARE(refreshes.first().value(0).toBool(), false);
        QCOMPARE(ended.size(), 1);
    }

    // Without any token nothing is sent.
    void noTokensNoRequest()
    {
        MemorySecretStore store;
        TokenKeeper keeper(*m_client, store);
        AuthorizedApi api(*m_client, keeper);
        const ApiReply reply = waitFor(api.post(QStringLiteral("/v1/auth/logout"), {}));
        QCOMPARE(reply.httpStatus, 401);
        QCOMPARE(reply.error.code, QStringLiteral("authentication_required"));
        QVERIFY(api.webSocketRequest(QStringLiteral("/v1/stream")).url().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestAuthorizedApi)
#include "tst_authorizedapi.moc"
