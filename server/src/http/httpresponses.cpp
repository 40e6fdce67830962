#include "http/httpresponses.h"

#include "protocol/apierror.h"

#include <QJsonDocument>
#include <QJsonParseError>

namespace tessera::server {

QByteArray HttpRequest::header(const QByteArray &name) const
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

std::optional<qint64> HttpRequest::sinceCursor() const
{
    const QString text = query.queryItemValue(QStringLiteral("since"));
    if (text.isEmpty())
        return 0;
    bool ok = false;
    const qint64 since = text.toLongLong(&ok);
    if (!ok || since < 0)
        return std::nullopt;
    return since;
}

std::optional<int> HttpRequest::pageLimit(int fallback, int max) const
{
    const QString text = query.queryItemValue(QStringLiteral("limit"));
    if (text.isEmpty())
        return fallback;
    bool ok = false;
    const int limit = text.toInt(&ok);
    if (!ok || limit < 1 || limit > max)
        return std::nullopt;
    return limit;
}

std::optional<QJsonObject> HttpRequest::jsonBody(QString *error) const
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        *error = QStringLiteral("The body is not valid JSON (%1 at offset %2).")
                     .arg(parseError.errorString())
                     .arg(parseError.offset);
        return std::nullopt;
    }
    if (!document.isObject()) {
        *error = QStringLiteral("The body must be a JSON object.");
        return std::nullopt;
    }
    return document.object();
}

void HttpResponse::setHeader(const QByteArray &name, const QByteArray &value)
{
    for (auto &[key, existing] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0) {
            existing = value;
            return;
        }
    }
    headers.append({ name, value });
}

QByteArray HttpResponse::header(const QByteArray &name) const
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

QByteArray HttpResponse::serialize(bool closeConnection, bool headersOnly) const
{
    QByteArray out;
    out.reserve(body.size() + 256);
    out += "HTTP/1.1 " + QByteArray::number(status) + ' ' + http::reasonPhrase(status) + "\r\n";
    for (const auto &[key, value] : headers)
        out += key + ": " + value + "\r\n";
    if (!contentType.isEmpty())
        out += "Content-Type: " + contentType + "\r\n";
    out += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    if (closeConnection)
        out += "Connection: close\r\n";
    out += "\r\n";
    if (!headersOnly)
        out += body;
    return out;
}

namespace http {

HttpResponse json(const QJsonObject &body, int status)
{
    HttpResponse response;
    response.status = status;
    response.contentType = QByteArrayLiteral("application/json");
    response.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
    response.setHeader(QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("no-store"));
    response.setHeader(QByteArrayLiteral("X-Content-Type-Options"), QByteArrayLiteral("nosniff"));
    return response;
}

HttpResponse error(int status, const QString &code, const QString &message)
{
    return json(ApiError { code, message }.toJson(), status);
}

HttpResponse errorWith(
    int status, const QString &code, const QString &message, const QJsonObject &members)
{
    QJsonObject body = ApiError { code, message }.toJson();
    for (auto it = members.begin(); it != members.end(); ++it)
        body.insert(it.key(), it.value());
    return json(body, status);
}

HttpResponse noContent()
{
    HttpResponse response;
    response.status = 204;
    response.setHeader(QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("no-store"));
    return response;
}

HttpResponse badRequest(const QString &message)
{
    return error(400, QStringLiteral("invalid_request"), message);
}

HttpResponse internalError()
{
    return error(500, QStringLiteral("internal_error"),
        QStringLiteral("The server could not complete the request. Try again later."));
}

HttpResponse databaseUnavailable()
{
    HttpResponse response = error(503, QStringLiteral("database_unavailable"),
        QStringLiteral("The server's database does not answer. Try again in a moment."));
    response.setHeader(QByteArrayLiteral("Retry-After"), QByteArrayLiteral("2"));
    return response;
}

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return QByteArrayLiteral("OK");
    case 201:
        return QByteArrayLiteral("Created");
    case 202:
        return QByteArrayLiteral("Accepted");
    case 204:
        return QByteArrayLiteral("No Content");
    case 400:
        return QByteArrayLiteral("Bad Request");
    case 401:
        return QByteArrayLiteral("Unauthorized");
    case 403:
        return QByteArrayLiteral("Forbidden");
    case 404:
        return QByteArrayLiteral("Not Found");
    case 405:
        return QByteArrayLiteral("Method Not Allowed");
    case 409:
        return QByteArrayLiteral("Conflict");
    case 410:
        return QByteArrayLiteral("Gone");
    case 408:
        return QByteArrayLiteral("Request Timeout");
    case 413:
        return QByteArrayLiteral("Content Too Large");
    case 415:
        return QByteArrayLiteral("Unsupported Media Type");
    case 422:
        return QByteArrayLiteral("Unprocessable Content");
    case 426:
        return QByteArrayLiteral("Upgrade Required");
    case 429:
        return QByteArrayLiteral("Too Many Requests");
    case 431:
        return QByteArrayLiteral("Request Header Fields Too Large");
    case 500:
        return QByteArrayLiteral("Internal Server Error");
    case 503:
        return QByteArrayLiteral("Service Unavailable");
    default:
        return QByteArrayLiteral("Status");
    }
}

} // namespace http
} // namespace tessera::server
