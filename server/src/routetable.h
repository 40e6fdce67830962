#pragma once

#include <QFuture>
#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>

class QHttpServer;

namespace tessera::server {

// Who may call a route. Each handler still checks the details itself (DESIGN: every endpoint
// enforces role and user type); this is what the OpenAPI file and the authorization matrix say.
enum class Access {
    Public, // anyone, signed in or not
};

// The server's own route table: QtHttpServer 6.4 can neither list its routes nor answer 405.
// Paths are written as in the OpenAPI file ("/v1/inbox/{id}/read"); the table registers them
// with QHttpServer, answers a known path with an unknown method by 405 + Allow, and an unknown
// path by 404, both as JSON errors.
class RouteTable
{
public:
    using Method = QHttpServerRequest::Method;
    // params holds the path's {placeholders} in order.
    using Handler = std::function<QFuture<QHttpServerResponse>(
        const QHttpServerRequest &request, const QStringList &params)>;

    struct Route
    {
        Method method;
        QString path;
        Access access;
        Handler handler;
    };

    // Adds a route; a second route with the same method and path is a programming error.
    void add(Method method, const QString &path, Access access, Handler handler);

    // Registers every path with server and installs the 404 handler. Call once, after all add().
    void registerWith(QHttpServer &server);

    const QList<Route> &routes() const { return m_routes; }

    static QString methodName(Method method); // "GET", "POST", ...

private:
    QFuture<QHttpServerResponse> dispatch(
        const QString &path, const QHttpServerRequest &request, const QStringList &params) const;

    QList<Route> m_routes;
};

} // namespace tessera::server
