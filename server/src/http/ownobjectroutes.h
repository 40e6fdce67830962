#pragma once

#include "http/httpresponses.h"
#include "http/routetable.h"

#include <QJsonObject>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

#include <optional>
#include <type_traits>

namespace tessera::server {

// What the Web API of every object a sub-system owns under its own id shares (Home cards, news
// posts, events, surveys: PUT and DELETE /v1/subsystem/<kind>/{id}, and a publisher's own posts):
// the id's form, the routes, the start of a PUT and the answer of a DELETE. Each answer is the
// one the features gave before they shared it (docs/INTEGRATION.md, server/openapi.json).
class OwnObjectRoutes
{
public:
    // What a PUT starts with once its id, body and hosts are read.
    struct Put
    {
        QString id; // the path's {id}, an own id
        QJsonObject body;
        QStringList hosts; // the hosts the object's links may go to
    };

    // A sub-system's own id of an object: [A-Za-z0-9._-]{1,64}.
    static bool isOwnId(const QString &id);
    // 400: "<whatId> is 1 to 64 letters, digits, dots, hyphens or underscores." ("A card id").
    static HttpResponse badId(const QString &whatId);
    // 404 not_found: "This API key has no <what> with that id." ("card").
    static HttpResponse notFound(const QString &what);

    // PUT path (its body limit bodyBytes) and DELETE path, for a key with scope or a person with
    // access.
    static void addPutAndDelete(RouteTable &routes, const QString &path, ApiScope scope,
        qint64 bodyBytes, RouteTable::Handler put, RouteTable::Handler remove);
    static void addPutAndDelete(RouteTable &routes, const QString &path, Access access,
        qint64 bodyBytes, RouteTable::Handler put, RouteTable::Handler remove);

    // The id (400 badId(whatId) when it is not an own id) and the JSON object body (400 when it
    // is none) of a PUT; nullopt with *refusal set when either is wrong. hosts is left empty.
    static std::optional<Put> readPut(
        const HttpRequest &request, const QString &whatId, HttpResponse *refusal);
    // As readPut, and the hosts owner's objects may link to from service.allowedHosts (500 when
    // the database fails).
    template<typename Service, typename Owner>
    static std::optional<Put> readPut(const HttpRequest &request, const QString &whatId,
        Service &service, const Owner &owner, HttpResponse *refusal)
    {
        std::optional<Put> put = readPut(request, whatId, refusal);
        if (!put)
            return std::nullopt;
        QSqlDatabase db = service.connection();
        const std::optional<QStringList> hosts = service.allowedHosts(db, owner);
        if (!hosts) {
            *refusal = http::internalError();
            return std::nullopt;
        }
        put->hosts = *hosts;
        return put;
    }

    // A DELETE of the path's {id}: notFound when it is not an own id, else remove(id)'s outcome
    // (an enum with NotFound and Failed; any other value is done): 204, notFound or 500.
    template<typename Remove>
    static HttpResponse remove(
        const HttpRequest &request, const HttpResponse &notFound, const Remove &remove)
    {
        const QString id = request.params.value(0);
        if (!isOwnId(id))
            return notFound;
        const auto outcome = remove(id);
        using Outcome = std::remove_const_t<decltype(outcome)>;
        if (outcome == Outcome::NotFound)
            return notFound;
        if (outcome == Outcome::Failed)
            return http::internalError();
        return http::noContent();
    }
};

} // namespace tessera::server
