#pragma once

#include "http/httpresponses.h"
#include "http/routetable.h"
#include "identity/authresult.h"
#include "identity/sessionsended.h"

namespace tessera::server {

class Clock;
class PasswordChange;
class SignIn;
class Storage;
class TokenRefresh;

// The sign-in, token and profile routes (/v1/auth/..., /v1/me...): each reads its request,
// asks the domain service and answers. Runs on the route table's worker pool; thread-safe.
class AuthRoutes
{
public:
    AuthRoutes(Storage &storage, const Clock &clock, const SignIn &signIn,
        const PasswordChange &passwordChange, const TokenRefresh &tokenRefresh);

    void addRoutes(RouteTable &routes);
    // Set once, before the server takes requests.
    void setSessionsEndedListener(SessionsEnded listener) { m_sessionsEnded = std::move(listener); }

    HttpResponse login(const HttpRequest &request) const;
    HttpResponse changePassword(const HttpRequest &request) const;
    HttpResponse refresh(const HttpRequest &request) const;
    HttpResponse logout(const HttpRequest &request) const;
    HttpResponse me(const HttpRequest &request) const;
    HttpResponse signOutDevice(const HttpRequest &request) const;
    HttpResponse devices(const HttpRequest &request) const;

private:
    // The answer to a sign-in, password change or refresh; ends the sessions it ended first.
    HttpResponse answer(const AuthResult &result) const;

    Storage &m_storage;
    const Clock &m_clock;
    const SignIn &m_signIn;
    const PasswordChange &m_passwordChange;
    const TokenRefresh &m_tokenRefresh;
    SessionsEnded m_sessionsEnded;
};

} // namespace tessera::server
