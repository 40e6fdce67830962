// tessera-cli's identity commands as a person runs them, against the real server over TLS (a
// throwaway CA), with the tokens in the real Secret Service and the data in a --data folder:
// login, the first-sign-in password change, whoami, admin create-local-user, admin keys, logout,
// key pins, and no password, token or e-mail address in the data folder, the settings or the
// output.
#include "clitestrunner.h"
#include "demoaccounts.h"
#include "identity/deviceid.h"
#include "identity/session.h"
#include "keyringsession.h"
#include "net/tlspolicy.h"
#include "serverprocess.h"
#include "storage/database.h"
#include "storage/keychainsecretstore.h"
#include "tlsserverfixture.h"

#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QJsonArray>
#include <QJsonObject>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

using namespace tessera;
using namespace tessera::test;

namespace {

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// A secret as the session keeps it: the tokens and the database key are fields of one keyring
// entry (SessionVault).
SecretResult readSecret(const QString &service, const QString &name)
{
    KeychainSecretStore store(service);
    SessionVault vault(store);
    QFuture<SecretResult> future = vault.read(name);
    if (!QTest::qWaitFor([&] { return future.isFinished(); }, 60000))
        return SecretResult { SecretOutcome::Unavailable, {}, QStringLiteral("timed out") };
    return future.result();
}

} // namespace

class TestCliIdentity : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    TlsServerFixture m_tls;
    ServerProcess m_server;
    CliRunner m_cli { QStringLiteral(TESSERA_CLI_BINARY), [this] { return m_server.url(); }, {},
        { { QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("tessera.*=true") } } };
    QJsonObject m_admin;
    QString m_adminData;
    QString m_userData;
    QString m_userId;
    QString m_userEmail;
    QString m_userPassword;
    QByteArray m_outputs; // what the sign-in commands printed

    RunResult cli(const QString &dataDir, const QStringList &arguments,
        const QByteArray &input = {}, const QMap<QString, QString> &env = {})
    {
        return m_cli.run(dataDir, arguments, env, true, input);
    }

    // The keyring service tessera-cli uses for a data folder.
    static QString serviceOf(const QString &dataDir)
    {
        return QStringLiteral("tessera-cli-")
            + QString::fromLatin1(QCryptographicHash::hash(
                QDir(dataDir).canonicalPath().toUtf8(), QCryptographicHash::Sha256)
                                      .toHex()
                                      .left(16));
    }

    static QString deviceIdOf(const QString &dataDir)
    {
        QSettings settings(dataDir + QStringLiteral("/settings.ini"), QSettings::IniFormat);
        return settings.value(DeviceId::settingsKey()).toString();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY2(hasKeyringSession(), noKeyringSession);
        QVERIFY2(m_tls.create(), qPrintable(m_tls.error()));
        m_cli.caFile = m_tls.caFile();
        QVERIFY2(m_server.start(m_tls.serverOptions({}, cheapPasswordHashing())),
            qPrintable(m_server.error()));
        m_admin = demoAccountWithRole(m_server, QStringLiteral("admin"));
        QVERIFY2(!m_admin.isEmpty(), "no demo admin");
        m_adminData = m_dir.filePath(QStringLiteral("admin"));
        m_userData = m_dir.filePath(QStringLiteral("user"));
        QDir().mkpath(m_adminData);
        QDir().mkpath(m_userData);
    }

    void usage()
    {
        QCOMPARE(cli(m_userData, { QStringLiteral("login") }).exitCode, 2);
        QCOMPARE(
            cli(m_userData,
                { QStringLiteral("login"), QStringLiteral("--kind"), QStringLiteral("kerberos"),
                    QStringLiteral("--user"), QStringLiteral("a") })
                .exitCode,
            2);
        // No password on standard input nor in the environment.
        QCOMPARE(cli(m_userData,
                     { QStringLiteral("login"), QStringLiteral("--kind"), QStringLiteral("local"),
                         QStringLiteral("--user"), QStringLiteral("a") })
                     .exitCode,
            2);
        // There is no way to give a password on the command line.
        QCOMPARE(cli(m_userData,
                     { QStringLiteral("login"), QStringLiteral("--kind"), QStringLiteral("local"),
                         QStringLiteral("--user"), QStringLiteral("a"),
                         QStringLiteral("--password"), QStringLiteral("x") })
                     .exitCode,
            2);
        QCOMPARE(cli(m_userData,
                     { QStringLiteral("whoami"), QStringLiteral("--user"), QStringLiteral("a") })
                     .exitCode,
            2);
        QCOMPARE(cli(m_userData, { QStringLiteral("admin"), QStringLiteral("create-local-user") })
                     .exitCode,
            2);
        const RunResult plain = cli(m_userData,
            { QStringLiteral("--server"), QStringLiteral("http://192.0.2.10:8080"),
                QStringLiteral("--allow-plain-http"), QStringLiteral("whoami") });
        QCOMPARE(plain.exitCode, 2);
        QCOMPARE(errorCode(plain.output), QStringLiteral("bad_server_address"));
        const RunResult badPin = cli(m_userData,
            { QStringLiteral("--pin"), QStringLiteral("sha256/nope"), QStringLiteral("whoami") });
        QCOMPARE(badPin.exitCode, 2);
        QCOMPARE(errorCode(badPin.output), QStringLiteral("bad_pin"));
    }

    void wrongPassword()
    {
        const RunResult result = cli(m_userData,
            { QStringLiteral("login"), QStringLiteral("--kind"), QStringLiteral("local"),
                QStringLiteral("--user"), QStringLiteral("nobody.here") },
            QByteArrayLiteral("not-the-password\n"));
        QCOMPARE(result.exitCode, 1);
        QCOMPARE(errorCode(result.output), QStringLiteral("invalid_credentials"));
        QCOMPARE(lastJson(result.output)
                     .value(QStringLiteral("error"))
                     .toObject()
                     .value(QStringLiteral("message"))
                     .toString(),
            QStringLiteral("Wrong user name or password."));
    }

    void adminCreatesLocalUser()
    {
        const RunResult login = cli(m_adminData,
            CliRunner::loginArguments(m_admin.value(QStringLiteral("username")).toString()),
            m_admin.value(QStringLiteral("password")).toString().toUtf8() + '\n');
        QVERIFY2(login.exitCode == 0, login.output.constData());
        QCOMPARE(lastJson(login.output).value(QStringLiteral("status")).toString(),
            QStringLiteral("signed_in"));

        const RunResult whoami = cli(m_adminData, { QStringLiteral("whoami") });
        QVERIFY2(whoami.exitCode == 0, whoami.output.constData());
        QCOMPARE(lastJson(whoami.output)
                     .value(QStringLiteral("user"))
                     .toObject()
                     .value(QStringLiteral("id"))
                     .toString(),
            m_admin.value(QStringLiteral("userId")).toString());

        m_userEmail = QStringLiteral("medic-%1@tessera.test")
                          .arg(QUuid::createUuid().toString(QUuid::Id128).left(8));
        const RunResult created = cli(m_adminData,
            { QStringLiteral("admin"), QStringLiteral("create-local-user"),
                QStringLiteral("--name"), QStringLiteral("Meera Medic"), QStringLiteral("--email"),
                m_userEmail, QStringLiteral("--geo"), QStringLiteral("Pune"),
                QStringLiteral("--role"), QStringLiteral("scanner") });
        QVERIFY2(created.exitCode == 0, created.output.constData());
        const QJsonObject answer = lastJson(created.output);
        m_userId = answer.value(QStringLiteral("userId")).toString();
        QVERIFY(m_userId.startsWith(QLatin1Char('L')));
        const QString temporary = answer.value(QStringLiteral("temporaryPassword")).toString();
        QVERIFY(!temporary.isEmpty());

        // Without a session in its data folder the command says so.
        const RunResult notAdmin = cli(m_userData,
            { QStringLiteral("admin"), QStringLiteral("create-local-user"),
                QStringLiteral("--name"), QStringLiteral("X"), QStringLiteral("--email"),
                QStringLiteral("x@tessera.test") });
        QCOMPARE(notAdmin.exitCode, 1);
        QCOMPARE(errorCode(notAdmin.output), QStringLiteral("not_signed_in"));

        // First sign-in: the CLI says to set a password.
        const RunResult first = cli(m_userData, CliRunner::loginArguments(m_userId), {},
            { { QStringLiteral("TESSERA_PASSWORD"), temporary } });
        m_outputs += first.output;
        QCOMPARE(first.exitCode, 1);
        QCOMPARE(errorCode(first.output), QStringLiteral("password_change_required"));
        QVERIFY(first.output.contains("set-password"));

        const RunResult weak =
            cli(m_userData, { QStringLiteral("set-password"), QStringLiteral("--user"), m_userId },
                temporary.toUtf8() + "\npassword\n");
        QCOMPARE(weak.exitCode, 1);
        QCOMPARE(errorCode(weak.output), QStringLiteral("weak_password"));

        m_userPassword =
            QStringLiteral("Ward-%1-Pune").arg(QUuid::createUuid().toString(QUuid::Id128).left(12));
        const RunResult set =
            cli(m_userData, { QStringLiteral("set-password"), QStringLiteral("--user"), m_userId },
                temporary.toUtf8() + '\n' + m_userPassword.toUtf8() + '\n');
        m_outputs += set.output;
        QVERIFY2(set.exitCode == 0, set.output.constData());
        QCOMPARE(lastJson(set.output)
                     .value(QStringLiteral("user"))
                     .toObject()
                     .value(QStringLiteral("id"))
                     .toString(),
            m_userId);

        const RunResult again =
            cli(m_userData, CliRunner::loginArguments(m_userId), m_userPassword.toUtf8() + '\n');
        m_outputs += again.output;
        QVERIFY2(again.exitCode == 0, again.output.constData());

        const RunResult whoUser = cli(m_userData, { QStringLiteral("whoami") });
        QVERIFY2(whoUser.exitCode == 0, whoUser.output.constData());
        const QJsonObject user = lastJson(whoUser.output).value(QStringLiteral("user")).toObject();
        QCOMPARE(user.value(QStringLiteral("id")).toString(), m_userId);
        QCOMPARE(user.value(QStringLiteral("email")).toString(), m_userEmail);
        QCOMPARE(lastJson(whoUser.output).value(QStringLiteral("deviceId")).toString(),
            deviceIdOf(m_userData));

        // Human output.
        const RunResult human = runProgram(QStringLiteral(TESSERA_CLI_BINARY),
            { QStringLiteral("--server"), m_server.url().toString(), QStringLiteral("--ca-file"),
                m_tls.caFile(), QStringLiteral("--data"), m_userData, QStringLiteral("whoami") });
        QVERIFY2(human.exitCode == 0, human.output.constData());
        QVERIFY(human.output.contains(QByteArray("Meera Medic (" + m_userId.toUtf8() + ")")));
    }

    // admin keys create (with scopes), list, rotate (with an overlap; a second one forced),
    // scopes and revoke, as the signed-in admin.
    void adminManagesApiKeys()
    {
        const QStringList keys { QStringLiteral("admin"), QStringLiteral("keys") };
        QCOMPARE(cli(m_adminData, keys + QStringList { QStringLiteral("create") }).exitCode, 2);
        QCOMPARE(cli(m_adminData,
                     keys
                         + QStringList { QStringLiteral("rotate"), QStringLiteral("key_x"),
                             QStringLiteral("--overlap"), QStringLiteral("-5") })
                     .exitCode,
            2);
        const RunResult created = cli(m_adminData,
            keys
                + QStringList { QStringLiteral("create"), QStringLiteral("--subsystem"),
                    QStringLiteral("payroll"), QStringLiteral("--callback-prefix"),
                    QStringLiteral("https://payroll.example/hooks"), QStringLiteral("--scopes"),
                    QStringLiteral("notifications:read, events:read") });
        QVERIFY2(created.exitCode == 0, created.output.constData());
        const QJsonObject made = lastJson(created.output);
        const QString id = made.value(QStringLiteral("id")).toString();
        const QString key = made.value(QStringLiteral("key")).toString();
        const QString secret = made.value(QStringLiteral("webhookSecret")).toString();
        QVERIFY(id.startsWith(QStringLiteral("key_")));
        QVERIFY(
            key.startsWith(QStringLiteral("tsk_")) && secret.startsWith(QStringLiteral("whsec_")));

        const auto listed = [&]() {
            const RunResult list = cli(m_adminData, keys + QStringList { QStringLiteral("list") });
            if (list.exitCode != 0 || list.output.contains(key.toUtf8())
                || list.output.contains(secret.toUtf8()))
                qWarning() << list.output;
            QJsonObject found;
            for (const QJsonObject &line : jsonLines(list.output)) {
                if (line.value(QStringLiteral("id")).toString() == id)
                    found = line;
            }
            return list.exitCode == 0 && !list.output.contains(key.toUtf8())
                    && !list.output.contains(secret.toUtf8())
                ? found
                : QJsonObject();
        };
        QJsonObject entry = listed();
        QCOMPARE(entry.value(QStringLiteral("subsystem")).toString(), QStringLiteral("payroll"));
        QCOMPARE(entry.value(QStringLiteral("callbackPrefixes")).toArray(),
            QJsonArray { QStringLiteral("https://payroll.example/hooks") });
        QCOMPARE(entry.value(QStringLiteral("state")).toString(), QStringLiteral("active"));
        const QJsonArray readOnly { QStringLiteral("notifications:read"),
            QStringLiteral("events:read") };
        QCOMPARE(made.value(QStringLiteral("scopes")).toArray(), readOnly);
        QCOMPARE(entry.value(QStringLiteral("scopes")).toArray(), readOnly);
        const RunResult plainList =
            m_cli.run(m_adminData, keys + QStringList { QStringLiteral("list") }, {}, false);
        QVERIFY2(plainList.output.contains("scopes: notifications:read, events:read"),
            plainList.output.constData());

        const RunResult rotated = cli(m_adminData,
            keys
                + QStringList { QStringLiteral("rotate"), id, QStringLiteral("--overlap"),
                    QStringLiteral("600") });
        QVERIFY2(rotated.exitCode == 0, rotated.output.constData());
        const QJsonObject answer = lastJson(rotated.output);
        QCOMPARE(answer.value(QStringLiteral("id")).toString(), id);
        QVERIFY(answer.value(QStringLiteral("key")).toString() != key);
        QVERIFY(!answer.value(QStringLiteral("overlapEndsAt")).toString().isEmpty());
        entry = listed();
        QCOMPARE(entry.value(QStringLiteral("overlapEndsAt")),
            answer.value(QStringLiteral("overlapEndsAt")));
        // A second rotation during the overlap: refused unless forced; the scopes stay.
        const QStringList rotateAgain = keys + QStringList { QStringLiteral("rotate"), id };
        const RunResult refused = cli(m_adminData, rotateAgain);
        QCOMPARE(refused.exitCode, 1);
        QCOMPARE(errorCode(refused.output), QStringLiteral("rotation_in_progress"));
        const RunResult forced =
            cli(m_adminData, rotateAgain + QStringList { QStringLiteral("--force") });
        QVERIFY2(forced.exitCode == 0, forced.output.constData());
        QCOMPARE(lastJson(forced.output).value(QStringLiteral("scopes")).toArray(), readOnly);

        // Scopes changed; a name that is none is the server's to refuse, none at all is usage.
        const QStringList scopes = keys + QStringList { QStringLiteral("scopes"), id };
        QCOMPARE(cli(m_adminData, scopes).exitCode, 2);
        const RunResult unknown = cli(m_adminData,
            scopes + QStringList { QStringLiteral("--scopes"), QStringLiteral("everything") });
        QCOMPARE(unknown.exitCode, 1);
        QCOMPARE(errorCode(unknown.output), QStringLiteral("invalid_scope"));
        const RunResult changed = cli(m_adminData,
            scopes
                + QStringList { QStringLiteral("--scopes"),
                    QStringLiteral("notifications:write,notifications:read") });
        QVERIFY2(changed.exitCode == 0, changed.output.constData());
        const QJsonArray sender { QStringLiteral("notifications:write"),
            QStringLiteral("notifications:read") };
        QCOMPARE(lastJson(changed.output).value(QStringLiteral("scopes")).toArray(), sender);
        QCOMPARE(listed().value(QStringLiteral("scopes")).toArray(), sender);

        // The hosts its cards may link to: lower-cased, listed; a bad one is the server's to
        // refuse, none given is usage.
        const QStringList cardHosts = keys + QStringList { QStringLiteral("card-hosts"), id };
        QCOMPARE(cli(m_adminData, cardHosts).exitCode, 2);
        const RunResult badHost = cli(m_adminData,
            cardHosts + QStringList { QStringLiteral("--hosts"), QStringLiteral("https://x") });
        QCOMPARE(badHost.exitCode, 1);
        QCOMPARE(errorCode(badHost.output), QStringLiteral("invalid_host"));
        const RunResult hosts = cli(m_adminData,
            cardHosts
                + QStringList { QStringLiteral("--hosts"),
                    QStringLiteral("Media.Payroll.example, cdn.payroll.example") });
        QVERIFY2(hosts.exitCode == 0, hosts.output.constData());
        const QJsonArray allowed { QStringLiteral("media.payroll.example"),
            QStringLiteral("cdn.payroll.example") };
        QCOMPARE(lastJson(hosts.output).value(QStringLiteral("cardHosts")).toArray(), allowed);
        QCOMPARE(listed().value(QStringLiteral("cardHosts")).toArray(), allowed);

        const RunResult revoked =
            cli(m_adminData, keys + QStringList { QStringLiteral("revoke"), id });
        QVERIFY2(revoked.exitCode == 0, revoked.output.constData());
        QCOMPARE(lastJson(revoked.output).value(QStringLiteral("state")).toString(),
            QStringLiteral("revoked"));
        QCOMPARE(listed().value(QStringLiteral("state")).toString(), QStringLiteral("revoked"));
        const RunResult again =
            cli(m_adminData, keys + QStringList { QStringLiteral("revoke"), id });
        QCOMPARE(again.exitCode, 1);
        QCOMPARE(errorCode(again.output), QStringLiteral("not_found"));
        // Only admins: the person made above is no admin.
        const RunResult notAdmin = cli(m_userData, keys + QStringList { QStringLiteral("list") });
        QCOMPARE(notAdmin.exitCode, 1);
    }

    void noSecretInDataSettingsOrOutput()
    {
        QVERIFY(!m_userId.isEmpty());
        const QString service = serviceOf(m_userData);
        const QByteArray refresh = readSecret(service, Session::refreshTokenSecret()).value;
        const QByteArray access = readSecret(service, Session::accessTokenSecret()).value;
        QVERIFY2(refresh.startsWith("tsr_"), "the CLI's refresh token is not in the keyring");
        QVERIFY(access.startsWith("tsa_"));
        const QList<QByteArray> secrets = { m_userPassword.toUtf8(), refresh, access,
            refresh.mid(4), access.mid(4), m_userEmail.toUtf8() };
        QStringList files;
        QDirIterator it(
            m_userData, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
        while (it.hasNext())
            files << it.next();
        QVERIFY(files.contains(m_userData + QStringLiteral("/settings.ini")));
        QVERIFY(files.contains(m_userData + QStringLiteral("/tessera.db")));
        for (const QString &file : std::as_const(files)) {
            const QByteArray content = readAll(file);
            for (const QByteArray &secret : secrets)
                QVERIFY2(!content.contains(secret), qPrintable(file));
        }
        // The sign-in commands' output (with tessera.* debug logging on).
        QVERIFY(m_outputs.contains("tessera."));
        for (const QByteArray &secret : secrets)
            QVERIFY2(!m_outputs.contains(secret), "a secret is in the CLI's output");
    }

    void pinnedCli()
    {
        const QString pin = TlsPolicy::pinText(TlsPolicy::publicKeyDigest(
            QSslCertificate::fromPath(m_tls.certificate().certificateFile).constFirst()));
        const RunResult good = cli({}, { QStringLiteral("--pin"), pin, QStringLiteral("status") });
        QVERIFY2(good.exitCode == 0, good.output.constData());

        const auto other = m_tls.ca().issueServerCertificate(QStringLiteral("other"));
        QVERIFY(other);
        const QString otherPin = TlsPolicy::pinText(TlsPolicy::publicKeyDigest(
            QSslCertificate::fromPath(other->certificateFile).constFirst()));
        const RunResult refused = cli(m_dir.filePath(QStringLiteral("pinned")),
            CliRunner::loginArguments(m_admin.value(QStringLiteral("username")).toString()),
            m_admin.value(QStringLiteral("password")).toString().toUtf8() + '\n',
            { { QStringLiteral("TESSERA_PIN"), otherPin } });
        QCOMPARE(refused.exitCode, 1);
        QCOMPARE(errorCode(refused.output), QStringLiteral("pin_mismatch"));
    }

    void logout()
    {
        QVERIFY(!m_userId.isEmpty());
        const QString service = serviceOf(m_userData);
        const QString deviceId = deviceIdOf(m_userData);
        QVERIFY(DeviceId::isValid(deviceId));
        const RunResult out = cli(m_userData, { QStringLiteral("logout") });
        QVERIFY2(out.exitCode == 0, out.output.constData());
        QCOMPARE(lastJson(out.output).value(QStringLiteral("wasSignedIn")).toBool(), true);
        for (const QString &name : { Session::refreshTokenSecret(), Session::accessTokenSecret(),
                 QStringLiteral("database-key") })
            QCOMPARE(readSecret(service, name).outcome, SecretOutcome::NotFound);
        for (const QString &file : Database::files(m_userData + QStringLiteral("/tessera.db")))
            QVERIFY2(!QFile::exists(file), qPrintable(file));
        QCOMPARE(deviceIdOf(m_userData), deviceId);

        const RunResult who = cli(m_userData, { QStringLiteral("whoami") });
        QCOMPARE(who.exitCode, 1);
        QCOMPARE(errorCode(who.output), QStringLiteral("not_signed_in"));
        const RunResult twice = cli(m_userData, { QStringLiteral("logout") });
        QCOMPARE(twice.exitCode, 0);
        QCOMPARE(lastJson(twice.output).value(QStringLiteral("wasSignedIn")).toBool(), false);

        const RunResult admin = cli(m_adminData, { QStringLiteral("logout") });
        QCOMPARE(admin.exitCode, 0);
    }
};

QTEST_GUILESS_MAIN(TestCliIdentity)
#include "tst_cli_identity.moc"
