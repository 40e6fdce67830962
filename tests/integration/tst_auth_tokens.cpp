// Tokens against the real server: refresh rotation and reuse detection (a lost answer retried, a
// replaced successor, a retry after the successor was used or after the window), sign-out and the
// access token's lifetime.
#include "authfixture.h"

using namespace tessera::test;

class TestAuthTokens : public QObject, protected AuthFixture
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { startParts(); }

    void refreshRotatesAndReuseRevokesTheFamily_data() { addKinds(); }
    void refreshRotatesAndReuseRevokesTheFamily()
    {
        QFETCH(QString, kind);
        ServerProcess server;
        QVERIFY2(server.start(options(kind)), qPrintable(server.error()));
        const QJsonObject nurse = demoPerson(server, QStringLiteral("Mira Nurse"));
        const HttpResult signedIn = login(server, QStringLiteral("local"),
            nurse.value(QStringLiteral("username")).toString(),
            nurse.value(QStringLiteral("password")).toString(), newDeviceId());
        QCOMPARE(signedIn.status, 200);
        const QString access1 = signedIn.json().value(QStringLiteral("accessToken")).toString();
        const QString refresh1 = signedIn.json().value(QStringLiteral("refreshToken")).toString();

        const auto refresh = [&](const QString &token) {
            return call(server, "POST", QStringLiteral("/v1/auth/refresh"),
                QJsonObject { { QStringLiteral("refreshToken"), token } });
        };
        const HttpResult rotated = refresh(refresh1);
        QCOMPARE(rotated.status, 200);
        const QString access2 = rotated.json().value(QStringLiteral("accessToken")).toString();
        const QString refresh2 = rotated.json().value(QStringLiteral("refreshToken")).toString();
        QVERIFY(access2 != access1);
        QVERIFY(refresh2 != refresh1);
        QCOMPARE(rotated.json().value(QStringLiteral("refreshTokenExpiresAt")),
            signedIn.json().value(QStringLiteral("refreshTokenExpiresAt")));
        // One access token per person and device: the old one is gone.
        const HttpResult oldAccess = call(server, "GET", QStringLiteral("/v1/me"), {}, access1);
        QCOMPARE(oldAccess.status, 401);
        QCOMPARE(errorCode(oldAccess), QStringLiteral("invalid_token"));
        QCOMPARE(call(server, "GET", QStringLiteral("/v1/me"), {}, access2).status, 200);

        // The spent token again: someone has a copy. The whole family goes.
        const HttpResult reused = refresh(refresh1);
        QCOMPARE(reused.status, 401);
        QCOMPARE(errorCode(reused), QStringLiteral("invalid_refresh_token"));
        QCOMPARE(call(server, "GET", QStringLiteral("/v1/me"), {}, access2).status, 401);
        QCOMPARE(refresh(refresh2).status, 401);
        QVERIFY(server.output().contains("spent refresh token was presented again"));

        QCOMPARE(refresh(QStringLiteral("tsr_made-up")).status, 401);
        QCOMPARE(call(server, "POST", QStringLiteral("/v1/auth/refresh"),
                     QJsonObject { { QStringLiteral("refreshToken"), 42 } })
                     .status,
            400);
    }

    // A signed-in nurse on a new device: {accessToken, refreshToken, …}.
    QJsonObject signInNurse(const ServerProcess &server)
    {
        const QJsonObject nurse = demoPerson(server, QStringLiteral("Mira Nurse"));
        const HttpResult signedIn = login(server, QStringLiteral("local"),
            nurse.value(QStringLiteral("username")).toString(),
            nurse.value(QStringLiteral("password")).toString(), newDeviceId());
        return signedIn.status == 200 ? signedIn.json() : QJsonObject {};
    }

    HttpResult refreshWith(const ServerProcess &server, const QString &token)
    {
        return call(server, "POST", QStringLiteral("/v1/auth/refresh"),
            QJsonObject { { QStringLiteral("refreshToken"), token } });
    }

    static int familyRevocations(const ServerProcess &server, const QString &databaseUrl)
    {
        return sqlValue(server, databaseUrl,
            QStringLiteral("SELECT COUNT(*) FROM audit_log WHERE action = 'revoke_token_family'"))
            .toInt();
    }

    // The refresh reached the server but its answer was lost: the client retries with the same
    // token within the grace window and stays signed in.
    void lostRefreshAnswerIsRetried_data() { addKinds(); }
    void lostRefreshAnswerIsRetried()
    {
        QFETCH(QString, kind);
        ServerProcess server;
        const ServerProcess::Options serverOptions = options(kind);
        QVERIFY2(server.start(serverOptions), qPrintable(server.error()));
        const QJsonObject signedIn = signInNurse(server);
        QVERIFY(!signedIn.isEmpty());
        const QString refresh1 = signedIn.value(QStringLiteral("refreshToken")).toString();

        const HttpResult lost = refreshWith(server, refresh1); // its answer never arrives
        QCOMPARE(lost.status, 200);
        const HttpResult retried = refreshWith(server, refresh1);
        QCOMPARE(retried.status, 200);
        const QString access = retried.json().value(QStringLiteral("accessToken")).toString();
        const QString refresh = retried.json().value(QStringLiteral("refreshToken")).toString();
        QVERIFY(access != lost.json().value(QStringLiteral("accessToken")).toString());
        QVERIFY(refresh != lost.json().value(QStringLiteral("refreshToken")).toString());
        QCOMPARE(retried.json().value(QStringLiteral("refreshTokenExpiresAt")),
            signedIn.value(QStringLiteral("refreshTokenExpiresAt")));
        QVERIFY(server.output().contains("refresh retried within the grace window"));

        // The answer to the retry is lost too: another retry, still within the window.
        const HttpResult again = refreshWith(server, refresh1);
        QCOMPARE(again.status, 200);
        const QString access3 = again.json().value(QStringLiteral("accessToken")).toString();
        const QString refresh3 = again.json().value(QStringLiteral("refreshToken")).toString();
        // The replaced pairs are gone; the session works and rotates on as usual.
        QCOMPARE(call(server, "GET", QStringLiteral("/v1/me"), {}, access).status, 401);
        QCOMPARE(call(server, "GET", QStringLiteral("/v1/me"), {}, access3).status, 200);
        const HttpResult next = refreshWith(server, refresh3);
        QCOMPARE(next.status, 200);
        QCOMPARE(call(server, "GET", QStringLiteral("/v1/me"), {},
                     next.json().value(QStringLiteral("accessToken")).toString())
                     .status,
            200);
        QCOMPARE(familyRevocations(server, serverOptions.database), 0);
        QVERIFY(!server.output().contains("revoking family"));
        // No token in clear in the server's output.
        for (const QString &token : { refresh1, refresh, refresh3, access, access3 })
            QVERIFY(!server.output().contains(token.toLatin1()));
    }

    // A pair replaced by a retry that shows up afterwards means two holders: the family goes.
    void replacedSuccessorPresentedRevokes_data() { addKinds(); }
    void replacedSuccessorPresentedRevokes()
    {
        QFETCH(QString, kind);
        ServerProcess server;
        const ServerProcess::Options serverOptions = options(kind);
        QVERIFY2(server.start(serverOptions), qPrintable(server.error()));
        const QJsonObject signedIn = signInNurse(server);
        const QString refresh1 = signedIn.value(QStringLiteral("refreshToken")).toString();
        const HttpResult first = refreshWith(server, refresh1);
        QCOMPARE(first.status, 200);
        const HttpResult retried = refreshWith(server, refresh1);
        QCOMPARE(retried.status, 200);
        const HttpResult stale =
            refreshWith(server, first.json().value(QStringLiteral("refreshToken")).toString());
        QCOMPARE(stale.status, 401);
        QCOMPARE(errorCode(stale), QStringLiteral("invalid_refresh_token"));
        QCOMPARE(call(server, "GET", QStringLiteral("/v1/me"), {},
                     retried.json().value(QStringLiteral("accessToken")).toString())
                     .status,
            401);
        QCOMPARE(
            refreshWith(server, retried.json().value(QStringLiteral("refreshToken")).toString())
                .status,
            401);
        QCOMPARE(familyRevocations(server, serverOptions.database), 1);
    }

    // Within the window, but the successor pair was used: the spent token is a stolen copy.
    void retryAfterTheSuccessorWasUsedRevokes_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<bool>("usedRefresh"); // else its access token was used
        QTest::newRow("sqlite, access used") << QStringLiteral("sqlite") << false;
        QTest::newRow("sqlite, refresh used") << QStringLiteral("sqlite") << true;
        QTest::newRow("postgresql, access used") << QStringLiteral("postgresql") << false;
        QTest::newRow("postgresql, refresh used") << QStringLiteral("postgresql") << true;
    }
    void retryAfterTheSuccessorWasUsedRevokes()
    {
        QFETCH(QString, kind);
        QFETCH(bool, usedRefresh);
        ServerProcess server;
        const ServerProcess::Options serverOptions = options(kind);
        QVERIFY2(server.start(serverOptions), qPrintable(server.error()));
        const QJsonObject signedIn = signInNurse(server);
        const QString refresh1 = signedIn.value(QStringLiteral("refreshToken")).toString();
        const HttpResult rotated = refreshWith(server, refresh1);
        QCOMPARE(rotated.status, 200);
        QString access = rotated.json().value(QStringLiteral("accessToken")).toString();
        QString refresh = rotated.json().value(QStringLiteral("refreshToken")).toString();
        if (usedRefresh) {
            const HttpResult next = refreshWith(server, refresh);
            QCOMPARE(next.status, 200);
            access = next.json().value(QStringLiteral("accessToken")).toString();
            refresh = next.json().value(QStringLiteral("refreshToken")).toString();
        } else {
            QCOMPARE(call(server, "GET", QStringLiteral("/v1/me"), {}, access).status, 200);
        }
        const HttpResult reused = refreshWith(server, refresh1);
        QCOMPARE(reused.status, 401);
        QCOMPARE(errorCode(reused), QStringLiteral("invalid_refresh_token"));
        QCOMPARE(call(server, "GET", QStringLiteral("/v1/me"), {}, access).status, 401);
        QCOMPARE(refreshWith(server, refresh).status, 401);
        QVERIFY(server.output().contains("spent refresh token was presented again"));
        QCOMPARE(familyRevocations(server, serverOptions.database), 1);
    }

    // The same lost answer, but the retry comes after the grace window: theft, as before.
    void retryAfterTheWindowRevokes_data() { addKinds(); }
    void retryAfterTheWindowRevokes()
    {
        QFETCH(QString, kind);
        ServerProcess server;
        ServerProcess::Options serverOptions = options(kind);
        QVERIFY2(server.start(serverOptions), qPrintable(server.error()));
        const QJsonObject signedIn = signInNurse(server);
        const QString refresh1 = signedIn.value(QStringLiteral("refreshToken")).toString();
        const HttpResult lost = refreshWith(server, refresh1);
        QCOMPARE(lost.status, 200);
        QVERIFY(server.stop().has_value());

        serverOptions.dataDir = server.dataDir();
        serverOptions.now = QStringLiteral("2026-11-29T09:10:00Z"); // 10 minutes later
        ServerProcess later;
        QVERIFY2(later.start(serverOptions), qPrintable(later.error()));
        const HttpResult retried = refreshWith(later, refresh1);
        QCOMPARE(retried.status, 401);
        QCOMPARE(errorCode(retried), QStringLiteral("invalid_refresh_token"));
        QVERIFY(later.output().contains("spent refresh token was presented again"));
        QCOMPARE(
            refreshWith(later, lost.json().value(QStringLiteral("refreshToken")).toString()).status,
            401);
        QCOMPARE(familyRevocations(later, serverOptions.database), 1);
    }

    void logoutRevokesTheDevice()
    {
        ServerProcess server;
        QVERIFY2(server.start(options()), qPrintable(server.error()));
        const QJsonObject nurse = demoPerson(server, QStringLiteral("Mira Nurse"));
        const QString username = nurse.value(QStringLiteral("username")).toString();
        const QString password = nurse.value(QStringLiteral("password")).toString();
        const QString phone = newDeviceId();
        const QString laptop = newDeviceId();
        const HttpResult onPhone =
            login(server, QStringLiteral("local"), username, password, phone);
        const HttpResult onLaptop =
            login(server, QStringLiteral("local"), username, password, laptop);
        QCOMPARE(onPhone.status, 200);
        QCOMPARE(onLaptop.status, 200);
        const QString phoneToken = onPhone.json().value(QStringLiteral("accessToken")).toString();
        const QString laptopToken = onLaptop.json().value(QStringLiteral("accessToken")).toString();

        const HttpResult devices =
            call(server, "GET", QStringLiteral("/v1/me/devices"), {}, phoneToken);
        QCOMPARE(devices.status, 200);
        const QJsonArray list = devices.json().value(QStringLiteral("devices")).toArray();
        QCOMPARE(list.size(), 2);
        for (const auto &entry : list) {
            const QJsonObject object = entry.toObject();
            QCOMPARE(object.value(QStringLiteral("current")).toBool(),
                object.value(QStringLiteral("id")).toString() == phone);
            QVERIFY(object.value(QStringLiteral("signedIn")).toBool());
        }

        QCOMPARE(
            call(server, "POST", QStringLiteral("/v1/auth/logout"), {}, phoneToken).status, 204);
        QCOMPARE(call(server, "GET", QStringLiteral("/v1/me"), {}, phoneToken).status, 401);
        QCOMPARE(call(server, "POST", QStringLiteral("/v1/auth/refresh"),
                     QJsonObject { { QStringLiteral("refreshToken"),
                         onPhone.json().value(QStringLiteral("refreshToken")) } })
                     .status,
            401);
        // The other device stays signed in, and sees the phone signed out.
        const HttpResult after =
            call(server, "GET", QStringLiteral("/v1/me/devices"), {}, laptopToken);
        QCOMPARE(after.status, 200);
        for (const auto &entry : after.json().value(QStringLiteral("devices")).toArray()) {
            const QJsonObject object = entry.toObject();
            QCOMPARE(object.value(QStringLiteral("signedIn")).toBool(),
                object.value(QStringLiteral("id")).toString() == laptop);
        }
        const HttpResult anonymous = call(server, "POST", QStringLiteral("/v1/auth/logout"));
        QCOMPARE(anonymous.status, 401);
        QCOMPARE(errorCode(anonymous), QStringLiteral("authentication_required"));
    }

    void accessTokenLastsTwentyFourHours()
    {
        ServerProcess server;
        ServerProcess::Options serverOptions = options();
        QVERIFY2(server.start(serverOptions), qPrintable(server.error()));
        const QJsonObject nurse = demoPerson(server, QStringLiteral("Mira Nurse"));
        const HttpResult signedIn = login(server, QStringLiteral("local"),
            nurse.value(QStringLiteral("username")).toString(),
            nurse.value(QStringLiteral("password")).toString(), newDeviceId());
        QCOMPARE(signedIn.status, 200);
        QCOMPARE(signedIn.json().value(QStringLiteral("accessTokenExpiresAt")).toString().left(16),
            QStringLiteral("2026-11-30T09:00"));
        QCOMPARE(signedIn.json().value(QStringLiteral("refreshTokenExpiresAt")).toString().left(16),
            QStringLiteral("2026-12-29T09:00"));
        const QString access = signedIn.json().value(QStringLiteral("accessToken")).toString();
        QVERIFY(server.stop().has_value());
        serverOptions.dataDir = server.dataDir();

        serverOptions.now = QStringLiteral("2026-11-30T08:50:00Z"); // 23 h 50 min later
        ServerProcess almost;
        QVERIFY2(almost.start(serverOptions), qPrintable(almost.error()));
        QCOMPARE(call(almost, "GET", QStringLiteral("/v1/me"), {}, access).status, 200);
        QVERIFY(almost.stop().has_value());

        serverOptions.now = QStringLiteral("2026-11-30T09:10:00Z"); // 24 h 10 min later
        ServerProcess later;
        QVERIFY2(later.start(serverOptions), qPrintable(later.error()));
        const HttpResult expired = call(later, "GET", QStringLiteral("/v1/me"), {}, access);
        QCOMPARE(expired.status, 401);
        QCOMPARE(errorCode(expired), QStringLiteral("invalid_token"));
        // The refresh token still works and gives a fresh day.
        const HttpResult refreshed = call(later, "POST", QStringLiteral("/v1/auth/refresh"),
            QJsonObject { { QStringLiteral("refreshToken"),
                signedIn.json().value(QStringLiteral("refreshToken")) } });
        QCOMPARE(refreshed.status, 200);
        QCOMPARE(call(later, "GET", QStringLiteral("/v1/me"), {},
                     refreshed.json().value(QStringLiteral("accessToken")).toString())
                     .status,
            200);
    }
};

QTEST_GUILESS_MAIN(TestAuthTokens)
#include "tst_auth_tokens.moc"
