#pragma once

#include "identity/authresult.h"
#include "identity/loginlockout.h"
#include "identity/signindevice.h"

#include <QSqlDatabase>
#include <QString>

#include <memory>

namespace tessera::server {

class Clock;
class Directory;
class LocalCredentials;
class SessionIssuer;
class Storage;

// Sign-in with a directory account or a local ID, and sign-out (docs/IDENTITY.md). Blocking
// (database, LDAP, Argon2id); thread-safe.
class SignIn
{
public:
    enum class Kind { Directory, Local };

    // directory may be null: then network accounts cannot sign in (DirectoryUnavailable).
    SignIn(Storage &storage, const Clock &clock, std::shared_ptr<const Directory> directory,
        QString minimumAppVersion, const LoginLockout &lockout, const LocalCredentials &credentials,
        const SessionIssuer &issuer);

    AuthResult signIn(Kind kind, const QString &username, const QString &password,
        const SignInDevice &device, const QString &clientIp) const;
    // Ends the person's session on the device (sign-out); false when the database refused.
    bool signOut(const QString &userId, const QString &deviceId) const;
    enum class DeviceSignOut { Done, NotFound, Failed };
    // "Sign out this device" from another (or the same) device of the person's: its tokens
    // revoked, its live passes revoked and its pass key forgotten, in one transaction, audited.
    DeviceSignOut signOutDevice(const QString &userId, const QString &deviceId) const;

private:
    AuthResult directory(QSqlDatabase &db, const QString &username, const QString &password,
        const SignInDevice &device, LoginLockout::Attempt &attempt) const;
    AuthResult local(QSqlDatabase &db, const QString &username, const QString &password,
        const SignInDevice &device, LoginLockout::Attempt &attempt) const;

    Storage &m_storage;
    const Clock &m_clock;
    std::shared_ptr<const Directory> m_directory;
    QString m_minimumAppVersion;
    const LoginLockout &m_lockout;
    const LocalCredentials &m_credentials;
    const SessionIssuer &m_issuer;
};

} // namespace tessera::server
