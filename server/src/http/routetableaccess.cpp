#include "http/ratelimiter.h"
#include "http/routetable.h"

// RouteTable's access checks: who may call a route (Access), from the request's bearer token,
// the API key's scope and its rate limit. run() asks authorize() before a handler runs.

namespace tessera::server {

namespace {

QByteArray bearerToken(const HttpRequest &request)
{
    const QByteArray value = request.header(QByteArrayLiteral("Authorization")).trimmed();
    static const QByteArray scheme = QByteArrayLiteral("bearer ");
    if (value.size() <= scheme.size() || !value.left(scheme.size()).toLower().startsWith(scheme))
        return {};
    return value.mid(scheme.size()).trimmed();
}

} // namespace

QString RouteTable::accessName(Access access)
{
    switch (access) {
    case Access::Public:
        return QStringLiteral("public");
    case Access::SignedIn:
        return QStringLiteral("signedIn");
    case Access::Employee:
        return QStringLiteral("employee");
    case Access::Manager:
        return QStringLiteral("manager");
    case Access::Scanner:
        return QStringLiteral("scanner");
    case Access::Publisher:
        return QStringLiteral("publisher");
    case Access::Admin:
        return QStringLiteral("admin");
    case Access::Medical:
        return QStringLiteral("medical");
    case Access::Subsystem:
        return QStringLiteral("subsystem");
    }
    return {};
}

HttpResponse RouteTable::insufficientScope(const Principal &key, ApiScope scope)
{
    const QString name = apiscope::name(scope);
    HttpResponse response = http::error(403, QStringLiteral("insufficient_scope"),
        QStringLiteral("This API key (%1) lacks the scope %2; an admin can grant it: tessera-cli "
                       "admin keys scopes %1 --scopes %3")
            .arg(key.apiKeyId, name,
                apiscope::normalized(key.scopes + QStringList { name }).join(QLatin1Char(','))));
    response.setHeader(QByteArrayLiteral("WWW-Authenticate"),
        QByteArrayLiteral("Bearer error=\"insufficient_scope\", scope=\"") + name.toLatin1() + '"');
    return response;
}

std::optional<HttpResponse> RouteTable::authorize(
    Access access, HttpRequest &request, std::optional<ApiScope> scope) const
{
    if (access == Access::Public)
        return std::nullopt;
    // Sub-systems' routes speak to the integrator who wired the key in, not to a person.
    const bool forSubsystem = access == Access::Subsystem;
    const QByteArray token = bearerToken(request);
    if (token.isEmpty()) {
        HttpResponse response = http::error(401, QStringLiteral("authentication_required"),
            forSubsystem ? QStringLiteral("This endpoint needs the sub-system's API key: send "
                                          "the header Authorization: Bearer tsk_…")
                         : QStringLiteral("Sign in first: this needs an access token."));
        response.setHeader(QByteArrayLiteral("WWW-Authenticate"), QByteArrayLiteral("Bearer"));
        return response;
    }
    std::optional<Principal> principal =
        m_authenticator ? m_authenticator(token) : std::optional<Principal>();
    if (!principal) {
        HttpResponse response = http::error(401, QStringLiteral("invalid_token"),
            forSubsystem
                ? QStringLiteral("The API key is not valid (unknown, revoked, or rotated past its "
                                 "overlap). Check the Authorization header: Bearer tsk_…")
                : QStringLiteral("The access token is unknown, expired or revoked. Refresh it or "
                                 "sign in again."));
        response.setHeader(QByteArrayLiteral("WWW-Authenticate"),
            QByteArrayLiteral("Bearer error=\"invalid_token\""));
        return response;
    }
    request.principal = principal;
    bool allowed = false;
    if (principal->isSubsystem() != (access == Access::Subsystem)) {
        return http::error(403, QStringLiteral("forbidden"),
            access == Access::Subsystem
                ? QStringLiteral("This endpoint is for internal systems with an API key.")
                : QStringLiteral("This endpoint is for people, not API keys."));
    }
    switch (access) {
    case Access::Public:
    case Access::SignedIn:
    case Access::Subsystem:
        allowed = true;
        break;
    case Access::Employee:
        allowed = principal->userType == QStringLiteral("employee");
        break;
    case Access::Manager:
        allowed = principal->hasRole(QStringLiteral("manager"));
        break;
    case Access::Scanner:
        allowed = principal->hasRole(QStringLiteral("scanner"));
        break;
    case Access::Publisher:
        allowed = principal->hasRole(QStringLiteral("publisher"));
        break;
    case Access::Admin:
        allowed = principal->hasRole(QStringLiteral("admin"));
        break;
    case Access::Medical:
        allowed = principal->hasRole(QStringLiteral("medical"));
        break;
    }
    if (!allowed)
        return http::error(
            403, QStringLiteral("forbidden"), QStringLiteral("Your account may not do this."));
    // Before the rate limit: a refusal does no work, and a key that lacks the scope is told so
    // every time rather than 429 after its burst.
    if (access == Access::Subsystem) {
        // Fails closed: a sub-system route without a scope (add() asserts against it) takes no
        // key at all.
        if (!scope)
            return http::error(403, QStringLiteral("forbidden"),
                QStringLiteral("No API key scope opens this endpoint."));
        if (!principal->scopes.contains(apiscope::name(*scope)))
            return insufficientScope(*principal, *scope);
    }
    if (principal->isSubsystem() && m_apiKeyLimiter) {
        if (const std::optional<int> wait = m_apiKeyLimiter->take(principal->apiKeyId))
            return m_apiKeyLimiter->refusal(*wait);
    }
    return std::nullopt;
}

} // namespace tessera::server
