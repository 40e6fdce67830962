#pragma once

#include "http/apiscope.h"
#include "http/drainstate.h"
#include "http/httpresponses.h"

#include <QHttpServerRequest>
#include <QList>
#include <QObject>
#include <QRegularExpression>
#include <QString>

#include <functional>
#include <memory>

class QHttpServer;
class QTcpSocket;
class QThreadPool;

namespace tessera::server {

class RateLimiter;

// Who may call a route. The route table enforces it before the handler runs (401 without a valid
// token, 403 for the wrong user type or role); handlers check finer rules (whose item) themselves.
// The OpenAPI file names it in x-tessera-access and the authorization-matrix test calls every
// route as every kind of caller.
enum class Access {
    Public, // anyone, signed in or not
    SignedIn, // any person with a valid access token
    Employee, // user type employee
    Manager, // role manager (has direct reports)
    Scanner, // role scanner
    Publisher, // role publisher
    Admin, // role admin
    Medical, // role medical (health records)
    Subsystem, // an internal system with its API key (never a person), holding the route's
               // scope (ApiScope; x-tessera-scope in the OpenAPI file)
};

// Checks a bearer token (a person's access token or a sub-system's API key); called on a worker
// thread. nullopt: unknown, expired or revoked.
using Authenticator = std::function<std::optional<Principal>(const QByteArray &token)>;

// One line of the access log: time, user, device, endpoint, status, client IP.
struct AccessLogEntry
{
    QString userId;
    QString deviceId;
    QString method;
    QString endpoint; // the route's pattern, never the raw path or query (they may carry ids)
    int status = 0;
    QString clientIp;
};
using AccessLogger = std::function<void(const AccessLogEntry &entry)>;

// The server's own route table: QtHttpServer 6.4 can neither list its routes nor answer 405.
// The table stays on any Qt: it also carries each route's role and body limit and is checked
// against the OpenAPI file.
// Paths are written as in the OpenAPI file ("/v1/inbox/{id}/read").
//
// Every handler runs on a bounded worker pool, so that blocking work (database, LDAP, Argon2id)
// never stalls the event loop, and the answer is written to the connection when it is ready;
// only routes added with addInline (handlers that never block) answer on the event loop.
// Qt 6.4's QHttpServer crashes when a deferred answer (QFuture route or moved responder) meets a
// client that has already gone, so the table registers its own router rules, copies the request
// out, keeps only a guarded pointer to the socket and writes the HTTP message itself. Answers to
// requests pipelined on one connection are written in the order the requests came. Using
// QHttpServer's own deferred answers instead waits for a Qt whose QHttpServer survives a client
// that has gone (re-test with tst_server_hostile and tst_frontdoor on that Qt).
class RouteTable : public QObject
{
    Q_OBJECT
public:
    using Method = QHttpServerRequest::Method;
    using Handler = std::function<HttpResponse(const HttpRequest &request)>;

    struct Route
    {
        Method method = Method::Unknown;
        QString path;
        Access access = Access::Public;
        std::optional<ApiScope> scope; // the scope a key needs (Access::Subsystem routes only)
        Handler handler;
        bool webSocket = false; // a GET that upgrades to a WebSocket (see addWebSocket)
        bool onEventLoop = false; // answered on the event loop, without the pool (see addInline)
        // Largest request body accepted; the front door answers 413 to a longer one as soon as
        // its head is in (Content-Length) or its chunks pass it, before reading it.
        qint64 maxBodyBytes = jsonBodyBytes;
        QRegularExpression pattern; // the path as a regular expression, placeholders [^/]+
    };

    // Body limits (DESIGN.md, second round, decision 2): JSON bodies, sign-in (password,
    // refresh token: small, and unauthenticated), and requests for which no route exists.
    static constexpr qint64 jsonBodyBytes = qint64(1024) * 1024;
    static constexpr qint64 signInBodyBytes = qint64(16) * 1024;
    static constexpr qint64 unroutedBodyBytes = qint64(16) * 1024;

    explicit RouteTable(QObject *parent = nullptr);

    // Adds a route; a second route with the same method and path is a programming error, and so
    // is a sub-system route added without its scope (the overload below).
    void add(Method method, const QString &path, Access access, Handler handler);
    // A sub-system's route (Access::Subsystem): an API key without scope gets 403
    // insufficient_scope, before the key's rate limit counts the request.
    void add(Method method, const QString &path, ApiScope scope, Handler handler);
    // A WebSocket endpoint: an upgrade request to path is left to QHttpServer, which hands the
    // socket to whoever listens to newWebSocketConnection (Qt 6.4 upgrades only requests that a
    // route claims). A plain GET gets handler's answer. access is what the socket's owner checks.
    void addWebSocket(const QString &path, Access access, Handler plainGetHandler);
    // A public route whose handler never blocks (no network, no lock, microseconds of work):
    // answered on the event loop without the hand-over to the pool and back, which costs more
    // than such an answer itself. Other methods on its path get their 405 there too.
    void addInline(Method method, const QString &path, Handler handler);

    // Another body limit than jsonBodyBytes for one route (which must exist).
    void setMaxBodyBytes(Method method, const QString &path, qint64 bytes);
    // The body limit for a request as it arrives: its method ("HEAD" counts as "GET") and raw
    // request-target, matched against the routes' patterns; unroutedBodyBytes when none fits.
    qint64 maxBodyBytesFor(QByteArrayView method, QByteArrayView target) const;
    static HttpResponse bodyTooLarge(qint64 limit); // 413 body_too_large
    static QByteArray httpDate(const QDateTime &time); // "Sun, 06 Dec 2026 04:36:51 GMT"

    void setAuthenticator(Authenticator authenticator)
    {
        m_authenticator = std::move(authenticator);
    }
    void setAccessLogger(AccessLogger logger) { m_accessLogger = std::move(logger); }
    // Counts each sub-system's requests by its API key id; a request past the limit gets 429
    // rate_limited (RateLimiter). Without one, no limit.
    void setApiKeyRateLimiter(std::shared_ptr<RateLimiter> limiter)
    {
        m_apiKeyLimiter = std::move(limiter);
    }
    // The server's clock: every answer carries it in a Date header (apps correct their clock
    // for the pass's time step with it).
    void setClock(std::function<QDateTime()> now) { m_now = std::move(now); }
    // While state drains, every route but GET /v1/health answers 503 draining with Retry-After.
    void setDrainState(const DrainState *state) { m_drain = state; }
    // Whether the database answers (Storage::ping): a 500, or a 401 (a token that could not be
    // looked up), while it does not answers 503 database_unavailable instead.
    void setDatabaseProbe(std::function<bool()> probe) { m_databaseProbe = std::move(probe); }

    // Registers every path with server, handlers to run on pool, and installs the 404 handler.
    // Call once, after all add(). pool must outlive the server's connections.
    void registerWith(QHttpServer &server, QThreadPool *pool);

    const QList<Route> &routes() const { return m_routes; }

    static QString methodName(Method method); // "GET", "POST", ...
    static QString accessName(Access access); // as x-tessera-access says it: "public", "admin"

    // What the route table answers for access on request (nullopt: let the handler run). Fills
    // request.principal. Public for the authorization checks in tests.
    std::optional<HttpResponse> authorize(
        Access access, HttpRequest &request, std::optional<ApiScope> scope = std::nullopt) const;
    // 403 insufficient_scope for a key that lacks scope (RFC 6750, section 3): names the scope
    // and the command that grants it.
    static HttpResponse insufficientScope(const Principal &key, ApiScope scope);

private:
    void addRoute(Method method, const QString &path, Access access, std::optional<ApiScope> scope,
        Handler handler);
    void answerNotFound(const QHttpServerRequest &request, QTcpSocket *socket) const;
    HttpResponse run(const QString &path, HttpRequest &request) const;
    void log(const HttpRequest &request, const HttpResponse &response) const;
    void stampDate(HttpResponse &response) const; // the Date header, from the server's clock

    QList<Route> m_routes;
    Authenticator m_authenticator;
    AccessLogger m_accessLogger;
    std::shared_ptr<RateLimiter> m_apiKeyLimiter;
    std::function<QDateTime()> m_now;
    const DrainState *m_drain = nullptr;
    std::function<bool()> m_databaseProbe;
};

} // namespace tessera::server
