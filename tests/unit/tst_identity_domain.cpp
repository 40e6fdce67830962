// The identity domain services in-process, on a temporary SQLite database: sign-in rules,
// lockout, the password change ending other sessions, refresh rotation and reuse, the admin's
// changes. The HTTP side is covered by tst_auth and tst_auth_hostile against the real server.
#include "admin/adminusers.h"
#include "base/clock.h"
#include "crypto/passwordhasher.h"
#include "domainsql.h"
#include "identity/identity.h"
#include "identity/tokenrepository.h"
#include "maintenance/retention.h"
#include "storage/storage.h"

#include <QTemporaryDir>
#include <QTest>

using namespace tessera::server;

namespace {

SignInDevice device(const QString &id, const QString &appVersion = QStringLiteral("1.0.0"))
{
    return SignInDevice { id, QStringLiteral("linux"), QStringLiteral("Debian 12"),
        QStringLiteral("test"), appVersion, {} };
}

const QString kClientIp = QStringLiteral("127.0.0.1");

} // namespace

class TestIdentityDomain : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    Clock m_clock;
    PasswordHasher m_hasher { PasswordHasher::Cost::Minimum };
    std::unique_ptr<Storage> m_storage;
    std::unique_ptr<Identity> m_identity;
    std::unique_ptr<AdminUsers> m_admin;
    int m_people = 0;

    // A new local ID with its first password chosen: its id and password.
    std::pair<QString, QString> person()
    {
        AccountRepository::NewLocalUser user;
        user.displayName = QStringLiteral("Person %1").arg(++m_people);
        user.userType = QStringLiteral("non_employee");
        const AdminUsers::Result created = m_admin->createLocalUser(QStringLiteral("admin"), user);
        if (!created.ok())
            return {};
        const QString password = QStringLiteral("violet harbour lantern %1").arg(m_people);
        const AuthResult changed = m_identity->passwordChange().change(created.userId,
            created.temporaryPassword, password, device(QStringLiteral("first-device")), kClientIp);
        if (!changed.ok())
            return {};
        return { created.userId, password };
    }

    AuthResult signIn(const QString &username, const QString &password,
        const QString &deviceId = QStringLiteral("device-one"))
    {
        return m_identity->signIn().signIn(
            SignIn::Kind::Local, username, password, device(deviceId), kClientIp);
    }

    bool authenticates(const AuthResult &session)
    {
        return m_identity->authenticate(session.tokens.accessToken.toLatin1()).has_value();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QString error;
        m_storage = tessera::test::openDomainStorage(m_dir, &error);
        QVERIFY2(m_storage, qPrintable(error));
        m_identity = std::make_unique<Identity>(
            *m_storage, m_clock, m_hasher, nullptr, QStringLiteral("1.0.0"));
        m_admin = std::make_unique<AdminUsers>(*m_storage, m_clock, m_hasher);
    }

    void temporaryPasswordAsksForAChange()
    {
        AccountRepository::NewLocalUser user;
        user.displayName = QStringLiteral("New Person");
        user.userType = QStringLiteral("non_employee");
        user.roles = { QStringLiteral("scanner") };
        const AdminUsers::Result created = m_admin->createLocalUser(QStringLiteral("admin"), user);
        QVERIFY(created.ok());
        QVERIFY(created.userId.startsWith(u'L'));
        QVERIFY(created.temporaryPasswordExpiresAt.isValid());
        const AuthResult result = signIn(created.userId, created.temporaryPassword);
        QCOMPARE(result.error, AuthError::PasswordChangeRequired);
        QCOMPARE(result.userId, created.userId);
        QVERIFY(result.tokens.accessToken.isEmpty());
    }

    void signInRules()
    {
        const auto [id, password] = person();
        QVERIFY(!id.isEmpty());
        const AuthResult ok = signIn(id.toLower(), password); // user names without case
        QVERIFY(ok.ok());
        QCOMPARE(ok.user.id, id);
        QVERIFY(ok.tokens.accessToken.startsWith(accessTokenPrefix));
        QVERIFY(ok.tokens.refreshToken.startsWith(refreshTokenPrefix));
        QVERIFY(authenticates(ok));

        QCOMPARE(signIn(id, password + u'x').error, AuthError::InvalidCredentials);
        QCOMPARE(signIn(id, QString()).error, AuthError::InvalidCredentials);
        QCOMPARE(signIn(QStringLiteral("L0000000"), password).error, AuthError::InvalidCredentials);
        // Without a directory, network accounts cannot sign in.
        QCOMPARE(m_identity->signIn()
                     .signIn(SignIn::Kind::Directory, id, password,
                         device(QStringLiteral("device-one")), kClientIp)
                     .error,
            AuthError::DirectoryUnavailable);
        // An app older than the minimum is told to update.
        const AuthResult old = m_identity->signIn().signIn(SignIn::Kind::Local, id, password,
            device(QStringLiteral("device-one"), QStringLiteral("0.9.0")), kClientIp);
        QCOMPARE(old.error, AuthError::UpgradeRequired);
        QCOMPARE(old.message, QStringLiteral("1.0.0"));
    }

    void signInAgainReplacesTheDevicesSession()
    {
        const auto [id, password] = person();
        const AuthResult first = signIn(id, password);
        const AuthResult second = signIn(id, password);
        QVERIFY(first.ok() && second.ok());
        QVERIFY(!authenticates(first));
        QVERIFY(authenticates(second));
        const AuthResult other = signIn(id, password, QStringLiteral("device-two"));
        QVERIFY(authenticates(second)); // another device's sign-in leaves this one alone
        QVERIFY(authenticates(other));
    }

    void lockout()
    {
        const auto [id, password] = person();
        for (int i = 0; i < LoginLockout::userFailureLimit; ++i)
            QCOMPARE(
                signIn(id, QStringLiteral("wrong password")).error, AuthError::InvalidCredentials);
        const AuthResult locked = signIn(id, password); // even the right password
        QCOMPARE(locked.error, AuthError::TooManyAttempts);
        QVERIFY(locked.retryAfterSeconds > 0);
        QVERIFY(locked.retryAfterSeconds <= LoginLockout::failureWindowSeconds);
        // An admin's password reset forgets the failures.
        const AdminUsers::Result reset = m_admin->resetLocalPassword(QStringLiteral("admin"), id);
        QVERIFY(reset.ok());
        QCOMPARE(signIn(id, reset.temporaryPassword).error, AuthError::PasswordChangeRequired);
    }

    void passwordChangeEndsOtherSessions()
    {
        const auto [id, password] = person();
        const AuthResult elsewhere = signIn(id, password, QStringLiteral("device-two"));
        QVERIFY(authenticates(elsewhere));

        const QString next = QStringLiteral("quiet meadow compass 77");
        const AuthResult changed = m_identity->passwordChange().change(
            id, password, next, device(QStringLiteral("device-one")), kClientIp);
        QVERIFY(changed.ok());
        QVERIFY(changed.ended.has_value());
        QCOMPARE(changed.ended->userId, id);
        QVERIFY(changed.ended->deviceId.isEmpty()); // every device
        QVERIFY(!authenticates(elsewhere));
        QCOMPARE(m_identity->tokenRefresh().refresh(elsewhere.tokens.refreshToken).error,
            AuthError::SessionEnded);
        QVERIFY(authenticates(changed)); // the device that changed it is signed in again
        QCOMPARE(signIn(id, password).error, AuthError::InvalidCredentials);
        QVERIFY(signIn(id, next).ok());
    }

    void weakPasswordRefused()
    {
        const auto [id, password] = person();
        AuthResult result = m_identity->passwordChange().change(
            id, password, QStringLiteral("short"), device(QStringLiteral("device-one")), kClientIp);
        QCOMPARE(result.error, AuthError::WeakPassword);
        QCOMPARE(result.userId, id);
        QVERIFY(!result.message.isEmpty());
        result = m_identity->passwordChange().change(
            id, password, password, device(QStringLiteral("device-one")), kClientIp);
        QCOMPARE(result.error, AuthError::WeakPassword);
        QVERIFY(signIn(id, password).ok()); // unchanged
    }

    void refreshRotates()
    {
        const auto [id, password] = person();
        const AuthResult session = signIn(id, password);
        const AuthResult rotated = m_identity->tokenRefresh().refresh(session.tokens.refreshToken);
        QVERIFY(rotated.ok());
        QCOMPARE(rotated.user.id, id);
        QVERIFY(rotated.tokens.refreshToken != session.tokens.refreshToken);
        QCOMPARE(rotated.tokens.refreshTokenExpiresAt, session.tokens.refreshTokenExpiresAt);
        QVERIFY(!authenticates(session)); // the old access token ends with the rotation
        QVERIFY(authenticates(rotated));
        QVERIFY(m_identity->tokenRefresh().refresh(rotated.tokens.refreshToken).ok());
        QCOMPARE(m_identity->tokenRefresh().refresh(QStringLiteral("tsr_unknown")).error,
            AuthError::SessionEnded);
        QCOMPARE(m_identity->tokenRefresh().refresh(QStringLiteral("not-a-token")).error,
            AuthError::SessionEnded);
    }

    void refreshRetryAfterALostAnswer()
    {
        const auto [id, password] = person();
        const AuthResult session = signIn(id, password);
        const AuthResult lost = m_identity->tokenRefresh().refresh(session.tokens.refreshToken);
        QVERIFY(lost.ok());
        // The answer was lost: the same token again, at once, replaces the unused pair.
        const AuthResult retried = m_identity->tokenRefresh().refresh(session.tokens.refreshToken);
        QVERIFY(retried.ok());
        QVERIFY(!retried.ended);
        QVERIFY(authenticates(retried));
        QVERIFY(!authenticates(lost));
        // The pair the retry replaced, presented after all: two holders, the family ends.
        const AuthResult replaced = m_identity->tokenRefresh().refresh(lost.tokens.refreshToken);
        QCOMPARE(replaced.error, AuthError::SessionEnded);
        QVERIFY(replaced.ended.has_value());
        QCOMPARE(replaced.ended->userId, id);
        QCOMPARE(replaced.ended->deviceId, QStringLiteral("device-one"));
        QVERIFY(!authenticates(retried));
        QCOMPARE(m_identity->tokenRefresh().refresh(retried.tokens.refreshToken).error,
            AuthError::SessionEnded);
    }

    void refreshReuseRevokesTheFamily()
    {
        const auto [id, password] = person();
        const AuthResult session = signIn(id, password);
        const AuthResult rotated = m_identity->tokenRefresh().refresh(session.tokens.refreshToken);
        QVERIFY(rotated.ok());
        QVERIFY(authenticates(rotated)); // its pair is used: no retry may replace it any more
        const AuthResult reused = m_identity->tokenRefresh().refresh(session.tokens.refreshToken);
        QCOMPARE(reused.error, AuthError::SessionEnded);
        QVERIFY(reused.ended.has_value());
        QVERIFY(!authenticates(rotated));
        QCOMPARE(m_identity->tokenRefresh().refresh(rotated.tokens.refreshToken).error,
            AuthError::SessionEnded);
    }

    void disabledAccount()
    {
        const auto [id, password] = person();
        const AuthResult session = signIn(id, password);
        QCOMPARE(m_admin->setDisabled(id, id, true).error, AdminUsers::Error::CannotDisableSelf);
        QCOMPARE(
            m_admin->setDisabled(QStringLiteral("admin"), QStringLiteral("L0000000"), true).error,
            AdminUsers::Error::NotFound);
        QVERIFY(m_admin->setDisabled(QStringLiteral("admin"), id, true).ok());
        QVERIFY(!authenticates(session));
        QCOMPARE(m_identity->tokenRefresh().refresh(session.tokens.refreshToken).error,
            AuthError::SessionEnded); // disabling revoked the tokens themselves
        QCOMPARE(signIn(id, password).error, AuthError::AccountDisabled);
        QCOMPARE(signIn(id, QStringLiteral("wrong password")).error,
            AuthError::InvalidCredentials); // a wrong password never tells
        QVERIFY(m_admin->setDisabled(QStringLiteral("admin"), id, false).ok());
        QVERIFY(signIn(id, password).ok());
    }

    void roles()
    {
        const auto [id, password] = person();
        QCOMPARE(m_admin->setRoles(id, id, { QStringLiteral("scanner") }).error,
            AdminUsers::Error::CannotDropOwnAdmin);
        const AdminUsers::Result set = m_admin->setRoles(QStringLiteral("admin"), id,
            { QStringLiteral("publisher"), QStringLiteral("scanner") });
        QVERIFY(set.ok());
        QVERIFY(set.user.has_value());
        QCOMPARE(set.user->roles,
            QStringList({ QStringLiteral("publisher"), QStringLiteral("scanner") }));
        const AuthResult session = signIn(id, password);
        const auto principal = m_identity->authenticate(session.tokens.accessToken.toLatin1());
        QVERIFY(principal.has_value());
        QVERIFY(principal->hasRole(QStringLiteral("publisher")));
        QCOMPARE(m_admin->setRoles(QStringLiteral("admin"), QStringLiteral("L0000000"), {}).error,
            AdminUsers::Error::NotFound);
    }

    // Roles are checked in code, not by the database: the table takes any name (a feature's own
    // role such as medical), the admin's service grants only the known ones and changes nothing
    // otherwise.
    void rolesAreCheckedInCode()
    {
        const auto [id, password] = person();
        QVERIFY(m_admin->setRoles(QStringLiteral("admin"), id, { QStringLiteral("scanner") }).ok());
        QCOMPARE(m_admin
                     ->setRoles(QStringLiteral("admin"), id,
                         { QStringLiteral("astronaut"), QStringLiteral("publisher") })
                     .error,
            AdminUsers::Error::UnknownRole);
        QCOMPARE(m_admin->setRoles(QStringLiteral("admin"), id, { QStringLiteral("nurse") }).error,
            AdminUsers::Error::UnknownRole);
        AccountRepository::NewLocalUser user;
        user.displayName = QStringLiteral("Unknown role");
        user.userType = QStringLiteral("non_employee");
        user.roles = { QStringLiteral("astronaut") };
        QCOMPARE(m_admin->createLocalUser(QStringLiteral("admin"), user).error,
            AdminUsers::Error::UnknownRole);
        QCOMPARE(tessera::test::domainCount(*m_storage,
                     QStringLiteral("SELECT COUNT(*) FROM users WHERE display_name = ?"),
                     { user.displayName }),
            0);
        QCOMPARE(tessera::test::domainCount(*m_storage,
                     QStringLiteral("SELECT COUNT(*) FROM user_roles WHERE user_id = ?"), { id }),
            1);

        tessera::test::domainExec(*m_storage,
            QStringLiteral("INSERT INTO user_roles (user_id, role) VALUES (?, 'medical')"), { id });
        QSqlDatabase db = m_storage->connection();
        AccountRepository accounts(db);
        const std::optional<UserAccount> stored = accounts.byId(id);
        QVERIFY(stored.has_value());
        QCOMPARE(
            stored->roles, QStringList({ QStringLiteral("medical"), QStringLiteral("scanner") }));
    }

    void signOut()
    {
        const auto [id, password] = person();
        const AuthResult session = signIn(id, password);
        QVERIFY(m_identity->signIn().signOut(id, QStringLiteral("device-one")));
        QVERIFY(!authenticates(session));
        QCOMPARE(m_identity->tokenRefresh().refresh(session.tokens.refreshToken).error,
            AuthError::SessionEnded);
    }

    void retentionPrunes() { QVERIFY(Retention(*m_storage, m_clock).prune(30, 1, 30)); }
};

QTEST_GUILESS_MAIN(TestIdentityDomain)
#include "tst_identity_domain.moc"
