#pragma once

#include "identity/authresult.h"
#include "identity/loginlockout.h"
#include "identity/signindevice.h"

#include <QSqlDatabase>
#include <QString>

#include <utility>
#include <variant>

namespace tessera::server {

// What every password attempt (sign-in, password change) does first: an app older than
// minimumAppVersion is refused, then a lockout slot is reserved for username. Gives the reserved
// attempt, or the answer when there is none.
inline std::variant<LoginLockout::Attempt, AuthResult> startAttempt(const LoginLockout &lockout,
    QSqlDatabase &db, const QString &username, const SignInDevice &device,
    const QString &minimumAppVersion, const QString &clientIp)
{
    if (!device.meetsMinimumVersion(minimumAppVersion))
        return AuthResult::failure(AuthError::UpgradeRequired, minimumAppVersion);
    auto reserved = lockout.reserve(db, LoginLockout::key(username), clientIp);
    if (const auto *refusal = std::get_if<LoginLockout::Refusal>(&reserved))
        return AuthResult::refused(*refusal);
    return std::move(std::get<LoginLockout::Attempt>(reserved));
}

} // namespace tessera::server
