// Identity against the real parts, over TLS from a throwaway CA: tessera-server (SQLite and
// PostgreSQL) with the real slapd as its directory. Sign-in of directory people and local IDs,
// the first-sign-in password change, token expiry, rotation and reuse, sign-out, lockout,
// leavers, the minimum app version, the access log, and no secret in logs or files.
#include "databasekinds.h"
#include "demoaccounts.h"
#include "openapidocument.h"
#include "postgrescluster.h"
#include "serverprocess.h"
#include "serversql.h"
#include "slapdprocess.h"
#include "testhttp.h"
#include "tlsserverfixture.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTcpServer>
#include <QTest>
#include <QWebSocket>

using namespace tessera::test;

namespace {

const QString kStart = QStringLiteral("2026-11-29T09:00:00Z");

QJsonObject device(const QString &id, const QString &appVersion = QStringLiteral("1.0.0"))
{
    return QJsonObject {
        { QStringLiteral("id"), id },
        { QStringLiteral("platform"), QStringLiteral("linux") },
        { QStringLiteral("osVersion"), QStringLiteral("Debian 12") },
        { QStringLiteral("model"), QStringLiteral("Test bench") },
        { QStringLiteral("appVersion"), appVersion },
    };
}

} // namespace

class TestAuth : public QObject
{
    Q_OBJECT

    TlsServerFixture m_tls;
    SlapdProcess m_slapd;
    PostgresCluster m_postgres;
    std::optional<OpenApiDocument> m_api;
    int m_databases = 0;
    int m_devices = 0;

    ServerProcess::Options options(const QString &kind = QStringLiteral("sqlite"))
    {
        ServerProcess::Options options;
        options.now = kStart;
        options.database =
            databaseForKind(m_postgres, kind, QStringLiteral("auth_%1").arg(++m_databases));
        // The certificate with the CA's after it (the chain), unlike tlsServerConfig.
        options.config = QJsonObject { { QStringLiteral("tls"),
            QJsonObject { { QStringLiteral("certificate"), m_tls.certificate().chainFile },
                { QStringLiteral("key"), m_tls.certificate().keyFile } } } };
        options.config.insert(QStringLiteral("directory"),
            QJsonObject {
                { QStringLiteral("url"), m_slapd.url() },
                { QStringLiteral("security"), QStringLiteral("plain") },
                { QStringLiteral("baseDn"), m_slapd.baseDn() },
                { QStringLiteral("bindDn"), m_slapd.serviceBindDn() },
                { QStringLiteral("bindPassword"), m_slapd.servicePassword() },
            });
        options.config.insert(QStringLiteral("minimumAppVersion"), QStringLiteral("0.9.0"));
        return options;
    }

    static void addKinds() { addDatabaseKinds(); }

    QString newDeviceId()
    {
        return QStringLiteral("test-device-%1").arg(++m_devices, 4, 10, QLatin1Char('0'));
    }

    // Calls the server and checks the answer against the OpenAPI file.
    HttpResult call(const ServerProcess &server, const QByteArray &method, const QString &path,
        const QJsonObject &body = {}, const QString &token = {})
    {
        const HttpResult result = httpRequest(method, server.url(path),
            body.isEmpty() ? QByteArray() : compactJson(body), bearer(token));
        if (result.status == 0)
            return result;
        // The documented path: "/v1/admin/users/L1234567/roles" is "/v1/admin/users/{id}/roles".
        QString documented = path;
        for (const OpenApiDocument::Operation &operation : m_api->operations()) {
            QString pattern = QRegularExpression::escape(operation.path);
            pattern.replace(
                QRegularExpression(QStringLiteral("\\\\\\{[^}]+\\\\\\}")), QStringLiteral("[^/]+"));
            if (operation.method == QLatin1String(method)
                && QRegularExpression(QLatin1Char('^') + pattern + QLatin1Char('$'))
                       .match(path)
                       .hasMatch())
                documented = operation.path;
        }
        if (result.status == 204) {
            const auto operation = m_api->operation(QString::fromLatin1(method), documented);
            const bool described = operation
                && operation->object.value(QStringLiteral("responses"))
                       .toObject()
                       .contains(QStringLiteral("204"));
            if (!described || !result.body.isEmpty())
                return HttpResult {};
            return result;
        }
        QString problem;
        const auto schema =
            m_api->responseSchema(QString::fromLatin1(method), documented, result.status, &problem);
        if (!schema) {
            qWarning("%s %s answered %d, which openapi.json does not describe", method.constData(),
                qPrintable(path), result.status);
            return HttpResult {};
        }
        const QStringList errors = m_api->validate(QJsonDocument::fromJson(result.body).isNull()
                ? QJsonValue()
                : QJsonValue(result.json()),
            *schema);
        if (!errors.isEmpty()) {
            qWarning("%s %s %d does not fit its schema: %s", method.constData(), qPrintable(path),
                result.status, qPrintable(errors.join(QStringLiteral("; "))));
            return HttpResult {};
        }
        return result;
    }

    HttpResult login(const ServerProcess &server, const QString &kind, const QString &username,
        const QString &password, const QString &deviceId,
        const QString &appVersion = QStringLiteral("1.0.0"))
    {
        return call(server, "POST", QStringLiteral("/v1/auth/login"),
            QJsonObject { { QStringLiteral("kind"), kind },
                { QStringLiteral("username"), username }, { QStringLiteral("password"), password },
                { QStringLiteral("device"), device(deviceId, appVersion) } });
    }

    // The demo account holding role.
    static QJsonObject accountWithRole(const ServerProcess &server, const QString &role)
    {
        return demoAccountWithRole(server, role);
    }

    static QJsonObject demoPerson(const ServerProcess &server, const QString &displayName)
    {
        return demoAccount(server, displayName);
    }

    // Signs the demo admin in and creates a local ID; answers {userId, temporaryPassword}.
    QJsonObject createLocalUser(const ServerProcess &server, const QJsonArray &roles = {})
    {
        const QJsonObject admin = accountWithRole(server, QStringLiteral("admin"));
        const HttpResult signedIn = login(server, QStringLiteral("local"),
            admin.value(QStringLiteral("username")).toString(),
            admin.value(QStringLiteral("password")).toString(), newDeviceId());
        if (signedIn.status != 200)
            return {};
        const HttpResult created = call(server, "POST", QStringLiteral("/v1/admin/local-users"),
            QJsonObject { { QStringLiteral("displayName"), QStringLiteral("Nia Medic") },
                { QStringLiteral("email"), QStringLiteral("nia.medic@tessera.test") },
                { QStringLiteral("geo"), QStringLiteral("Pune") },
                { QStringLiteral("roles"), roles } },
            signedIn.json().value(QStringLiteral("accessToken")).toString());
        return created.status == 201 ? created.json() : QJsonObject {};
    }

    static QVariant sqlValue(
        const ServerProcess &server, const QString &databaseUrl, const QString &statement)
    {
        const ServerSqlResult result = runServerSql(server.dataDir(), databaseUrl, statement);
        if (!result.ok || !result.hasRow) {
            qWarning("%s", qPrintable(result.error));
            return {};
        }
        return result.value;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(m_tls.create(), qPrintable(m_tls.error()));
        // Every request of this test trusts the throwaway CA, and nothing else is changed: the
        // server's certificate is checked in full (chain, name 127.0.0.1).
        QVERIFY(trustCaByDefault(m_tls.caFile()));
        QVERIFY2(m_slapd.start(), qPrintable(m_slapd.error()));
        QVERIFY2(m_postgres.start(), qPrintable(m_postgres.error()));
        QString error;
        m_api = OpenApiDocument::load(QStringLiteral(TESSERA_OPENAPI_FILE), &error);
        QVERIFY2(m_api.has_value(), qPrintable(error));
    }

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
        for (const QJsonValue &entry : list) {
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
        for (const QJsonValue &entry : after.json().value(QStringLiteral("devices")).toArray()) {
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

    void lockoutAfterFiveFailures()
    {
        ServerProcess server;
        QVERIFY2(server.start(options()), qPrintable(server.error()));
        const auto chen = m_slapd.person(QStringLiteral("chen.li"));
        // Usernames compare case-insensitively, lockout counters included; so do the spellings
        // the directory takes for the same person: spaces around, the user principal name.
        const QStringList spellings { QStringLiteral("chen.li"), QStringLiteral("CHEN.LI"),
            QStringLiteral(" Chen.Li "), QStringLiteral("chen.LI@tessera.test"),
            QStringLiteral("cHEN.li") };
        for (const QString &name : spellings)
            QCOMPARE(login(server, QStringLiteral("ad"), name, QStringLiteral("wrong password"),
                         newDeviceId())
                         .status,
                401);
        const HttpResult locked =
            login(server, QStringLiteral("ad"), chen->username, chen->password, newDeviceId());
        QCOMPARE(locked.status, 429);
        QCOMPARE(errorCode(locked), QStringLiteral("too_many_attempts"));
        const int retryAfter = locked.header("Retry-After").toInt();
        QVERIFY2(retryAfter > 0 && retryAfter <= 15 * 60, locked.header("Retry-After").constData());
        // The same lock covers the password-change endpoint for a local ID, and other people
        // are not affected.
        const auto asha = m_slapd.person(QStringLiteral("asha.rao"));
        QCOMPARE(login(server, QStringLiteral("ad"), asha->username, asha->password, newDeviceId())
                     .status,
            200);
    }

    void lockoutPerAddress()
    {
        ServerProcess server;
        QVERIFY2(server.start(options()), qPrintable(server.error()));
        const QJsonObject nurse = demoPerson(server, QStringLiteral("Mira Nurse"));
        // 30 failures from one address, spread over many names (none reaching its own limit).
        for (int i = 0; i < 30; ++i) {
            const HttpResult result =
                login(server, QStringLiteral("local"), QStringLiteral("guess%1").arg(i / 4),
                    QStringLiteral("wrong password"), newDeviceId());
            QCOMPARE(result.status, 401);
        }
        const HttpResult locked = login(server, QStringLiteral("local"),
            nurse.value(QStringLiteral("username")).toString(),
            nurse.value(QStringLiteral("password")).toString(), newDeviceId());
        QCOMPARE(locked.status, 429);
        QVERIFY(locked.header("Retry-After").toInt() > 0);
        // The password change shares the lock.
        const HttpResult change = call(server, "POST", QStringLiteral("/v1/auth/password"),
            QJsonObject { { QStringLiteral("username"), nurse.value(QStringLiteral("username")) },
                { QStringLiteral("currentPassword"), nurse.value(QStringLiteral("password")) },
                { QStringLiteral("newPassword"), QStringLiteral("copper kettle morning tram") },
                { QStringLiteral("device"), device(newDeviceId()) } });
        QCOMPARE(change.status, 429);
    }

    void leaversLoseTheirSession()
    {
        ServerProcess server;
        QVERIFY2(server.start(options()), qPrintable(server.error()));
        const auto chen = m_slapd.person(QStringLiteral("chen.li"));
        // With a device key, so that the leaver holds a pass an offline scanner would accept.
        QJsonObject phone = device(newDeviceId());
        phone.insert(
            QStringLiteral("publicKey"), QString::fromLatin1(QByteArray(32, '\x07').toBase64()));
        const HttpResult signedIn = call(server, "POST", QStringLiteral("/v1/auth/login"),
            QJsonObject { { QStringLiteral("kind"), QStringLiteral("ad") },
                { QStringLiteral("username"), chen->username },
                { QStringLiteral("password"), chen->password },
                { QStringLiteral("device"), phone } });
        QCOMPARE(signedIn.status, 200);
        const HttpResult pass = call(server, "GET", QStringLiteral("/v1/pass"), {},
            signedIn.json().value(QStringLiteral("accessToken")).toString());
        QCOMPARE(pass.status, 200);
        const QString passId = pass.json().value(QStringLiteral("passId")).toString();
        QVERIFY(!passId.isEmpty());
        QVERIFY2(m_slapd.setAccountDisabled(chen->username, true), qPrintable(m_slapd.error()));
        const HttpResult refreshed = call(server, "POST", QStringLiteral("/v1/auth/refresh"),
            QJsonObject { { QStringLiteral("refreshToken"),
                signedIn.json().value(QStringLiteral("refreshToken")) } });
        QVERIFY2(m_slapd.setAccountDisabled(chen->username, false), qPrintable(m_slapd.error()));
        QCOMPARE(refreshed.status, 401);
        QCOMPARE(errorCode(refreshed), QStringLiteral("invalid_refresh_token"));
        QCOMPARE(call(server, "GET", QStringLiteral("/v1/me"), {},
                     signedIn.json().value(QStringLiteral("accessToken")).toString())
                     .status,
            401);
        // The leaver's pass is revoked too: scanners that sync deny it (DESIGN, decision 4).
        QCOMPARE(
            sqlValue(server, {},
                QStringLiteral("SELECT COUNT(*) FROM revocations WHERE pass_id = '%1'").arg(passId))
                .toInt(),
            1);
    }

    void accessLogIsPruned()
    {
        ServerProcess server;
        ServerProcess::Options serverOptions = options();
        serverOptions.config.insert(
            QStringLiteral("retention"), QJsonObject { { QStringLiteral("accessLogDays"), 30 } });
        QVERIFY2(server.start(serverOptions), qPrintable(server.error()));
        QCOMPARE(login(server, QStringLiteral("local"), QStringLiteral("nobody"),
                     QStringLiteral("wrong"), newDeviceId())
                     .status,
            401);
        // The access log is written in batches (a quarter of a second by default).
        QTRY_COMPARE(
            sqlValue(server, {}, QStringLiteral("SELECT COUNT(*) FROM access_log")).toInt(), 1);
        QCOMPARE(
            sqlValue(server, {}, QStringLiteral("SELECT COUNT(*) FROM login_failures")).toInt(), 2);
        QVERIFY(server.stop().has_value());

        serverOptions.dataDir = server.dataDir();
        serverOptions.now = QStringLiteral("2026-12-20T09:00:00Z"); // 21 days on: kept
        ServerProcess soon;
        QVERIFY2(soon.start(serverOptions), qPrintable(soon.error()));
        QTRY_COMPARE(
            sqlValue(soon, {}, QStringLiteral("SELECT COUNT(*) FROM login_failures")).toInt(), 0);
        QVERIFY(sqlValue(soon, {},
                    QStringLiteral("SELECT COUNT(*) FROM access_log WHERE at < '2026-12'"))
                    .toInt()
            == 1);
        QVERIFY(soon.stop().has_value());

        serverOptions.now = QStringLiteral("2027-01-05T09:00:00Z"); // 37 days on: pruned
        ServerProcess later;
        QVERIFY2(later.start(serverOptions), qPrintable(later.error()));
        QTRY_COMPARE(sqlValue(later, {},
                         QStringLiteral("SELECT COUNT(*) FROM access_log WHERE at < '2026-12'"))
                         .toInt(),
            0);
    }

    void adminManagesPeople()
    {
        ServerProcess server;
        QVERIFY2(server.start(options()), qPrintable(server.error()));
        const QJsonObject admin = accountWithRole(server, QStringLiteral("admin"));
        const HttpResult adminIn = login(server, QStringLiteral("local"),
            admin.value(QStringLiteral("username")).toString(),
            admin.value(QStringLiteral("password")).toString(), newDeviceId());
        const QString adminToken = adminIn.json().value(QStringLiteral("accessToken")).toString();
        const QString adminId = adminIn.json()
                                    .value(QStringLiteral("user"))
                                    .toObject()
                                    .value(QStringLiteral("id"))
                                    .toString();
        const QJsonObject nurse = demoPerson(server, QStringLiteral("Mira Nurse"));
        const QString nurseId = nurse.value(QStringLiteral("userId")).toString();
        const auto nurseSignIn = [&](const QString &password) {
            return login(server, QStringLiteral("local"),
                nurse.value(QStringLiteral("username")).toString(), password, newDeviceId());
        };
        const HttpResult nurseIn = nurseSignIn(nurse.value(QStringLiteral("password")).toString());
        QCOMPARE(nurseIn.status, 200);
        const QString nurseToken = nurseIn.json().value(QStringLiteral("accessToken")).toString();

        // Roles: the admin gives the scanner role; an unknown role is refused.
        const HttpResult roles = call(server, "PUT",
            QStringLiteral("/v1/admin/users/%1/roles").arg(nurseId),
            QJsonObject { { QStringLiteral("roles"), QJsonArray { QStringLiteral("scanner") } } },
            adminToken);
        QCOMPARE(roles.status, 200);
        QCOMPARE(roles.json()
                     .value(QStringLiteral("user"))
                     .toObject()
                     .value(QStringLiteral("roles"))
                     .toArray(),
            QJsonArray { QStringLiteral("scanner") });
        QCOMPARE(call(server, "GET", QStringLiteral("/v1/me"), {}, nurseToken)
                     .json()
                     .value(QStringLiteral("user"))
                     .toObject()
                     .value(QStringLiteral("roles"))
                     .toArray(),
            QJsonArray { QStringLiteral("scanner") });
        QCOMPARE(
            call(server, "PUT", QStringLiteral("/v1/admin/users/%1/roles").arg(nurseId),
                QJsonObject { { QStringLiteral("roles"), QJsonArray { QStringLiteral("king") } } },
                adminToken)
                .status,
            400);
        QCOMPARE(call(server, "PUT", QStringLiteral("/v1/admin/users/%1/roles").arg(adminId),
                     QJsonObject { { QStringLiteral("roles"), QJsonArray {} } }, adminToken)
                     .status,
            422);

        // Disable: every session ends at once and sign-in is refused; enable again.
        QCOMPARE(call(server, "POST", QStringLiteral("/v1/admin/users/%1/disabled").arg(nurseId),
                     QJsonObject { { QStringLiteral("disabled"), true } }, adminToken)
                     .status,
            200);
        QCOMPARE(call(server, "GET", QStringLiteral("/v1/me"), {}, nurseToken).status, 401);
        QCOMPARE(call(server, "POST", QStringLiteral("/v1/auth/refresh"),
                     QJsonObject { { QStringLiteral("refreshToken"),
                         nurseIn.json().value(QStringLiteral("refreshToken")) } })
                     .status,
            401);
        QCOMPARE(errorCode(nurseSignIn(nurse.value(QStringLiteral("password")).toString())),
            QStringLiteral("account_disabled"));
        QCOMPARE(call(server, "POST", QStringLiteral("/v1/admin/users/%1/disabled").arg(nurseId),
                     QJsonObject { { QStringLiteral("disabled"), false } }, adminToken)
                     .status,
            200);
        QCOMPARE(nurseSignIn(nurse.value(QStringLiteral("password")).toString()).status, 200);
        QCOMPARE(call(server, "POST", QStringLiteral("/v1/admin/users/%1/disabled").arg(adminId),
                     QJsonObject { { QStringLiteral("disabled"), true } }, adminToken)
                     .status,
            422);

        // Reset: a new temporary password; the old one stops working; first sign-in again.
        const HttpResult reset = call(server, "POST",
            QStringLiteral("/v1/admin/local-users/%1/reset-password").arg(nurseId), {}, adminToken);
        QCOMPARE(reset.status, 200);
        QCOMPARE(nurseSignIn(nurse.value(QStringLiteral("password")).toString()).status, 401);
        const HttpResult first =
            nurseSignIn(reset.json().value(QStringLiteral("temporaryPassword")).toString());
        QCOMPARE(errorCode(first), QStringLiteral("password_change_required"));
        QCOMPARE(call(server, "POST", QStringLiteral("/v1/admin/local-users/E1002/reset-password"),
                     {}, adminToken)
                     .status,
            404);
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

    void accessLogAndNoSecretsAnywhere()
    {
        ServerProcess server;
        const ServerProcess::Options serverOptions = options();
        QVERIFY2(server.start(serverOptions), qPrintable(server.error()));
        const auto asha = m_slapd.person(QStringLiteral("asha.rao"));
        const QString deviceId = newDeviceId();
        const HttpResult signedIn =
            login(server, QStringLiteral("ad"), asha->username, asha->password, deviceId);
        QCOMPARE(signedIn.status, 200);
        const QString access = signedIn.json().value(QStringLiteral("accessToken")).toString();
        const HttpResult refreshed = call(server, "POST", QStringLiteral("/v1/auth/refresh"),
            QJsonObject { { QStringLiteral("refreshToken"),
                signedIn.json().value(QStringLiteral("refreshToken")) } });
        QCOMPARE(refreshed.status, 200);
        QCOMPARE(call(server, "GET", QStringLiteral("/v1/me"), {},
                     refreshed.json().value(QStringLiteral("accessToken")).toString())
                     .status,
            200);

        const QString rows =
            QStringLiteral("SELECT COUNT(*) FROM access_log WHERE user_id = '%1' AND device_id = "
                           "'%2' AND client_ip = '127.0.0.1' AND ");
        // Written in batches (a quarter of a second by default): waited for.
        QTRY_COMPARE(
            sqlValue(server, {},
                rows.arg(asha->employeeId, deviceId)
                    + QStringLiteral("method = 'GET' AND endpoint = '/v1/me' AND status = 200"))
                .toInt(),
            1);
        QCOMPARE(sqlValue(server, {},
                     rows.arg(asha->employeeId, deviceId)
                         + QStringLiteral(
                             "method = 'POST' AND endpoint = '/v1/auth/login' AND status = 200"))
                     .toInt(),
            1);
        QCOMPARE(sqlValue(server, {},
                     rows.arg(asha->employeeId, deviceId)
                         + QStringLiteral(
                             "method = 'POST' AND endpoint = '/v1/auth/refresh' AND status = 200"))
                     .toInt(),
            1);
        QVERIFY(sqlValue(server, {},
                    QStringLiteral("SELECT COUNT(*) FROM access_log WHERE at LIKE '2026-11-29T%'"))
                    .toInt()
            >= 3);

        QVERIFY(server.stop().has_value());
        const QList<QByteArray> secrets { asha->password.toUtf8(), access.toUtf8(),
            signedIn.json().value(QStringLiteral("refreshToken")).toString().toUtf8(),
            refreshed.json().value(QStringLiteral("accessToken")).toString().toUtf8(),
            refreshed.json().value(QStringLiteral("refreshToken")).toString().toUtf8() };
        const QByteArray output = server.output();
        QDirIterator files(
            server.dataDir(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        QStringList searched;
        while (files.hasNext()) {
            const QString path = files.next();
            QFile file(path);
            QVERIFY(file.open(QIODevice::ReadOnly));
            const QByteArray content = file.readAll();
            for (const QByteArray &secret : secrets)
                QVERIFY2(!content.contains(secret), qPrintable(path));
            searched.append(path);
        }
        QVERIFY(searched.size() >= 2); // the database and the demo accounts at least
        for (const QByteArray &secret : secrets)
            QVERIFY(!output.contains(secret));
    }
};

QTEST_GUILESS_MAIN(TestAuth)
#include "tst_auth.moc"
