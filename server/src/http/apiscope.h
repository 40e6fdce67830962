#pragma once

#include "http/httpresponses.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace tessera::server {

// What a sub-system's API key may do: each sub-system route needs exactly one scope (RouteTable),
// a key holds a set of them (ApiKeyService). The OpenAPI file names a route's in x-tessera-scope.
enum class ApiScope {
    NotificationsWrite, // send and withdraw notifications
    NotificationsRead, // read back the key's notifications and their deliveries
    EventsRead, // the key's events feed
    DeliveriesRead, // the key's webhook deliveries
    DeliveriesWrite, // redeliver a webhook, send a test ping
    CardsWrite, // put, list and delete the key's Home cards
    ServicesWrite, // register and withdraw services, set their submissions' statuses
    SubmissionsRead, // read the submissions to the key's services
    NewsWrite, // publish, withdraw and count the key's news posts
    EventsWrite, // put and cancel the key's events, read who answered
    SurveysWrite, // put and withdraw the key's surveys, read their results
};

namespace apiscope {

// Every scope, in the order keys list them.
const QList<ApiScope> &all();
// "notifications:write", ... (as the API and the OpenAPI file say it).
QString name(ApiScope scope);
// The scope of a name; nullopt for a name that is none.
std::optional<ApiScope> fromName(const QString &name);
// Every scope's name, in order.
QStringList allNames();
// names (each a scope's) in the order of all(), each once.
QStringList normalized(const QStringList &names);
// As a key's scopes are stored: the names separated by spaces (as OAuth's scope parameter).
QString toStored(const QStringList &names);
QStringList fromStored(const QString &stored);
// The scopes a request body names under "scopes" (each once, in all()'s order). Absent: every
// scope, or 400 when required. Not an array of strings: 400; empty, null or a name that is no
// scope: 422 invalid_scope. Returns the refusal, or nullopt with *scopes filled.
std::optional<HttpResponse> read(const QJsonObject &body, bool required, QStringList *scopes);

} // namespace apiscope
} // namespace tessera::server
