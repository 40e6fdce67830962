#pragma once

#include "identity/authresult.h"
#include "identity/loginlockout.h"
#include "identity/useraccount.h"

#include <QSqlDatabase>
#include <QString>

#include <optional>

namespace tessera::server {

class Clock;
class PasswordHasher;

// A local ID's password check, shared by sign-in and the password change. Thread-safe.
class LocalCredentials
{
public:
    LocalCredentials(const Clock &clock, const PasswordHasher &hasher);

    // AuthError::None when the password is right and the account may go on (*user set); else
    // why not. The attempt's outcome is recorded (a failure counts towards the lockout).
    AuthError check(QSqlDatabase &db, const QString &username, const QString &password,
        LoginLockout::Attempt &attempt, std::optional<UserAccount> *user) const;

private:
    bool verify(const std::optional<UserAccount> &user, const QString &password) const;

    const Clock &m_clock;
    const PasswordHasher &m_hasher;
    QString m_dummyHash; // verified against for unknown users, so that they take as long
};

} // namespace tessera::server
