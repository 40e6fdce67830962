#pragma once

#include "identity/authresult.h"
#include "identity/passwordpolicy.h"
#include "identity/signindevice.h"

#include <QString>

namespace tessera::server {

class Clock;
class LocalCredentials;
class LoginLockout;
class PasswordHasher;
class SessionIssuer;
class Storage;

// A local ID's own password change (the first one replaces the temporary password): every
// other session ends with the old password, and the device that changed it is signed in again.
// Blocking; thread-safe.
class PasswordChange
{
public:
    PasswordChange(Storage &storage, const Clock &clock, const PasswordHasher &hasher,
        QString minimumAppVersion, const LoginLockout &lockout, const LocalCredentials &credentials,
        const SessionIssuer &issuer);

    AuthResult change(const QString &username, const QString &currentPassword,
        const QString &newPassword, const SignInDevice &device, const QString &clientIp) const;

private:
    Storage &m_storage;
    const Clock &m_clock;
    const PasswordHasher &m_hasher;
    QString m_minimumAppVersion;
    const LoginLockout &m_lockout;
    const LocalCredentials &m_credentials;
    const SessionIssuer &m_issuer;
    PasswordPolicy m_policy;
};

} // namespace tessera::server
