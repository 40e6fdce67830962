#include "http/ownobjectroutes.h"

#include <QRegularExpression>

#include <utility>

namespace tessera::server {

bool OwnObjectRoutes::isOwnId(const QString &id)
{
    static const QRegularExpression pattern(QStringLiteral("^[A-Za-z0-9._-]{1,64}$"));
    return pattern.match(id).hasMatch();
}

HttpResponse OwnObjectRoutes::badId(const QString &whatId)
{
    return http::badRequest(
        QStringLiteral("%1 is 1 to 64 letters, digits, dots, hyphens or underscores.").arg(whatId));
}

HttpResponse OwnObjectRoutes::notFound(const QString &what)
{
    return http::error(404, QStringLiteral("not_found"),
        QStringLiteral("This API key has no %1 with that id.").arg(what));
}

void OwnObjectRoutes::addPutAndDelete(RouteTable &routes, const QString &path, ApiScope scope,
    qint64 bodyBytes, RouteTable::Handler put, RouteTable::Handler remove)
{
    routes.add(RouteTable::Method::Put, path, scope, std::move(put));
    routes.setMaxBodyBytes(RouteTable::Method::Put, path, bodyBytes);
    routes.add(RouteTable::Method::Delete, path, scope, std::move(remove));
}

void OwnObjectRoutes::addPutAndDelete(RouteTable &routes, const QString &path, Access access,
    qint64 bodyBytes, RouteTable::Handler put, RouteTable::Handler remove)
{
    routes.add(RouteTable::Method::Put, path, access, std::move(put));
    routes.setMaxBodyBytes(RouteTable::Method::Put, path, bodyBytes);
    routes.add(RouteTable::Method::Delete, path, access, std::move(remove));
}

std::optional<OwnObjectRoutes::Put> OwnObjectRoutes::readPut(
    const HttpRequest &request, const QString &whatId, HttpResponse *refusal)
{
    Put put;
    put.id = request.params.value(0);
    if (!isOwnId(put.id)) {
        *refusal = badId(whatId);
        return std::nullopt;
    }
    QString error;
    std::optional<QJsonObject> body = request.jsonBody(&error);
    if (!body) {
        *refusal = http::badRequest(error);
        return std::nullopt;
    }
    put.body = std::move(*body);
    return put;
}

} // namespace tessera::server
