#include "identity/localcredentials.h"

#include "base/clock.h"
#include "crypto/passwordhasher.h"
#include "crypto/randomtokens.h"
#include "identity/accountrepository.h"
#include "protocol/wiretime.h"

namespace tessera::server {

LocalCredentials::LocalCredentials(const Clock &clock, const PasswordHasher &hasher)
    : m_clock(clock)
    , m_hasher(hasher)
    , m_dummyHash(hasher.hash(randomtokens::password()).value_or(QString()))
{ }

AuthError LocalCredentials::check(QSqlDatabase &db, const QString &username,
    const QString &password, LoginLockout::Attempt &attempt, std::optional<UserAccount> *user) const
{
    *user = AccountRepository(db).localByUsername(username);
    if (password.isEmpty() || !verify(*user, password)) {
        attempt.failed();
        return AuthError::InvalidCredentials;
    }
    attempt.succeeded();
    if ((*user)->disabled)
        return AuthError::AccountDisabled;
    if ((*user)->passwordTemporary) {
        const auto expires = wiretime::parse((*user)->passwordExpiresAt);
        if (!expires || *expires <= m_clock.now())
            return AuthError::TemporaryPasswordExpired;
    }
    return AuthError::None;
}

bool LocalCredentials::verify(const std::optional<UserAccount> &user, const QString &password) const
{
    if (!user || user->passwordHash.isEmpty()) {
        // The same work as for a real account: no timing difference tells a guesser which
        // usernames exist.
        m_hasher.verify(m_dummyHash, password);
        return false;
    }
    return m_hasher.verify(user->passwordHash, password);
}

} // namespace tessera::server
