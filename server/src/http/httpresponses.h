#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QHostAddress>
#include <QHttpServerRequest>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>
#include <QUrlQuery>

#include <optional>
#include <utility>

namespace tessera::server {

// Who made a request, once their bearer token checked out: a person on a device, or a
// sub-system with its API key.
struct Principal
{
    QString apiKeyId; // set for sub-systems only
    QString subsystem; // the API key's sub-system name
    QString userId;
    QString deviceId;
    QString kind; // "ad" | "local"
    QString userType; // "employee" | "non_employee"
    QStringList roles; // "manager", "scanner", "publisher", "admin"
    QDateTime tokenExpiresAt; // when the person's access token ends (server clock)
    QStringList scopes; // the API key's scopes ("notifications:write", ...; ApiScope)

    bool hasRole(const QString &role) const { return roles.contains(role); }
    bool isSubsystem() const { return !apiKeyId.isEmpty(); }
};

// One HTTP request, copied out of QHttpServerRequest so that it can travel to a worker thread
// (QHttpServerRequest is neither copyable nor alive once the client is gone).
struct HttpRequest
{
    QHttpServerRequest::Method method = QHttpServerRequest::Method::Unknown;
    QString path;
    QUrlQuery query;
    QList<std::pair<QByteArray, QByteArray>> headers;
    QByteArray body;
    QHostAddress remoteAddress;
    QStringList params; // the path's {placeholders}, in order
    QString route; // the route's pattern ("/v1/inbox/{id}/read"), for logs
    std::optional<Principal> principal; // set by the route table for routes that need one

    // The first header named name (case-insensitive); empty when absent.
    QByteArray header(const QByteArray &name) const;
    // The query's "since" cursor (a change counter this server gave): 0 when absent, nullopt
    // when it is not one.
    std::optional<qint64> sinceCursor() const;
    // The query's "limit" of a page: fallback when absent, nullopt when it is not a whole number
    // from 1 to max.
    std::optional<int> pageLimit(int fallback, int max) const;
    // The body as a JSON object; nullopt (and *error) when it is not one.
    std::optional<QJsonObject> jsonBody(QString *error) const;
};

// One HTTP answer.
struct HttpResponse
{
    int status = 200;
    QByteArray contentType;
    QByteArray body;
    QList<std::pair<QByteArray, QByteArray>> headers;
    // Who the access log should name when the request carried no token (sign-in answers).
    QString logUserId;
    QString logDeviceId;
    // The access log names no one for this request (no user, device or address): an anonymous
    // survey answer (DESIGN.md, second round, decision 10).
    bool logNoOne = false;

    void setHeader(const QByteArray &name, const QByteArray &value);
    QByteArray header(const QByteArray &name) const;
    // The full HTTP/1.1 message: status line, headers, Content-Length, body. headersOnly: the
    // answer to HEAD, whose Content-Length is the body's it leaves out.
    QByteArray serialize(bool closeConnection, bool headersOnly = false) const;
};

namespace http {

// A JSON answer with the status given (no-store, nosniff).
HttpResponse json(const QJsonObject &body, int status = 200);
// {"error":{"code","message"}} with status. message is for people; it never carries internals
// (SQL, stack traces, file paths).
HttpResponse error(int status, const QString &code, const QString &message);
// An error with more members beside "error" (a JSON path, the current object, ...).
HttpResponse errorWith(
    int status, const QString &code, const QString &message, const QJsonObject &members);
HttpResponse noContent();
// 400 invalid_request with message.
HttpResponse badRequest(const QString &message);
// 500 internal_error, logged by the caller; says nothing of the cause.
HttpResponse internalError();
// 503 database_unavailable with Retry-After: the database does not answer (a restart, a failover).
HttpResponse databaseUnavailable();
QByteArray reasonPhrase(int status);

} // namespace http
} // namespace tessera::server
