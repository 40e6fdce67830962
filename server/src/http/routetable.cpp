#include "http/routetable.h"

#include "base/serverlogging.h"
#include "http/answerorder.h"

#include <QHttpServer>
#include <QHttpServerResponder>
#include <QHttpServerResponse>
#include <QHttpServerRouter>
#include <QHttpServerRouterRule>
#include <QLocale>
#include <QPointer>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QThreadPool>

namespace tessera::server {

namespace {

const QRegularExpression &placeholderPattern()
{
    static const QRegularExpression pattern(QStringLiteral("\\{[A-Za-z][A-Za-z0-9]*\\}"));
    return pattern;
}

// "/v1/inbox/{id}/read" -> "^/v1/inbox/([^/]+)/read$" (QHttpServerRouterRule takes a pattern
// without <arg> placeholders as a regular expression as it is).
QString pathRegex(const QString &path)
{
    QString regex;
    qsizetype at = 0;
    auto it = placeholderPattern().globalMatch(path);
    while (it.hasNext()) {
        const QRegularExpressionMatch match = it.next();
        regex += QRegularExpression::escape(path.mid(at, match.capturedStart() - at));
        regex += QStringLiteral("([^/]+)");
        at = match.capturedEnd();
    }
    regex += QRegularExpression::escape(path.mid(at));
    return QLatin1Char('^') + regex + QLatin1Char('$');
}

// A path whose raw form has an encoded "/" or NUL: QHttpServer 6.4 routes on the decoded path,
// where "/v1/inbox%2Fx" would be "/v1/inbox/x". Such a path names no endpoint. Kept on any Qt:
// the raw path is what a proxy in front of the server judges.
bool hasEncodedDelimiter(const QUrl &url)
{
    const QString raw = url.path(QUrl::FullyEncoded);
    return raw.contains(QLatin1String("%2f"), Qt::CaseInsensitive)
        || raw.contains(QLatin1String("%00"));
}

bool closeRequested(const QHttpServerRequest &request)
{
    const QList<QByteArray> options = request.value(QByteArrayLiteral("connection")).split(',');
    return std::any_of(options.cbegin(), options.cend(), [](const QByteArray &option) {
        return option.trimmed().compare("close", Qt::CaseInsensitive) == 0;
    });
}

// QHttpServer's responder writes the answer to the socket it was made for; the missing handler
// (only WebSocket upgrades reach it: see NotFoundRule) is never deferred, so it may use it.
HttpResponse notFoundResponse()
{
    return http::error(
        404, QStringLiteral("not_found"), QStringLiteral("There is no such endpoint."));
}

void writeNotFound(QHttpServerResponder &&responder)
{
    const HttpResponse response = notFoundResponse();
    QHttpServerResponse reply(
        response.contentType, response.body, QHttpServerResponse::StatusCode::NotFound);
    for (const auto &[key, value] : response.headers)
        reply.setHeader(key, value);
    reply.write(std::move(responder));
}

// Every plain request for a path no route has: answered 404 in its turn. WebSocket upgrades are
// left to QHttpServer's missing handler, which answers them at once (nothing can be pipelined
// behind an upgrade).
class NotFoundRule : public QHttpServerRouterRule
{
public:
    explicit NotFoundRule(RouterHandler handler)
        : QHttpServerRouterRule(QStringLiteral("^/.*$"), std::move(handler))
    { }

protected:
    bool matches(const QHttpServerRequest &request, QRegularExpressionMatch *match) const override
    {
        const bool upgrade =
            request.value(QByteArrayLiteral("upgrade")).compare("websocket", Qt::CaseInsensitive)
            == 0;
        return !upgrade && QHttpServerRouterRule::matches(request, match);
    }
};

} // namespace

RouteTable::RouteTable(QObject *parent)
    : QObject(parent)
{ }

QString RouteTable::methodName(Method method)
{
    switch (method) {
    case Method::Get:
        return QStringLiteral("GET");
    case Method::Put:
        return QStringLiteral("PUT");
    case Method::Delete:
        return QStringLiteral("DELETE");
    case Method::Post:
        return QStringLiteral("POST");
    case Method::Head:
        return QStringLiteral("HEAD");
    case Method::Options:
        return QStringLiteral("OPTIONS");
    case Method::Patch:
        return QStringLiteral("PATCH");
    default:
        return QStringLiteral("OTHER");
    }
}

void RouteTable::add(Method method, const QString &path, Access access, Handler handler)
{
    Q_ASSERT_X(access != Access::Subsystem, "RouteTable::add", "a sub-system route needs a scope");
    addRoute(method, path, access, std::nullopt, std::move(handler));
}

void RouteTable::add(Method method, const QString &path, ApiScope scope, Handler handler)
{
    addRoute(method, path, Access::Subsystem, scope, std::move(handler));
}

void RouteTable::addRoute(Method method, const QString &path, Access access,
    std::optional<ApiScope> scope, Handler handler)
{
    for (const Route &route : std::as_const(m_routes))
        Q_ASSERT_X(route.method != method || route.path != path, "RouteTable::add",
            "route registered twice");
    Route route;
    route.method = method;
    route.path = path;
    route.access = access;
    route.scope = scope;
    route.handler = std::move(handler);
    route.pattern = QRegularExpression(pathRegex(path));
    m_routes.append(std::move(route));
}

void RouteTable::setMaxBodyBytes(Method method, const QString &path, qint64 bytes)
{
    for (Route &route : m_routes) {
        if (route.method == method && route.path == path) {
            route.maxBodyBytes = bytes;
            return;
        }
    }
    Q_ASSERT_X(false, "RouteTable::setMaxBodyBytes", "no such route");
}

qint64 RouteTable::maxBodyBytesFor(QByteArrayView method, QByteArrayView target) const
{
    QByteArrayView rawPath = target;
    const qsizetype query = rawPath.indexOf('?');
    if (query >= 0)
        rawPath = rawPath.first(query);
    const QString path = QString::fromLatin1(rawPath);
    const QByteArrayView wanted = method == "HEAD" ? QByteArrayView("GET") : method;
    for (const Route &route : m_routes) {
        if (methodName(route.method).toLatin1() == wanted && route.pattern.match(path).hasMatch())
            return route.maxBodyBytes;
    }
    return unroutedBodyBytes;
}

HttpResponse RouteTable::bodyTooLarge(qint64 limit)
{
    return http::error(413, QStringLiteral("body_too_large"),
        QStringLiteral("The request body is larger than this endpoint takes (%1 bytes).")
            .arg(limit));
}

void RouteTable::addWebSocket(const QString &path, Access access, Handler plainGetHandler)
{
    add(Method::Get, path, access, std::move(plainGetHandler));
    m_routes.last().webSocket = true;
}

void RouteTable::addInline(Method method, const QString &path, Handler handler)
{
    add(method, path, Access::Public, std::move(handler));
    m_routes.last().onEventLoop = true;
}

void RouteTable::registerWith(QHttpServer &server, QThreadPool *pool)
{
    using View = std::function<void(const QHttpServerRequest &, QHttpServerResponder &&)>;
    QStringList paths;
    for (const Route &route : std::as_const(m_routes)) {
        if (!paths.contains(route.path))
            paths.append(route.path);
    }
    for (const QString &path : std::as_const(paths)) {
        const bool webSocket = std::any_of(m_routes.cbegin(), m_routes.cend(),
            [&path](const Route &route) { return route.path == path && route.webSocket; });
        const bool onEventLoop = std::any_of(m_routes.cbegin(), m_routes.cend(),
            [&path](const Route &route) { return route.path == path && route.onEventLoop; });
        auto rule = std::make_unique<QHttpServerRouterRule>(pathRegex(path),
            [this, path, pool, webSocket, onEventLoop](const QRegularExpressionMatch &match,
                const QHttpServerRequest &request, QTcpSocket *socket) {
                if (webSocket
                    && request.value(QByteArrayLiteral("upgrade"))
                            .compare("websocket", Qt::CaseInsensitive)
                        == 0)
                    return; // claimed: QHttpServer now hands the socket to the WebSocket side
                if (hasEncodedDelimiter(request.url())) {
                    answerNotFound(request, socket);
                    return;
                }
                auto copy = std::make_shared<HttpRequest>();
                copy->method = request.method();
                copy->path = request.url().path();
                copy->query = request.query();
                for (const auto &header : request.headers())
                    copy->headers.append({ header.first, header.second });
                copy->body = request.body();
                copy->remoteAddress = request.remoteAddress();
                copy->route = path;
                for (int i = 1; i <= match.lastCapturedIndex(); ++i)
                    copy->params.append(match.captured(i));
                AnswerOrder *const order = AnswerOrder::of(socket);
                if (order->closing())
                    return; // an earlier request closes the connection: this one is not run
                const AnswerOrder::Turn turn = order->takeTurn(closeRequested(request));
                const bool headersOnly = copy->method == Method::Head;
                if (onEventLoop) {
                    // The socket is alive: this is its own event loop, before any return to it.
                    order->answer(turn.number, run(path, *copy).serialize(turn.close, headersOnly),
                        turn.close);
                    return;
                }
                QPointer<AnswerOrder> guarded(order);
                pool->start([this, path, copy, guarded, turn, headersOnly] {
                    const HttpResponse response = run(path, *copy);
                    QByteArray message = response.serialize(turn.close, headersOnly);
                    // Back on the event loop: the socket belongs to it, and may be gone (its
                    // AnswerOrder goes with it).
                    QMetaObject::invokeMethod(
                        this,
                        [guarded, turn, message = std::move(message)]() mutable {
                            AnswerOrder *const live = guarded.data();
                            if (live == nullptr) {
                                qCDebug(lcHttp) << "the client left before its answer";
                                return;
                            }
                            live->answer(turn.number, std::move(message), turn.close);
                        },
                        Qt::QueuedConnection);
                });
            });
        if (!server.router()->addRule<View>(std::move(rule)))
            qFatal("RouteTable: QHttpServer refused the route %s", qPrintable(path));
    }
    // Last, so that it takes only what no route took.
    auto notFound = std::make_unique<NotFoundRule>(
        [this](const QRegularExpressionMatch &, const QHttpServerRequest &request,
            QTcpSocket *socket) { answerNotFound(request, socket); });
    if (!server.router()->addRule<View>(std::move(notFound)))
        qFatal("RouteTable: QHttpServer refused the 404 rule");
    server.setMissingHandler(
        [](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
            qCDebug(lcHttp) << "no route for" << request.url().path();
            writeNotFound(std::move(responder));
        });
}

void RouteTable::answerNotFound(const QHttpServerRequest &request, QTcpSocket *socket) const
{
    AnswerOrder *const order = AnswerOrder::of(socket);
    if (order->closing())
        return;
    qCDebug(lcHttp) << "no route for" << request.url().path(QUrl::FullyEncoded);
    HttpResponse response = notFoundResponse();
    stampDate(response);
    const AnswerOrder::Turn turn = order->takeTurn(closeRequested(request));
    order->answer(
        turn.number, response.serialize(turn.close, request.method() == Method::Head), turn.close);
}

HttpResponse RouteTable::run(const QString &path, HttpRequest &request) const
{
    HttpResponse response;
    const Route *target = nullptr;
    QStringList allowed;
    for (const Route &route : m_routes) {
        if (route.path != path)
            continue;
        // HEAD is answered as GET, without the body (RFC 9110, 9.3.2).
        const Method wanted = request.method == Method::Head ? Method::Get : request.method;
        if (route.method == wanted)
            target = &route;
        allowed.append(methodName(route.method));
        if (route.method == Method::Get)
            allowed.append(methodName(Method::Head));
    }
    if (m_drain != nullptr && m_drain->isDraining() && path != QStringLiteral("/v1/health")) {
        // Stopping: another node answers (docs/DEPLOYMENT.md, draining).
        response = http::error(503, QStringLiteral("draining"),
            QStringLiteral("This server is stopping; ask again in a moment."));
        response.setHeader(
            QByteArrayLiteral("Retry-After"), QByteArray::number(DrainState::retryAfterSeconds));
    } else if (!target) {
        response = http::error(405, QStringLiteral("method_not_allowed"),
            QStringLiteral("This endpoint does not take %1; it takes %2.")
                .arg(methodName(request.method), allowed.join(QStringLiteral(", "))));
        response.setHeader(
            QByteArrayLiteral("Allow"), allowed.join(QStringLiteral(", ")).toLatin1());
    } else if (request.body.size() > target->maxBodyBytes) {
        // The front door refuses these before they are read; kept for servers without it.
        response = bodyTooLarge(target->maxBodyBytes);
    } else if (auto refusal = authorize(target->access, request, target->scope)) {
        response = std::move(*refusal);
    } else {
        response = target->handler(request);
    }
    if ((response.status == 500 || response.status == 401) && m_databaseProbe && !m_databaseProbe())
        response = http::databaseUnavailable(); // not the token's fault, nor a bug: ask again
    stampDate(response);
    log(request, response);
    return response;
}

QByteArray RouteTable::httpDate(const QDateTime &time)
{
    const QString format = QStringLiteral("ddd, dd MMM yyyy hh:mm:ss 'GMT'");
    return QLocale::c().toString(time.toUTC(), format).toLatin1();
}

void RouteTable::stampDate(HttpResponse &response) const
{
    response.setHeader(
        QByteArrayLiteral("Date"), httpDate(m_now ? m_now() : QDateTime::currentDateTimeUtc()));
}

void RouteTable::log(const HttpRequest &request, const HttpResponse &response) const
{
    AccessLogEntry entry;
    entry.userId = request.principal ? request.principal->userId : response.logUserId;
    entry.deviceId = request.principal ? request.principal->deviceId : response.logDeviceId;
    entry.method = methodName(request.method);
    entry.endpoint = request.route;
    entry.status = response.status;
    entry.clientIp = request.remoteAddress.toString();
    if (response.logNoOne) {
        entry.userId = entry.deviceId = QString();
        entry.clientIp = QStringLiteral(""); // the column is NOT NULL: empty, not null
    }
    qCDebug(lcHttp).noquote() << entry.method << entry.endpoint << response.status
                              << (entry.userId.isEmpty() ? QStringLiteral("-") : entry.userId);
    if (m_accessLogger)
        m_accessLogger(entry);
}

} // namespace tessera::server
