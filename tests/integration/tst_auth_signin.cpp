// Signing in against the real parts over TLS: HTTPS only, directory people and their refusals,
// a directory that is down or silent, local IDs and their first-sign-in password change, and the
// minimum app version.
#include "authfixture.h"

using namespace tessera::test;

class TestAuthSignIn : public QObject, protected AuthFixture
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { startParts(); }

    void servesOnlyHttps()
    {
        ServerProcess server;
        QVERIFY2(server.start(options()), qPrintable(server.error()));
        QCOMPARE(server.url().scheme(), QStringLiteral("https"));
        const HttpResult health = httpRequest("GET", server.url(QStringLiteral("/v1/health")));
        QCOMPARE(health.status, 200);
        // The Date header tells the server's clock (started at kStart by --now).
        QVERIFY2(health.header("Date").startsWith("Sun, 29 Nov 2026 09:0"),
            health.header("Date").constData());
        QUrl plain = server.url(QStringLiteral("/v1/health"));
        plain.setScheme(QStringLiteral("http"));
        QCOMPARE(httpRequest("GET", plain).status, 0);

        // The live stream is WSS on the same port, with the same certificate.
        const QString token =
            signInDemo(server, QStringLiteral("Mira Nurse"), testDevice(newDeviceId()))
                .value(QStringLiteral("accessToken"))
                .toString();
        QVERIFY(!token.isEmpty());
        QUrl streamUrl = server.url(QStringLiteral("/v1/stream"));
        streamUrl.setScheme(QStringLiteral("wss"));
        QNetworkRequest request(streamUrl);
        request.setRawHeader("Authorization", "Bearer " + token.toLatin1());
        QWebSocket socket;
        QStringList messages;
        connect(&socket, &QWebSocket::textMessageReceived, this,
            [&messages](const QString &text) { messages.append(text); });
        socket.open(request);
        QTRY_COMPARE_WITH_TIMEOUT(messages.size(), 1, 10000);
        QCOMPARE(messages.first(), QStringLiteral("{\"type\":\"hello\"}"));
        socket.close();
    }

    void directorySignIn()
    {
        ServerProcess server;
        QVERIFY2(server.start(options()), qPrintable(server.error()));
        const auto asha = m_slapd.person(QStringLiteral("asha.rao"));
        QVERIFY(asha.has_value());
        // sAMAccountName, any case; the user principal name works too.
        for (const QString &name : { QStringLiteral("Asha.Rao"), asha->userPrincipalName }) {
            const HttpResult result =
                login(server, QStringLiteral("ad"), name, asha->password, newDeviceId());
            QCOMPARE(result.status, 200);
            const QJsonObject body = result.json();
            QVERIFY(body.value(QStringLiteral("accessToken"))
                        .toString()
                        .startsWith(QStringLiteral("tsa_")));
            QVERIFY(body.value(QStringLiteral("refreshToken"))
                        .toString()
                        .startsWith(QStringLiteral("tsr_")));
            // 24 hours after the server's clock (started at kStart, running on from there).
            QVERIFY(body.value(QStringLiteral("accessTokenExpiresAt"))
                        .toString()
                        .startsWith(QStringLiteral("2026-11-30T09:0")));
            const QJsonObject user = body.value(QStringLiteral("user")).toObject();
            QCOMPARE(user.value(QStringLiteral("id")).toString(), asha->employeeId);
            QCOMPARE(user.value(QStringLiteral("employeeId")).toString(), asha->employeeId);
            QCOMPARE(user.value(QStringLiteral("kind")).toString(), QStringLiteral("ad"));
            QCOMPARE(user.value(QStringLiteral("email")).toString(), asha->mail);
            QCOMPARE(user.value(QStringLiteral("department")).toString(), asha->department);
            QCOMPARE(user.value(QStringLiteral("geo")).toString(), asha->geo);
            QCOMPARE(user.value(QStringLiteral("userType")).toString(), QStringLiteral("employee"));
            // Ben reports to Asha in the directory.
            QVERIFY(user.value(QStringLiteral("roles"))
                        .toArray()
                        .contains(QJsonValue(QStringLiteral("manager"))));

            const HttpResult me = call(server, "GET", QStringLiteral("/v1/me"), {},
                body.value(QStringLiteral("accessToken")).toString());
            QCOMPARE(me.status, 200);
            QCOMPARE(me.json().value(QStringLiteral("user")).toObject(), user);
        }
        const auto ben = m_slapd.person(QStringLiteral("ben.okafor"));
        const HttpResult benSignIn =
            login(server, QStringLiteral("ad"), ben->username, ben->password, newDeviceId());
        QCOMPARE(benSignIn.status, 200);
        QCOMPARE(benSignIn.json()
                     .value(QStringLiteral("user"))
                     .toObject()
                     .value(QStringLiteral("roles"))
                     .toArray(),
            QJsonArray {});
    }

    void directoryRefusals()
    {
        ServerProcess server;
        QVERIFY2(server.start(options()), qPrintable(server.error()));
        const auto chen = m_slapd.person(QStringLiteral("chen.li"));
        const HttpResult wrong = login(server, QStringLiteral("ad"), chen->username,
            chen->password + QStringLiteral("x"), newDeviceId());
        const HttpResult unknown = login(server, QStringLiteral("ad"),
            QStringLiteral("nobody.here"), chen->password, newDeviceId());
        const HttpResult empty =
            login(server, QStringLiteral("ad"), chen->username, QString(), newDeviceId());
        for (const HttpResult &result : { wrong, unknown, empty }) {
            QCOMPARE(result.status, 401);
            QCOMPARE(result.body, wrong.body); // nothing tells a guesser which names exist
        }
        QCOMPARE(errorCode(wrong), QStringLiteral("invalid_credentials"));
        // A local ID's password does not work as a network account and the other way round.
        const QJsonObject scanner = accountWithRole(server, QStringLiteral("scanner"));
        QCOMPARE(login(server, QStringLiteral("ad"),
                     scanner.value(QStringLiteral("username")).toString(),
                     scanner.value(QStringLiteral("password")).toString(), newDeviceId())
                     .status,
            401);
        QCOMPARE(
            login(server, QStringLiteral("local"), chen->username, chen->password, newDeviceId())
                .status,
            401);

        const auto dana = m_slapd.person(QStringLiteral("dana.pike")); // disabled in the directory
        QVERIFY(dana->disabled);
        const HttpResult disabled =
            login(server, QStringLiteral("ad"), dana->username, dana->password, newDeviceId());
        QCOMPARE(disabled.status, 403);
        QCOMPARE(errorCode(disabled), QStringLiteral("account_disabled"));

        const HttpResult malformed = call(server, "POST", QStringLiteral("/v1/auth/login"),
            QJsonObject { { QStringLiteral("kind"), QStringLiteral("ad") },
                { QStringLiteral("username"), chen->username },
                { QStringLiteral("password"), chen->password },
                { QStringLiteral("device"), device(QStringLiteral("x")) } });
        QCOMPARE(malformed.status, 400);
        QVERIFY(malformed.json()
                    .value(QStringLiteral("error"))
                    .toObject()
                    .value(QStringLiteral("message"))
                    .toString()
                    .contains(QStringLiteral("device.id")));
    }

    void directoryDownIsNotWrongPassword()
    {
        ServerProcess server;
        QVERIFY2(server.start(options()), qPrintable(server.error()));
        const auto asha = m_slapd.person(QStringLiteral("asha.rao"));
        const HttpResult before =
            login(server, QStringLiteral("ad"), asha->username, asha->password, newDeviceId());
        QCOMPARE(before.status, 200);
        m_slapd.stop();
        const HttpResult down =
            login(server, QStringLiteral("ad"), asha->username, asha->password, newDeviceId());
        // The refresh of a directory account asks the directory too: it stays valid meanwhile.
        const HttpResult refreshDown = call(server, "POST", QStringLiteral("/v1/auth/refresh"),
            QJsonObject { { QStringLiteral("refreshToken"),
                before.json().value(QStringLiteral("refreshToken")) } });
        QVERIFY2(m_slapd.start(), qPrintable(m_slapd.error()));
        QCOMPARE(down.status, 503);
        QCOMPARE(errorCode(down), QStringLiteral("directory_unavailable"));
        QCOMPARE(refreshDown.status, 503);
        const HttpResult refreshUp = call(server, "POST", QStringLiteral("/v1/auth/refresh"),
            QJsonObject { { QStringLiteral("refreshToken"),
                before.json().value(QStringLiteral("refreshToken")) } });
        QCOMPARE(refreshUp.status, 200);
        // The server kept serving while the directory was away.
        QCOMPARE(httpRequest("GET", server.url(QStringLiteral("/v1/health"))).status, 200);
    }

    void silentDirectoryDoesNotStallTheServer()
    {
        // A "directory" that takes connections and never says a word: each sign-in waits for
        // the directory's time-outs on a worker thread while the server answers everyone else.
        QTcpServer silent;
        QVERIFY(silent.listen(QHostAddress::LocalHost));
        ServerProcess::Options serverOptions = options();
        QJsonObject directory = serverOptions.config.value(QStringLiteral("directory")).toObject();
        directory.insert(
            QStringLiteral("url"), QStringLiteral("ldap://127.0.0.1:%1").arg(silent.serverPort()));
        serverOptions.config.insert(QStringLiteral("directory"), directory);
        ServerProcess server;
        QVERIFY2(server.start(serverOptions), qPrintable(server.error()));

        QNetworkAccessManager network;
        QNetworkRequest request(server.url(QStringLiteral("/v1/auth/login")));
        request.setHeader(
            QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        request.setTransferTimeout(60000);
        QList<QNetworkReply *> signIns;
        for (int i = 0; i < 3; ++i) {
            signIns.append(network.post(request,
                compactJson(QJsonObject { { QStringLiteral("kind"), QStringLiteral("ad") },
                    { QStringLiteral("username"), QStringLiteral("asha.rao") },
                    { QStringLiteral("password"), QStringLiteral("whatever it is") },
                    { QStringLiteral("device"), device(newDeviceId()) } })));
        }
        QTest::qWait(200);
        const HttpResult health = httpRequest("GET", server.url(QStringLiteral("/v1/health")));
        QCOMPARE(health.status, 200);
        for (QNetworkReply *reply : std::as_const(signIns))
            QVERIFY2(!reply->isFinished(), "the sign-ins are still waiting for the directory");
        for (QNetworkReply *reply : std::as_const(signIns)) {
            QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 60000);
            QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 503);
            reply->deleteLater();
        }
    }

    void localFirstSignIn_data() { addKinds(); }
    void localFirstSignIn()
    {
        QFETCH(QString, kind);
        ServerProcess server;
        const ServerProcess::Options serverOptions = options(kind);
        QVERIFY2(server.start(serverOptions), qPrintable(server.error()));
        const QJsonObject created = createLocalUser(server, { QStringLiteral("scanner") });
        const QString userId = created.value(QStringLiteral("userId")).toString();
        const QString temporary = created.value(QStringLiteral("temporaryPassword")).toString();
        QVERIFY2(QRegularExpression(QStringLiteral("^L[1-9][0-9]{6}$")).match(userId).hasMatch(),
            qPrintable(userId));
        QVERIFY(temporary.size() >= 12);

        const QString deviceId = newDeviceId();
        const HttpResult first =
            login(server, QStringLiteral("local"), userId.toLower(), temporary, deviceId);
        QCOMPARE(first.status, 403);
        QCOMPARE(errorCode(first), QStringLiteral("password_change_required"));
        QVERIFY(!first.body.contains("accessToken"));

        const auto change = [&](const QString &current, const QString &next) {
            return call(server, "POST", QStringLiteral("/v1/auth/password"),
                QJsonObject { { QStringLiteral("username"), userId },
                    { QStringLiteral("currentPassword"), current },
                    { QStringLiteral("newPassword"), next },
                    { QStringLiteral("device"), device(deviceId) } });
        };
        const QStringList weakPasswords { QStringLiteral("short-one"),
            QStringLiteral("password1234"), QStringLiteral("QwertyUiop123"),
            QStringLiteral("aaaaaaaaaaaaaaaa"), QString(userId + QStringLiteral("-secret")),
            temporary };
        for (const QString &weak : weakPasswords) {
            const HttpResult refused = change(temporary, weak);
            QCOMPARE(refused.status, 422);
            QCOMPARE(errorCode(refused), QStringLiteral("weak_password"));
            QVERIFY(!refused.json()
                         .value(QStringLiteral("error"))
                         .toObject()
                         .value(QStringLiteral("message"))
                         .toString()
                         .isEmpty());
        }
        const QString chosen = QStringLiteral("copper kettle morning tram");
        QCOMPARE(change(QStringLiteral("not-the-temporary-one"), chosen).status, 401);
        const HttpResult changed = change(temporary, chosen);
        QCOMPARE(changed.status, 200);
        const QJsonObject user = changed.json().value(QStringLiteral("user")).toObject();
        QCOMPARE(user.value(QStringLiteral("id")).toString(), userId);
        QCOMPARE(user.value(QStringLiteral("kind")).toString(), QStringLiteral("local"));
        QCOMPARE(user.value(QStringLiteral("userType")).toString(), QStringLiteral("non_employee"));
        QVERIFY(user.value(QStringLiteral("employeeId")).isNull());
        QCOMPARE(user.value(QStringLiteral("roles")).toArray(),
            QJsonArray { QStringLiteral("scanner") });

        QCOMPARE(login(server, QStringLiteral("local"), userId, temporary, deviceId).status, 401);
        QCOMPARE(login(server, QStringLiteral("local"), userId, chosen, deviceId).status, 200);
        // The password is stored as an Argon2id hash, never as given.
        const QString stored = sqlValue(server, serverOptions.database,
            QStringLiteral("SELECT password_hash FROM users WHERE id = '%1'").arg(userId))
                                   .toString();
        QVERIFY2(stored.startsWith(QStringLiteral("$argon2id$")), qPrintable(stored));
    }

    void temporaryPasswordExpires()
    {
        ServerProcess server;
        ServerProcess::Options serverOptions = options();
        QVERIFY2(server.start(serverOptions), qPrintable(server.error()));
        const QJsonObject created = createLocalUser(server);
        QVERIFY(server.stop().has_value());
        serverOptions.dataDir = server.dataDir();
        serverOptions.now = QStringLiteral("2026-12-02T09:30:00Z"); // 72 h and a half later
        ServerProcess later;
        QVERIFY2(later.start(serverOptions), qPrintable(later.error()));
        const HttpResult result = login(later, QStringLiteral("local"),
            created.value(QStringLiteral("userId")).toString(),
            created.value(QStringLiteral("temporaryPassword")).toString(), newDeviceId());
        QCOMPARE(result.status, 403);
        QCOMPARE(errorCode(result), QStringLiteral("temporary_password_expired"));
    }

    void oldAppsMustUpgrade()
    {
        ServerProcess server;
        QVERIFY2(server.start(options()), qPrintable(server.error()));
        const auto asha = m_slapd.person(QStringLiteral("asha.rao"));
        const HttpResult old = login(server, QStringLiteral("ad"), asha->username, asha->password,
            newDeviceId(), QStringLiteral("0.8.9"));
        QCOMPARE(old.status, 426);
        QCOMPARE(errorCode(old), QStringLiteral("upgrade_required"));
    }
};

QTEST_GUILESS_MAIN(TestAuthSignIn)
#include "tst_auth_signin.moc"
