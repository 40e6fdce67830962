// Attacks on identity and the live stream that must keep failing (docs/SECURITY.md), against the
// real tessera-server on SQLite and PostgreSQL: a password change ends the attacker's other
// session; concurrent wrong passwords get at most 5 checks; a signed-out (disabled, reset) person's
// stream closes at once and hears nothing more; the account's own words are refused as a password.
// The rest of the server side (database file, idempotency keys, large frames): tst_server_hostile.
#include "databasekinds.h"
#include "demoaccounts.h"
#include "postgrescluster.h"
#include "serverprocess.h"
#include "serversql.h"
#include "testhttp.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTest>
#include <QWebSocket>

#include <memory>
#include <sodium.h>

using namespace tessera::test;

namespace {

const QString kStart = QStringLiteral("2026-11-29T09:00:00Z");

} // namespace

class TestAuthHostile : public QObject
{
    Q_OBJECT

    PostgresCluster m_postgres;
    int m_databases = 0;
    int m_keys = 0;

    ServerProcess::Options options(const QString &kind = QStringLiteral("sqlite"))
    {
        ServerProcess::Options options;
        options.now = kStart;
        options.database =
            databaseForKind(m_postgres, kind, QStringLiteral("auth_hostile_%1").arg(++m_databases));
        return options;
    }

    static int count(const ServerProcess &server, const QString &databaseUrl, const QString &sql)
    {
        return serverSqlInt(server.dataDir(), databaseUrl, sql);
    }

    static HttpResult post(const ServerProcess &server, const QString &path,
        const QJsonObject &body, const QString &token = {})
    {
        return httpRequest("POST", server.url(path), compactJson(body), bearer(token));
    }

    static HttpResult changePassword(const ServerProcess &server, const QString &username,
        const QString &current, const QString &next, const QString &deviceId)
    {
        return post(server, QStringLiteral("/v1/auth/password"),
            QJsonObject { { QStringLiteral("username"), username },
                { QStringLiteral("currentPassword"), current },
                { QStringLiteral("newPassword"), next },
                { QStringLiteral("device"), testDevice(deviceId) } });
    }

    static QUrl streamUrl(const ServerProcess &server)
    {
        QUrl url = server.url(QStringLiteral("/v1/stream"));
        url.setScheme(QStringLiteral("ws"));
        return url;
    }

    // Opens a stream with token in the upgrade; true once its hello came. messages collects
    // every text message.
    bool openStream(const ServerProcess &server, QWebSocket &socket, const QString &token,
        QStringList &messages)
    {
        connect(&socket, &QWebSocket::textMessageReceived, this,
            [&messages](const QString &text) { messages.append(text); });
        QNetworkRequest request(streamUrl(server));
        request.setRawHeader("Authorization", "Bearer " + token.toLatin1());
        socket.open(request);
        return QTest::qWaitFor([&messages] { return !messages.isEmpty(); }, 20000)
            && messages.first() == QStringLiteral("{\"type\":\"hello\"}");
    }
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(sodium_init() >= 0);
        QVERIFY2(m_postgres.start(), qPrintable(m_postgres.error()));
    }

    // An attacker signed in with the victim's password (the laptop here) keeps
    // nothing once the victim changes it on their phone: access token, refresh token and live
    // stream all end; the phone stays signed in with the answer's new pair.
    void passwordChangeEndsEveryOtherSession_data() { addDatabaseKinds(); }
    void passwordChangeEndsEveryOtherSession()
    {
        QFETCH(QString, kind);
        ServerProcess server;
        QVERIFY2(server.start(options(kind)), qPrintable(server.error()));
        const QJsonObject mira = demoAccount(server, QStringLiteral("Mira Nurse"));
        const QString username = mira.value(QStringLiteral("username")).toString();
        const QString password = mira.value(QStringLiteral("password")).toString();
        const QJsonObject phone = signInDemo(
            server, QStringLiteral("Mira Nurse"), testDevice(QStringLiteral("hostile-phone")));
        const QJsonObject laptop = signInDemo(
            server, QStringLiteral("Mira Nurse"), testDevice(QStringLiteral("hostile-laptop")));
        const QString laptopAccess = laptop.value(QStringLiteral("accessToken")).toString();
        const QString laptopRefresh = laptop.value(QStringLiteral("refreshToken")).toString();
        QVERIFY(!laptopAccess.isEmpty() && !phone.isEmpty());
        QWebSocket laptopStream;
        QStringList laptopMessages;
        QSignalSpy laptopClosed(&laptopStream, &QWebSocket::disconnected);
        QVERIFY(openStream(server, laptopStream, laptopAccess, laptopMessages));

        const QString chosen = QStringLiteral("copper kettle morning tram");
        const HttpResult changed =
            changePassword(server, username, password, chosen, QStringLiteral("hostile-phone"));
        QCOMPARE(changed.status, 200);

        // The other device: every token refused, its stream closed.
        const HttpResult me =
            httpRequest("GET", server.url(QStringLiteral("/v1/me")), {}, bearer(laptopAccess));
        QCOMPARE(me.status, 401);
        QCOMPARE(errorCode(me), QStringLiteral("invalid_token"));
        const HttpResult refreshed = post(server, QStringLiteral("/v1/auth/refresh"),
            QJsonObject { { QStringLiteral("refreshToken"), laptopRefresh } });
        QCOMPARE(refreshed.status, 401);
        QCOMPARE(errorCode(refreshed), QStringLiteral("invalid_refresh_token"));
        QTRY_COMPARE_WITH_TIMEOUT(laptopClosed.size(), 1, 20000);
        QCOMPARE(int(laptopStream.closeCode()), 4401);
        // The old phone pair is gone too; the pair the change answered works and refreshes.
        QCOMPARE(httpRequest("GET", server.url(QStringLiteral("/v1/me")), {},
                     bearer(phone.value(QStringLiteral("accessToken")).toString()))
                     .status,
            401);
        QCOMPARE(httpRequest("GET", server.url(QStringLiteral("/v1/me")), {},
                     bearer(changed.json().value(QStringLiteral("accessToken")).toString()))
                     .status,
            200);
        QCOMPARE(post(server, QStringLiteral("/v1/auth/refresh"),
                     QJsonObject { { QStringLiteral("refreshToken"),
                         changed.json().value(QStringLiteral("refreshToken")) } })
                     .status,
            200);
        // The old password signs nobody in; the new one does.
        const auto signInWith = [&](const QString &secret) {
            return post(server, QStringLiteral("/v1/auth/login"),
                QJsonObject { { QStringLiteral("kind"), QStringLiteral("local") },
                    { QStringLiteral("username"), username },
                    { QStringLiteral("password"), secret },
                    { QStringLiteral("device"), testDevice(QStringLiteral("hostile-laptop")) } })
                .status;
        };
        QCOMPARE(signInWith(password), 401);
        QCOMPARE(signInWith(chosen), 200);
    }

    // 20 wrong passwords for one name at once, over 4 clients with 5 connections
    // each: the server checks at most 5 of them (401) and refuses the rest before checking
    // (429), so the count of failures recorded stays at 5 at most; the right password is then
    // locked out too. The person's hash is made slower to check (Argon2id, 12 passes over 8 MiB)
    // so that the checks overlap as they would at the server's real cost.
    void concurrentWrongPasswordsGetAtMostFiveChecks_data() { addDatabaseKinds(); }
    void concurrentWrongPasswordsGetAtMostFiveChecks()
    {
        QFETCH(QString, kind);
        ServerProcess server;
        const ServerProcess::Options serverOptions = options(kind);
        QVERIFY2(server.start(serverOptions), qPrintable(server.error()));
        const QJsonObject mira = demoAccount(server, QStringLiteral("Mira Nurse"));
        const QString username = mira.value(QStringLiteral("username")).toString();
        const QByteArray password = "the right one, slow to check";
        char hash[crypto_pwhash_STRBYTES];
        QCOMPARE(crypto_pwhash_str(
                     hash, password.constData(), quint64(password.size()), 12, 8 * 1024 * 1024),
            0);
        const ServerSqlResult slower = runServerSql(server.dataDir(), serverOptions.database,
            QStringLiteral("UPDATE users SET password_hash = '%1' WHERE id = '%2'")
                .arg(QLatin1String(hash), mira.value(QStringLiteral("userId")).toString()));
        QVERIFY2(slower.ok, qPrintable(slower.error));

        constexpr int clients = 4;
        constexpr int perClient = 5;
        std::unique_ptr<QNetworkAccessManager> managers[clients];
        QList<QNetworkReply *> replies;
        for (int c = 0; c < clients; ++c) {
            managers[c] = std::make_unique<QNetworkAccessManager>();
            for (int i = 0; i < perClient; ++i) {
                QNetworkRequest request(server.url(QStringLiteral("/v1/auth/login")));
                request.setHeader(
                    QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
                // Several spellings of one name: they count as one.
                const QString spelling = i % 2 == 0 ? username : username.toUpper();
                replies.append(managers[c]->post(request,
                    compactJson(QJsonObject { { QStringLiteral("kind"), QStringLiteral("local") },
                        { QStringLiteral("username"), spelling },
                        { QStringLiteral("password"),
                            QStringLiteral("wrong guess %1").arg(c * perClient + i) },
                        { QStringLiteral("device"),
                            testDevice(QStringLiteral("hostile-guesser-%1").arg(c)) } })));
            }
        }
        QTRY_VERIFY_WITH_TIMEOUT(
            std::all_of(replies.cbegin(), replies.cend(),
                [](const QNetworkReply *reply) { return reply->isFinished(); }),
            180000);
        int checked = 0;
        int refused = 0;
        for (QNetworkReply *reply : std::as_const(replies)) {
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            if (status == 401)
                ++checked;
            else if (status == 429)
                ++refused;
            else
                qWarning("unexpected answer %d: %s", status, reply->readAll().constData());
            reply->deleteLater();
        }
        QVERIFY2(checked >= 1 && checked <= 5, qPrintable(QString::number(checked)));
        QCOMPARE(checked + refused, clients * perClient);
        const int recorded = count(server, serverOptions.database,
            QStringLiteral("SELECT COUNT(*) FROM login_failures WHERE scope = 'user'"));
        QCOMPARE(recorded, checked);

        const HttpResult right = post(server, QStringLiteral("/v1/auth/login"),
            QJsonObject { { QStringLiteral("kind"), QStringLiteral("local") },
                { QStringLiteral("username"), username },
                { QStringLiteral("password"), QString::fromLatin1(password) },
                { QStringLiteral("device"), testDevice(QStringLiteral("hostile-phone")) } });
        QCOMPARE(right.status, 429);
        QCOMPARE(errorCode(right), QStringLiteral("too_many_attempts"));
        QVERIFY(right.header("Retry-After").toInt() > 0);
    }

    // The slots of attempts in flight count like failures until they end, and a slot whose
    // request never ended (its node stopped mid-check) frees itself when its reservation expires:
    // five such slots refuse a right password (429, Retry-After within a minute), and once they
    // expired the same password signs in.
    void slotsInFlightCountUntilTheyExpire_data() { addDatabaseKinds(); }
    void slotsInFlightCountUntilTheyExpire()
    {
        QFETCH(QString, kind);
        ServerProcess server;
        ServerProcess::Options serverOptions = options(kind);
        QVERIFY2(server.start(serverOptions), qPrintable(server.error()));
        const QJsonObject mira = demoAccount(server, QStringLiteral("Mira Nurse"));
        const QString username = mira.value(QStringLiteral("username")).toString();
        for (int i = 0; i < 5; ++i) {
            const ServerSqlResult reserved = runServerSql(server.dataDir(), serverOptions.database,
                QStringLiteral("INSERT INTO login_in_flight (id, subject, expires_at) VALUES"
                               " ('stale-%1', '%2', '2026-11-29T09:30:00Z')")
                    .arg(i)
                    .arg(username.toLower()));
            QVERIFY2(reserved.ok, qPrintable(reserved.error));
        }
        const auto signIn = [&](const ServerProcess &on) {
            return post(on, QStringLiteral("/v1/auth/login"),
                QJsonObject { { QStringLiteral("kind"), QStringLiteral("local") },
                    { QStringLiteral("username"), username },
                    { QStringLiteral("password"), mira.value(QStringLiteral("password")) },
                    { QStringLiteral("device"), testDevice(QStringLiteral("hostile-phone")) } });
        };
        const HttpResult busy = signIn(server);
        QCOMPARE(busy.status, 429);
        const int retryAfter = busy.header("Retry-After").toInt();
        QVERIFY2(retryAfter >= 1 && retryAfter <= 60, busy.header("Retry-After").constData());
        QVERIFY(server.stop().has_value());

        serverOptions.dataDir = server.dataDir();
        serverOptions.now = QStringLiteral("2026-11-29T09:31:00Z"); // the reservations expired
        ServerProcess later;
        QVERIFY2(later.start(serverOptions), qPrintable(later.error()));
        QCOMPARE(signIn(later).status, 200);
    }

    // Signing out closes the device's stream before the sign-out is answered, so
    // a notification sent right after it is never hinted on that stream.
    void signOutClosesTheStreamAtOnce()
    {
        ServerProcess server;
        QVERIFY2(server.start(options()), qPrintable(server.error()));
        const QJsonObject ben = signInDemo(
            server, QStringLiteral("Ben Okafor"), testDevice(QStringLiteral("hostile-phone")));
        const QString token = ben.value(QStringLiteral("accessToken")).toString();
        const QString benId =
            ben.value(QStringLiteral("user")).toObject().value(QStringLiteral("id")).toString();
        QWebSocket stream;
        QStringList messages;
        QSignalSpy closed(&stream, &QWebSocket::disconnected);
        QVERIFY(openStream(server, stream, token, messages));

        QCOMPARE(post(server, QStringLiteral("/v1/auth/logout"), {}, token).status, 204);
        const HttpResult notified = httpRequest("POST",
            server.url(QStringLiteral("/v1/notifications")), compactJson(leaveRequestFor(benId)),
            bearer(demoApiKey(server).value(QStringLiteral("key")).toString(),
                "hostile-" + QByteArray::number(++m_keys)));
        QCOMPARE(notified.status, 201);
        QTRY_COMPARE_WITH_TIMEOUT(closed.size(), 1, 20000);
        QCOMPARE(int(stream.closeCode()), 4401);
        QCOMPARE(messages, QStringList { QStringLiteral("{\"type\":\"hello\"}") });
    }

    // An admin disabling a person or resetting their password ends all their
    // sessions: their streams close before the admin's answer, so a notification sent right
    // after is not hinted on them.
    void adminEndingSessionsClosesTheStreams_data()
    {
        QTest::addColumn<bool>("disable");
        QTest::newRow("disabled") << true;
        QTest::newRow("password reset") << false;
    }
    void adminEndingSessionsClosesTheStreams()
    {
        QFETCH(bool, disable);
        ServerProcess server;
        QVERIFY2(server.start(options()), qPrintable(server.error()));
        const QJsonObject ben = signInDemo(
            server, QStringLiteral("Ben Okafor"), testDevice(QStringLiteral("hostile-phone")));
        const QString benId =
            ben.value(QStringLiteral("user")).toObject().value(QStringLiteral("id")).toString();
        QWebSocket stream;
        QStringList messages;
        QSignalSpy closed(&stream, &QWebSocket::disconnected);
        QVERIFY(openStream(
            server, stream, ben.value(QStringLiteral("accessToken")).toString(), messages));
        const QJsonObject admin = signInDemo(server,
            demoAccountWithRole(server, QStringLiteral("admin"))
                .value(QStringLiteral("displayName"))
                .toString(),
            testDevice(QStringLiteral("hostile-admin")));
        const QString adminToken = admin.value(QStringLiteral("accessToken")).toString();
        const HttpResult ended = disable
            ? post(server, QStringLiteral("/v1/admin/users/%1/disabled").arg(benId),
                QJsonObject { { QStringLiteral("disabled"), true } }, adminToken)
            : post(server, QStringLiteral("/v1/admin/local-users/%1/reset-password").arg(benId), {},
                adminToken);
        QCOMPARE(ended.status, 200);
        // (A disabled person is no recipient: then Asha gets it alone.)
        const QJsonObject notification = leaveRequestFor(disable ? QStringLiteral("E1001") : benId);
        QCOMPARE(httpRequest("POST", server.url(QStringLiteral("/v1/notifications")),
                     compactJson(notification),
                     bearer(demoApiKey(server).value(QStringLiteral("key")).toString(),
                         "hostile-" + QByteArray::number(++m_keys)))
                     .status,
            201);
        QTRY_COMPARE_WITH_TIMEOUT(closed.size(), 1, 20000);
        QCOMPARE(int(stream.closeCode()), 4401);
        QCOMPARE(messages, QStringList { QStringLiteral("{\"type\":\"hello\"}") });
    }

    // A person's user name, ID, name and e-mail address are refused as (part of) a
    // new password, with words that say which.
    void theAccountsOwnWordsAreNoPassword()
    {
        ServerProcess server;
        QVERIFY2(server.start(options()), qPrintable(server.error()));
        const QJsonObject admin = signInDemo(server,
            demoAccountWithRole(server, QStringLiteral("admin"))
                .value(QStringLiteral("displayName"))
                .toString(),
            testDevice(QStringLiteral("hostile-admin")));
        const HttpResult created = post(server, QStringLiteral("/v1/admin/local-users"),
            QJsonObject { { QStringLiteral("displayName"), QStringLiteral("Florence Nightingale") },
                { QStringLiteral("email"), QStringLiteral("lady.lamp@tessera.test") },
                { QStringLiteral("roles"), QJsonArray {} } },
            admin.value(QStringLiteral("accessToken")).toString());
        QCOMPARE(created.status, 201);
        const QString userId = created.json().value(QStringLiteral("userId")).toString();
        const QString temporary =
            created.json().value(QStringLiteral("temporaryPassword")).toString();

        const QList<std::pair<QString, QString>> refused {
            { QStringLiteral("Florence Nightingale"), QStringLiteral("your name") },
            { QStringLiteral("florence.nightingale"), QStringLiteral("your name") },
            { QStringLiteral("NIGHTINGALE copper tram"), QStringLiteral("your name") },
            { QStringLiteral("lady.lamp@tessera.test"), QStringLiteral("e-mail") },
            { QStringLiteral("Lady Lamp kettle morning"), QStringLiteral("e-mail") },
            { userId.toLower() + QStringLiteral(" kettle morning"), QStringLiteral("user name") },
        };
        for (const auto &[password, says] : refused) {
            const HttpResult answer = changePassword(
                server, userId, temporary, password, QStringLiteral("hostile-phone"));
            QVERIFY2(answer.status == 422, qPrintable(password));
            QCOMPARE(errorCode(answer), QStringLiteral("weak_password"));
            const QString message = answer.json()
                                        .value(QStringLiteral("error"))
                                        .toObject()
                                        .value(QStringLiteral("message"))
                                        .toString();
            QVERIFY2(message.contains(says), qPrintable(message));
        }
        QCOMPARE(changePassword(server, userId, temporary,
                     QStringLiteral("copper kettle morning tram"), QStringLiteral("hostile-phone"))
                     .status,
            200);
    }
};

QTEST_GUILESS_MAIN(TestAuthHostile)
#include "tst_auth_hostile.moc"
