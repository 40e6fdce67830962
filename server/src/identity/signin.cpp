#include "identity/signin.h"

#include "base/clock.h"
#include "base/serverlogging.h"
#include "identity/accountrepository.h"
#include "identity/devicerepository.h"
#include "identity/directory.h"
#include "identity/internal/attemptstart.h"
#include "identity/localcredentials.h"
#include "identity/sessionissuer.h"
#include "pass/revocation.h"
#include "storage/auditlog.h"
#include "storage/sqlhelpers.h"
#include "storage/storage.h"

namespace tessera::server {

SignIn::SignIn(Storage &storage, const Clock &clock, std::shared_ptr<const Directory> directory,
    QString minimumAppVersion, const LoginLockout &lockout, const LocalCredentials &credentials,
    const SessionIssuer &issuer)
    : m_storage(storage)
    , m_clock(clock)
    , m_directory(std::move(directory))
    , m_minimumAppVersion(std::move(minimumAppVersion))
    , m_lockout(lockout)
    , m_credentials(credentials)
    , m_issuer(issuer)
{ }

AuthResult SignIn::signIn(Kind kind, const QString &username, const QString &password,
    const SignInDevice &device, const QString &clientIp) const
{
    QSqlDatabase db = m_storage.connection();
    auto started = startAttempt(m_lockout, db, username, device, m_minimumAppVersion, clientIp);
    if (auto *answer = std::get_if<AuthResult>(&started))
        return std::move(*answer);
    auto &attempt = std::get<LoginLockout::Attempt>(started);
    return kind == Kind::Directory ? directory(db, username, password, device, attempt)
                                   : local(db, username, password, device, attempt);
}

bool SignIn::signOut(const QString &userId, const QString &deviceId) const
{
    QSqlDatabase db = m_storage.connection();
    if (!m_issuer.end(db, userId, deviceId))
        return false;
    qCInfo(lcServer) << "signed out:" << userId << "on device" << deviceId;
    return true;
}

SignIn::DeviceSignOut SignIn::signOutDevice(const QString &userId, const QString &deviceId) const
{
    QSqlDatabase db = m_storage.connection();
    sql::Transaction transaction(db);
    DeviceRepository devices(db);
    const std::optional<bool> exists =
        transaction.isActive() ? devices.exists(userId, deviceId) : std::nullopt;
    if (!exists)
        return DeviceSignOut::Failed;
    if (!*exists)
        return DeviceSignOut::NotFound;
    const QDateTime now = m_clock.now();
    if (!m_issuer.end(db, userId, deviceId)
        || revokePasses(
               db, now, QStringLiteral("user_id = ? AND device_id = ?"), { userId, deviceId })
            < 0
        || !devices.forgetKey(userId, deviceId))
        return DeviceSignOut::Failed;
    writeAudit(db, now, userId, QStringLiteral("sign_out_device"), userId, deviceId);
    if (!transaction.commit())
        return DeviceSignOut::Failed;
    qCInfo(lcServer) << "signed out remotely:" << userId << "on device" << deviceId;
    return DeviceSignOut::Done;
}

AuthResult SignIn::local(QSqlDatabase &db, const QString &username, const QString &password,
    const SignInDevice &device, LoginLockout::Attempt &attempt) const
{
    std::optional<UserAccount> user;
    const AuthError refusal = m_credentials.check(db, username, password, attempt, &user);
    if (refusal != AuthError::None)
        return AuthResult::failure(refusal);
    if (user->passwordTemporary) {
        AuthResult result = AuthResult::failure(AuthError::PasswordChangeRequired);
        result.userId = user->id;
        return result;
    }
    return m_issuer.issue(db, *user, device);
}

AuthResult SignIn::directory(QSqlDatabase &db, const QString &username, const QString &password,
    const SignInDevice &device, LoginLockout::Attempt &attempt) const
{
    if (!m_directory) {
        qCWarning(lcServer) << "network-account sign-in refused: no directory is configured";
        return AuthResult::failure(AuthError::DirectoryUnavailable);
    }
    const Directory::Result result = m_directory->authenticate(username, password);
    switch (result.outcome) {
    case Directory::Outcome::Unavailable:
        qCWarning(lcDirectory).noquote() << "sign-in: directory unavailable:" << result.message;
        return AuthResult::failure(AuthError::DirectoryUnavailable);
    case Directory::Outcome::InvalidCredentials:
    case Directory::Outcome::NotFound:
        qCInfo(lcDirectory).noquote() << "sign-in refused:" << result.message;
        attempt.failed();
        return AuthResult::failure(AuthError::InvalidCredentials);
    case Directory::Outcome::AccountDisabled:
        attempt.succeeded();
        return AuthResult::failure(AuthError::AccountDisabled);
    case Directory::Outcome::Ok:
        break;
    }
    attempt.succeeded();
    const DirectoryPerson &person = *result.person;
    AccountRepository accounts(db);
    if (!accounts.upsertDirectoryPerson(person, m_clock.now()))
        return AuthResult::failure(AuthError::Internal);
    const std::optional<UserAccount> user = accounts.directoryById(person.employeeId);
    if (!user) {
        qCWarning(lcServer) << "directory person" << person.employeeId
                            << "clashes with a local account of the same ID or user name";
        return AuthResult::failure(AuthError::Internal);
    }
    return m_issuer.issue(db, *user, device);
}

} // namespace tessera::server
