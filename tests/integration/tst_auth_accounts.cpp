// Accounts against the real parts: lockout (per person and per address), leavers, the access
// log's pruning, the admin's people management, and no secret in logs or files.
#include "authfixture.h"

using namespace tessera::test;

class TestAuthAccounts : public QObject, protected AuthFixture
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { startParts(); }

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

QTEST_GUILESS_MAIN(TestAuthAccounts)
#include "tst_auth_accounts.moc"
