#include "routetable.h"

#include "httpresponses.h"
#include "serverlogging.h"

#include <QHttpServer>
#include <QRegularExpression>

namespace tessera::server {

namespace {

const QRegularExpression &placeholderPattern()
{
    static const QRegularExpression pattern(QStringLiteral(R"(\{[A-Za-z][A-Za-z0-9]*\})"));
    return pattern;
}

} // namespace

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
    for (const Route &route : std::as_const(m_routes))
        Q_ASSERT_X(route.method != method || route.path != path, "RouteTable::add",
            "route registered twice");
    m_routes.append(Route { method, path, access, std::move(handler) });
}

void RouteTable::registerWith(QHttpServer &server)
{
    QStringList paths;
    for (const Route &route : std::as_const(m_routes)) {
        if (!paths.contains(route.path))
            paths.append(route.path);
    }
    for (const QString &path : std::as_const(paths)) {
        QString pattern = path;
        pattern.replace(placeholderPattern(), QStringLiteral("<arg>"));
        const auto count = path.count(placeholderPattern());
        // QHttpServer binds each <arg> to one handler parameter, so the arity is fixed at
        // compile time: one registration per possible count.
        bool registered = false;
        switch (count) {
        case 0:
            registered = server.route(pattern, [this, path](const QHttpServerRequest &request) {
                return dispatch(path, request, {});
            });
            break;
        case 1:
            registered = server.route(
                pattern, [this, path](const QString &a, const QHttpServerRequest &request) {
                    return dispatch(path, request, { a });
                });
            break;
        case 2:
            registered = server.route(pattern,
                [this, path](
                    const QString &a, const QString &b, const QHttpServerRequest &request) {
                    return dispatch(path, request, { a, b });
                });
            break;
        default:
            qFatal("RouteTable: at most two placeholders per path");
        }
        if (!registered)
            qFatal("RouteTable: QHttpServer refused the route %s", qPrintable(path));
    }
    server.setMissingHandler(
        [](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
            qCDebug(lcHttp) << "no route for" << request.url().path();
            http::error(QHttpServerResponse::StatusCode::NotFound, QStringLiteral("not_found"),
                QStringLiteral("There is no such endpoint."))
                .write(std::move(responder));
        });
}

QFuture<QHttpServerResponse> RouteTable::dispatch(
    const QString &path, const QHttpServerRequest &request, const QStringList &params) const
{
    QStringList allowed;
    for (const Route &route : m_routes) {
        if (route.path != path)
            continue;
        if (route.method == request.method())
            return route.handler(request, params);
        allowed.append(methodName(route.method));
    }
    QHttpServerResponse response = http::error(QHttpServerResponse::StatusCode::MethodNotAllowed,
        QStringLiteral("method_not_allowed"),
        QStringLiteral("This endpoint does not take %1; it takes %2.")
            .arg(methodName(request.method()), allowed.join(QStringLiteral(", "))));
    response.setHeader(QByteArrayLiteral("Allow"), allowed.join(QStringLiteral(", ")).toLatin1());
    return http::ready(std::move(response));
}

} // namespace tessera::server
