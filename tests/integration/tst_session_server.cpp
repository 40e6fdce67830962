// Session against the real tessera-server over TLS (a throwaway CA), with its tokens in the real
// Secret Service (gnome-keyring in the private D-Bus session of scripts/with-keyring.sh) and its
// profile in real SQLCipher files: local sign-in with the first-sign-in password change, restore
// after a restart, refresh rotation, 401 -> refresh -> retry once, sign-out, a keyring that
// cannot be reached, key pinning, and no secret in any file or log.
#include "sessionserverfixture.h"

using namespace tessera;
using namespace tessera::test;

class TestSessionServer : public QObject, protected SessionServerFixture
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY2(hasKeyringSession(), noKeyringSession);
        QLoggingCategory::setFilterRules(QStringLiteral("tessera.*.debug=true"));
        previousHandler = qInstallMessageHandler(captureMessage);

        QVERIFY2(m_tls.create(), qPrintable(m_tls.error()));
        m_otherCertificate = m_tls.ca().issueServerCertificate(QStringLiteral("other"));
        QVERIFY2(m_otherCertificate, qPrintable(m_tls.error()));

        QVERIFY2(m_server.start(m_tls.serverOptions({}, cheapPasswordHashing())),
            qPrintable(m_server.error()));
        QCOMPARE(m_server.url().scheme(), QStringLiteral("https"));
        m_admin = demoAccountWithRole(m_server, QStringLiteral("admin"));
        QVERIFY2(!m_admin.isEmpty(), "no demo account with the admin role");
    }

    void cleanupTestCase() { qInstallMessageHandler(previousHandler); }

    // --- TLS -----------------------------------------------------------------------------------

    void certificateFromTheCaIsAccepted()
    {
        const ApiReply reply = waitFor(client()->get(QStringLiteral("/v1/health")));
        QVERIFY2(reply.ok(), qPrintable(reply.describe()));
    }

    void unknownCaIsRefused()
    {
        const auto unconfigured = makeClient(m_server.url(), {}, {});
        const ApiReply reply = waitFor(unconfigured->get(QStringLiteral("/v1/health")));
        QCOMPARE(reply.kind, ApiReply::Kind::TlsError);
        QCOMPARE(reply.error.code, QStringLiteral("tls_error"));
    }

    void pinnedClientRefusesAnotherKey()
    {
        // A second server with a certificate from the same CA, but another key.
        ServerProcess other;
        QVERIFY2(other.start(tlsServerOptions(*m_otherCertificate, {}, cheapPasswordHashing())),
            qPrintable(other.error()));

        const QString pin = TlsPolicy::pinText(TlsPolicy::publicKeyDigest(
            QSslCertificate::fromPath(m_tls.certificate().certificateFile).constFirst()));
        const auto pinned = makeClient(m_server.url(), m_tls.caFile(), pin);
        const ApiReply good = waitFor(pinned->get(QStringLiteral("/v1/health")));
        QVERIFY2(good.ok(), qPrintable(good.describe()));

        const auto pinnedToOther = makeClient(other.url(), m_tls.caFile(), pin);
        for (int i = 0; i < 2; ++i) { // also on a second request (no connection reuse slips by)
            const ApiReply refused = waitFor(pinnedToOther->get(QStringLiteral("/v1/health")));
            QCOMPARE(refused.kind, ApiReply::Kind::TlsError);
            QCOMPARE(refused.error.code, QStringLiteral("pin_mismatch"));
            QVERIFY(Session::describeFailure(refused).contains(QStringLiteral("pin")));
        }

        // A session with the pin cannot sign in at the other server; nothing is stored.
        const Installation installation = newInstallation();
        KeychainSecretStore store(installation.service);
        Session session(*pinnedToOther, store, m_device,
            { installation.databasePath(), installation.deviceId(), {} });
        QVERIFY(runToEnd(session, [&] {
            session.signIn(QStringLiteral("local"),
                m_admin.value(QStringLiteral("username")).toString(),
                m_admin.value(QStringLiteral("password")).toString());
        }));
        QCOMPARE(session.state(), Session::State::SignedOut);
        QCOMPARE(session.errorCode(), QStringLiteral("pin_mismatch"));
        QCOMPARE(readSecret(installation.service, Session::refreshTokenSecret()).outcome,
            SecretOutcome::NotFound);
    }

    void plainHttpOnlyToLoopback()
    {
        QString error;
        QVERIFY(!ServerEndpoint::parse(QStringLiteral("http://192.0.2.10:8080"),
            ServerEndpoint::PlainHttp::AllowOnLoopback, &error));
        QVERIFY(error.contains(QStringLiteral("https")));
    }

    // --- sign-in -------------------------------------------------------------------------------

    void localSignInWithPasswordChange()
    {
        // The admin signs in (a local account in demo mode) and makes a local ID.
        const Installation adminInstall = newInstallation();
        KeychainSecretStore adminStore(adminInstall.service);
        const auto api = client();
        Session admin(*api, adminStore, m_device,
            { adminInstall.databasePath(), adminInstall.deviceId(), {} });
        QVERIFY(runToEnd(admin, [&] {
            admin.signIn(QStringLiteral("local"),
                m_admin.value(QStringLiteral("username")).toString(),
                m_admin.value(QStringLiteral("password")).toString());
        }));
        QVERIFY2(admin.state() == Session::State::SignedIn, qPrintable(admin.errorMessage()));
        QVERIFY(admin.profile().hasRole(QStringLiteral("admin")));

        m_guardEmail = QStringLiteral("guard-%1@tessera.test")
                           .arg(QUuid::createUuid().toString(QUuid::Id128).left(8));
        const ApiReply created = waitFor(admin.post(QStringLiteral("/v1/admin/local-users"),
            QJsonObject {
                { QStringLiteral("displayName"), QStringLiteral("Gita Guard") },
                { QStringLiteral("email"), m_guardEmail },
                { QStringLiteral("geo"), QStringLiteral("Pune") },
                { QStringLiteral("roles"), QJsonArray { QStringLiteral("scanner") } },
            },
            ApiClient::newIdempotencyKey()));
        QVERIFY2(created.ok(), qPrintable(created.describe()));
        QCOMPARE(created.httpStatus, 201);
        m_guardId = created.body.value(QStringLiteral("userId")).toString();
        const QString temporary =
            created.body.value(QStringLiteral("temporaryPassword")).toString();
        QVERIFY(m_guardId.startsWith(QLatin1Char('L')));
        QVERIFY(!temporary.isEmpty());

        // First sign-in with the temporary password: a new password is needed.
        m_guard = newInstallation();
        KeychainSecretStore store(m_guard->service);
        Session session(
            *api, store, m_device, { m_guard->databasePath(), m_guard->deviceId(), {} });
        QVERIFY(runToEnd(
            session, [&] { session.signIn(QStringLiteral("local"), m_guardId, temporary); }));
        QCOMPARE(session.state(), Session::State::PasswordChangeRequired);
        QCOMPARE(session.errorCode(), QStringLiteral("password_change_required"));
        QCOMPARE(session.pendingUsername(), m_guardId);
        QCOMPARE(readSecret(m_guard->service, Session::refreshTokenSecret()).outcome,
            SecretOutcome::NotFound);

        // A weak one is refused with words.
        QVERIFY(runToEnd(session,
            [&] { session.changePassword(m_guardId, temporary, QStringLiteral("password")); }));
        QCOMPARE(session.state(), Session::State::PasswordChangeRequired);
        QCOMPARE(session.errorCode(), QStringLiteral("weak_password"));
        QVERIFY(!session.errorMessage().isEmpty());

        m_guardPassword =
            QStringLiteral("Gate-%1-Pune").arg(QUuid::createUuid().toString(QUuid::Id128).left(12));
        QVERIFY(runToEnd(
            session, [&] { session.changePassword(m_guardId, temporary, m_guardPassword); }));
        QVERIFY2(session.state() == Session::State::SignedIn, qPrintable(session.errorMessage()));
        QCOMPARE(session.profile().id, m_guardId);
        QCOMPARE(session.profile().kind, QStringLiteral("local"));
        QCOMPARE(session.profile().userType, QStringLiteral("non_employee"));
        QCOMPARE(session.profile().email, m_guardEmail);
        QVERIFY(session.profile().hasRole(QStringLiteral("scanner")));
        QVERIFY(session.profile().employeeId.isEmpty());
        QCOMPARE(
            readSecret(m_guard->service, Session::refreshTokenSecret()).outcome, SecretOutcome::Ok);
        QVERIFY(QFile::exists(m_guard->databasePath()));
        const ApiReply me = waitFor(session.get(QStringLiteral("/v1/me")));
        QVERIFY2(me.ok(), qPrintable(me.describe()));
        QCOMPARE(me.body.value(QStringLiteral("deviceId")).toString(), m_guard->deviceId());

        // The temporary password is spent; a wrong one gets the plain answer.
        const Installation elsewhere = newInstallation();
        KeychainSecretStore otherStore(elsewhere.service);
        Session again(
            *api, otherStore, m_device, { elsewhere.databasePath(), elsewhere.deviceId(), {} });
        QVERIFY(
            runToEnd(again, [&] { again.signIn(QStringLiteral("local"), m_guardId, temporary); }));
        QCOMPARE(again.state(), Session::State::SignedOut);
        QCOMPARE(again.errorCode(), QStringLiteral("invalid_credentials"));
        QCOMPARE(again.errorMessage(), QStringLiteral("Wrong user name or password."));
    }

    void restoreAfterRestart()
    {
        QVERIFY(m_guard);
        const auto api = client();
        KeychainSecretStore store(m_guard->service);
        Session session(
            *api, store, m_device, { m_guard->databasePath(), m_guard->deviceId(), {} });
        QSignalSpy refreshed(&session, &Session::refreshFinished);
        QVERIFY(runToEnd(session, [&] { session.restore(); }));
        QVERIFY2(session.state() == Session::State::SignedIn, qPrintable(session.errorMessage()));
        QCOMPARE(session.profile().id, m_guardId);
        QCOMPARE(session.profile().email, m_guardEmail);
        QCOMPARE(refreshed.count(), 0); // the stored access token is still fresh
        QVERIFY(session.nextRefresh().isValid());
        QVERIFY(session.nextRefresh() < session.accessTokenExpiry());
        const ApiReply me = waitFor(session.get(QStringLiteral("/v1/me")));
        QVERIFY2(me.ok(), qPrintable(me.describe()));
        QCOMPARE(refreshed.count(), 0);
    }

    void refreshRotatesTheStoredPair()
    {
        QVERIFY(m_guard);
        const QByteArray refreshBefore =
            readSecret(m_guard->service, Session::refreshTokenSecret()).value;
        const QByteArray accessBefore =
            readSecret(m_guard->service, Session::accessTokenSecret()).value;
        QVERIFY(refreshBefore.startsWith("tsr_"));
        QVERIFY(accessBefore.startsWith("tsa_"));

        const auto api = client();
        KeychainSecretStore store(m_guard->service);
        Session session(
            *api, store, m_device, { m_guard->databasePath(), m_guard->deviceId(), {} });
        QVERIFY(runToEnd(session, [&] { session.restore(); }));
        QCOMPARE(session.state(), Session::State::SignedIn);
        QSignalSpy refreshed(&session, &Session::refreshFinished);
        session.refreshNow();
        QVERIFY(refreshed.wait(60000));
        QCOMPARE(refreshed.constFirst().constFirst().toBool(), true);

        const QByteArray refreshAfter =
            readSecret(m_guard->service, Session::refreshTokenSecret()).value;
        const QByteArray accessAfter =
            readSecret(m_guard->service, Session::accessTokenSecret()).value;
        QVERIFY(refreshAfter.startsWith("tsr_"));
        QVERIFY(refreshAfter != refreshBefore);
        QVERIFY(accessAfter != accessBefore);
        QCOMPARE(statusWithToken(QStringLiteral("/v1/me"), accessAfter), 200);

        // Another restart restores from the new pair.
        Session restarted(
            *api, store, m_device, { m_guard->databasePath(), m_guard->deviceId(), {} });
        QVERIFY(runToEnd(restarted, [&] { restarted.restore(); }));
        QCOMPARE(restarted.state(), Session::State::SignedIn);
        QVERIFY(waitFor(restarted.get(QStringLiteral("/v1/me"))).ok());
    }

    void refusedTokenRefreshesOnceAndRetries()
    {
        QVERIFY(m_guard);
        // The keyring holds an access token the server does not know (as after a server-side
        // expiry); the database still says it is fresh. Written into the session's record.
        KeychainSecretStore store(m_guard->service);
        SessionVault vault(store);
        QCOMPARE(waitFor(vault.write(Session::accessTokenSecret(),
                             QByteArrayLiteral("tsa_notAValidTokenAtAll0000000000000000000000")))
                     .outcome,
            SecretOutcome::Ok);

        const auto api = client();
        Session session(
            *api, store, m_device, { m_guard->databasePath(), m_guard->deviceId(), {} });
        QVERIFY(runToEnd(session, [&] { session.restore(); }));
        QCOMPARE(session.state(), Session::State::SignedIn);
        QSignalSpy refreshed(&session, &Session::refreshFinished);

        const ApiReply me = waitFor(session.get(QStringLiteral("/v1/me")));
        QVERIFY2(me.ok(), qPrintable(me.describe()));
        QCOMPARE(refreshed.count(), 1);
        QCOMPARE(refreshed.constFirst().constFirst().toBool(), true);
        QVERIFY(
            readSecret(m_guard->service, Session::accessTokenSecret()).value.startsWith("tsa_"));
        QVERIFY(readSecret(m_guard->service, Session::accessTokenSecret()).value
            != QByteArrayLiteral("tsa_notAValidTokenAtAll0000000000000000000000"));

        // A request the server refuses for another reason is not retried.
        const ApiReply forbidden = waitFor(session.post(QStringLiteral("/v1/admin/local-users"),
            QJsonObject { { QStringLiteral("displayName"), QStringLiteral("X") },
                { QStringLiteral("email"), QStringLiteral("x@tessera.test") },
                { QStringLiteral("roles"), QJsonArray {} } }));
        QCOMPARE(forbidden.httpStatus, 403);
        QCOMPARE(refreshed.count(), 1);
    }

    void keyringUnavailableLeavesDatabaseUntouched()
    {
        QVERIFY(m_guard);
        const QByteArray before = readAll(m_guard->databasePath());
        QVERIFY(!before.isEmpty());
        const QByteArray refreshBefore =
            readSecret(m_guard->service, Session::refreshTokenSecret()).value;

        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"),
            QStringLiteral("unix:path=/nonexistent/tessera-test-bus"));
        QProcess child;
        child.setProcessEnvironment(environment);
        child.setProcessChannelMode(QProcess::SeparateChannels);
        child.start(QCoreApplication::applicationFilePath(),
            { QString::fromLatin1(restoreChildFlag), m_guard->databasePath(), m_guard->service,
                m_server.url().toString(), m_tls.caFile() });
        QVERIFY(child.waitForFinished(120000));
        QCOMPARE(child.exitCode(), 0);
        const QByteArray output = child.readAllStandardOutput().trimmed();
        QVERIFY2(output.startsWith("Unavailable keyring_"), output.constData());

        QCOMPARE(readAll(m_guard->databasePath()), before);
        QCOMPARE(readSecret(m_guard->service, Session::refreshTokenSecret()).value, refreshBefore);
        QCOMPARE(readSecret(m_guard->service, DatabaseKeyProvider::defaultSecretName()).outcome,
            SecretOutcome::Ok);

        // With the keyring back, the same data restores.
        const auto api = client();
        KeychainSecretStore store(m_guard->service);
        Session session(
            *api, store, m_device, { m_guard->databasePath(), m_guard->deviceId(), {} });
        QVERIFY(runToEnd(session, [&] { session.restore(); }));
        QCOMPARE(session.state(), Session::State::SignedIn);
        QCOMPARE(session.profile().id, m_guardId);
    }

    void noSecretInFilesOrLogs()
    {
        // A fresh full sign-in, then every file of the installation and every log line.
        const Installation installation = newInstallation();
        const auto api = client();
        KeychainSecretStore store(installation.service);
        {
            Session session(*api, store, m_device,
                { installation.databasePath(), installation.deviceId(), {} });
            QVERIFY(runToEnd(session,
                [&] { session.signIn(QStringLiteral("local"), m_guardId, m_guardPassword); }));
            QVERIFY2(
                session.state() == Session::State::SignedIn, qPrintable(session.errorMessage()));
            QVERIFY(waitFor(session.get(QStringLiteral("/v1/me"))).ok());
            session.refreshNow();
            QSignalSpy refreshed(&session, &Session::refreshFinished);
            QVERIFY(refreshed.wait(60000));
        }
        const QByteArray refresh =
            readSecret(installation.service, Session::refreshTokenSecret()).value;
        const QByteArray access =
            readSecret(installation.service, Session::accessTokenSecret()).value;
        QVERIFY(refresh.startsWith("tsr_"));
        QVERIFY(access.startsWith("tsa_"));
        const QList<QByteArray> secrets = { m_guardPassword.toUtf8(), refresh, access,
            m_guardEmail.toUtf8(), refresh.mid(4), access.mid(4) };

        QStringList files;
        QDirIterator it(installation.dataDir, QDir::Files | QDir::Hidden | QDir::System,
            QDirIterator::Subdirectories);
        while (it.hasNext())
            files << it.next();
        QVERIFY(files.contains(installation.settingsPath()));
        QVERIFY(files.contains(installation.databasePath()));
        for (const QString &file : std::as_const(files)) {
            const QByteArray content = readAll(file);
            for (const QByteArray &secret : secrets)
                QVERIFY2(!content.contains(secret),
                    qPrintable(QStringLiteral("a secret is in %1").arg(file)));
        }
        QByteArray log;
        {
            QMutexLocker lock(&logMutex);
            log = capturedLog;
        }
        QVERIFY(log.contains("tessera.")); // debug logging was on and captured
        for (const QByteArray &secret : secrets)
            QVERIFY2(!log.contains(secret), "a secret is in the client's log");
        const QByteArray serverLog = m_server.output();
        for (const QByteArray &secret : secrets)
            QVERIFY2(!serverLog.contains(secret), "a secret is in the server's log");
    }

    void signOutWipesButKeepsTheDeviceId()
    {
        QVERIFY(m_guard);
        const QString deviceId = m_guard->deviceId();
        const auto api = client();
        KeychainSecretStore store(m_guard->service);
        Session session(*api, store, m_device, { m_guard->databasePath(), deviceId, {} });
        QVERIFY(runToEnd(session, [&] { session.restore(); }));
        QCOMPARE(session.state(), Session::State::SignedIn);
        const QByteArray access = readSecret(m_guard->service, Session::accessTokenSecret()).value;
        QCOMPARE(statusWithToken(QStringLiteral("/v1/me"), access), 200);

        QSignalSpy userChanged(&session, &Session::userChanged);
        QVERIFY(runToEnd(session, [&] { session.signOut(); }));
        QCOMPARE(session.state(), Session::State::SignedOut);
        QVERIFY2(session.errorCode().isEmpty(), qPrintable(session.errorMessage()));
        QVERIFY(session.profile().isEmpty());
        QVERIFY(userChanged.count() > 0);

        for (const QString &name : { Session::refreshTokenSecret(), Session::accessTokenSecret(),
                 DatabaseKeyProvider::defaultSecretName() })
            QCOMPARE(readSecret(m_guard->service, name).outcome, SecretOutcome::NotFound);
        for (const QString &file : Database::files(m_guard->databasePath()))
            QVERIFY2(!QFile::exists(file), qPrintable(file));
        QCOMPARE(m_guard->deviceId(), deviceId);
        // The server revoked the device's tokens.
        QCOMPARE(statusWithToken(QStringLiteral("/v1/me"), access), 401);

        // And a restart finds nobody.
        Session restarted(*api, store, m_device, { m_guard->databasePath(), deviceId, {} });
        QVERIFY(runToEnd(restarted, [&] { restarted.restore(); }));
        QCOMPARE(restarted.state(), Session::State::SignedOut);
    }
};

int main(int argc, char *argv[])
{
    if (argc > 1 && qstrcmp(argv[1], restoreChildFlag) == 0)
        return runRestoreChild(argc, argv);
    QCoreApplication app(argc, argv);
    TestSessionServer test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_session_server.moc"
