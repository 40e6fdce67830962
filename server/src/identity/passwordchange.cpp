#include "identity/passwordchange.h"

#include "base/clock.h"
#include "base/serverlogging.h"
#include "crypto/passwordhasher.h"
#include "identity/accountrepository.h"
#include "identity/internal/attemptstart.h"
#include "identity/localcredentials.h"
#include "identity/loginlockout.h"
#include "identity/sessionissuer.h"
#include "pass/revocation.h"
#include "storage/sqlhelpers.h"
#include "storage/storage.h"

namespace tessera::server {

PasswordChange::PasswordChange(Storage &storage, const Clock &clock, const PasswordHasher &hasher,
    QString minimumAppVersion, const LoginLockout &lockout, const LocalCredentials &credentials,
    const SessionIssuer &issuer)
    : m_storage(storage)
    , m_clock(clock)
    , m_hasher(hasher)
    , m_minimumAppVersion(std::move(minimumAppVersion))
    , m_lockout(lockout)
    , m_credentials(credentials)
    , m_issuer(issuer)
{ }

AuthResult PasswordChange::change(const QString &username, const QString &currentPassword,
    const QString &newPassword, const SignInDevice &device, const QString &clientIp) const
{
    QSqlDatabase db = m_storage.connection();
    auto started = startAttempt(m_lockout, db, username, device, m_minimumAppVersion, clientIp);
    if (auto *answer = std::get_if<AuthResult>(&started))
        return std::move(*answer);
    std::optional<UserAccount> user;
    const AuthError refusal = m_credentials.check(
        db, username, currentPassword, std::get<LoginLockout::Attempt>(started), &user);
    if (refusal != AuthError::None)
        return AuthResult::failure(refusal);
    std::optional<QString> problem =
        m_policy.problem(newPassword, { user->username, user->id, user->displayName, user->email });
    if (!problem && newPassword == currentPassword)
        problem = QStringLiteral("Choose a password different from the current one.");
    if (problem) {
        AuthResult result = AuthResult::failure(AuthError::WeakPassword, *problem);
        result.userId = user->id;
        return result;
    }
    const std::optional<QString> hash = m_hasher.hash(newPassword);
    if (!hash)
        return AuthResult::failure(AuthError::Internal);
    {
        const QDateTime now = m_clock.now();
        sql::Transaction transaction(db);
        if (!transaction.isActive()
            || !AccountRepository(db).setOwnPassword(user->id, *hash, now)
            // Every session of the old password ends with it (an attacker's too); the device
            // that changed it is signed in again below.
            || !revokeTokens(db, now, TokenScope::person(user->id)) || !transaction.commit())
            return AuthResult::failure(AuthError::Internal);
    }
    user->passwordTemporary = false;
    qCInfo(lcServer) << "password changed for" << user->id << ": every other session ended";
    AuthResult result = m_issuer.issue(db, *user, device);
    // Before the answer: no stream of an old session hears another hint.
    result.ended = EndedSessions { user->id, {} };
    return result;
}

} // namespace tessera::server
