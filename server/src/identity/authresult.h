#pragma once

#include "identity/loginlockout.h"
#include "identity/useraccount.h"

#include <QString>

#include <optional>

namespace tessera::server {

// Why a sign-in, password change or token refresh did not give a session.
enum class AuthError {
    None,
    InvalidCredentials, // wrong user name or password
    DirectoryUnavailable, // the directory could not be asked (or none is configured)
    AccountDisabled,
    TemporaryPasswordExpired,
    PasswordChangeRequired, // a right first-time password: choose your own
    TooManyAttempts, // locked out for retryAfterSeconds
    UpgradeRequired, // the app is older than minimumVersion
    WeakPassword, // the new password breaks a rule (message)
    SessionEnded, // the refresh token is unknown, expired, spent or revoked
    SessionAccountDisabled, // the refresh token's account is disabled or gone
    Internal, // the database (or the hasher) refused
};

// A new or rotated pair of tokens.
struct SessionTokens
{
    QString accessToken;
    QString accessTokenExpiresAt; // wire time
    QString refreshToken;
    QString refreshTokenExpiresAt; // wire time: the family's end
};

// Sessions a change ended: userId's on deviceId, or on every device when deviceId is empty.
struct EndedSessions
{
    QString userId;
    QString deviceId;
};

// What a sign-in, password change or refresh came to.
struct AuthResult
{
    AuthError error = AuthError::None;
    QString message; // WeakPassword: the rule broken; UpgradeRequired: the minimum version
    qint64 retryAfterSeconds = 0; // TooManyAttempts
    QString userId; // the account signed in, or refused for a reason that names it
    QString deviceId; // on success
    UserAccount user; // on success
    SessionTokens tokens; // on success
    std::optional<EndedSessions> ended; // streams to close before answering

    bool ok() const { return error == AuthError::None; }

    static AuthResult failure(AuthError error, QString message = {})
    {
        AuthResult result;
        result.error = error;
        result.message = std::move(message);
        return result;
    }
    // A lockout reservation refused: locked out, or the database refused.
    static AuthResult refused(const LoginLockout::Refusal &refusal)
    {
        AuthResult result = failure(
            refusal.retryAfterSeconds > 0 ? AuthError::TooManyAttempts : AuthError::Internal);
        result.retryAfterSeconds = refusal.retryAfterSeconds;
        return result;
    }
};

} // namespace tessera::server
