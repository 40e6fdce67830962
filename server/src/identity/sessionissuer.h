#pragma once

#include "identity/authresult.h"
#include "identity/signindevice.h"
#include "identity/useraccount.h"

#include <QDateTime>
#include <QSqlDatabase>

namespace tessera::server {

class Clock;

// Starts and ends a person's session on a device: a sign-in replaces the device's tokens with a
// new family; a sign-out revokes them. Thread-safe.
class SessionIssuer
{
public:
    static constexpr qint64 accessTokenSeconds = qint64(24) * 3600;
    static constexpr qint64 refreshFamilyDays = 30;

    explicit SessionIssuer(const Clock &clock);

    // A new sign-in of user on device: the tokens, or AuthError::Internal.
    AuthResult issue(QSqlDatabase &db, const UserAccount &user, const SignInDevice &device) const;
    // Ends the person's session on the device; false when the database refused.
    bool end(QSqlDatabase &db, const QString &userId, const QString &deviceId) const;

private:
    // A sign-in that registers another device key than the device had: revokes the passes bound
    // to the old one (put on the revocation list, so scanners deny them after their next sync).
    bool revokePassesOfOldKey(QSqlDatabase &db, const UserAccount &user, const SignInDevice &device,
        const QDateTime &at) const;

    const Clock &m_clock;
};

} // namespace tessera::server
