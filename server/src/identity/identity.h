#pragma once

#include "http/httpresponses.h"
#include "identity/accesstokenauthenticator.h"
#include "identity/authroutes.h"
#include "identity/localcredentials.h"
#include "identity/loginlockout.h"
#include "identity/passwordchange.h"
#include "identity/sessionissuer.h"
#include "identity/signin.h"
#include "identity/tokenrefresh.h"

#include <memory>

namespace tessera::server {

class Clock;
class Directory;
class PasswordHasher;
class RouteTable;
class Storage;

// The identity feature put together (docs/IDENTITY.md): sign-in with a directory account or a
// local ID, the password change, rotating refresh tokens, sign-out, access tokens, and their
// routes. Thread-safe once built.
class Identity
{
public:
    // directory may be null: then network accounts cannot sign in.
    Identity(Storage &storage, const Clock &clock, const PasswordHasher &hasher,
        std::shared_ptr<const Directory> directory, const QString &minimumAppVersion);

    void addRoutes(RouteTable &routes) { m_routes.addRoutes(routes); }
    // Set once, before the server takes requests.
    void setSessionsEndedListener(SessionsEnded listener)
    {
        m_routes.setSessionsEndedListener(std::move(listener));
    }
    // A person's access token (tsa_).
    std::optional<Principal> authenticate(const QByteArray &token) const
    {
        return m_accessTokens.authenticate(token);
    }

    const SignIn &signIn() const { return m_signIn; }
    const PasswordChange &passwordChange() const { return m_passwordChange; }
    const TokenRefresh &tokenRefresh() const { return m_tokenRefresh; }

private:
    LoginLockout m_lockout;
    LocalCredentials m_credentials;
    SessionIssuer m_issuer;
    SignIn m_signIn;
    PasswordChange m_passwordChange;
    TokenRefresh m_tokenRefresh;
    AccessTokenAuthenticator m_accessTokens;
    AuthRoutes m_routes;
};

} // namespace tessera::server
