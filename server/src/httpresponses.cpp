#include "httpresponses.h"

#include "apierror.h"

#include <QJsonDocument>
#include <QPromise>

namespace tessera::server::http {

QHttpServerResponse json(const QJsonObject &body, QHttpServerResponse::StatusCode status)
{
    QHttpServerResponse response(QByteArrayLiteral("application/json"),
        QJsonDocument(body).toJson(QJsonDocument::Compact), status);
    response.setHeader(QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("no-store"));
    response.setHeader(QByteArrayLiteral("X-Content-Type-Options"), QByteArrayLiteral("nosniff"));
    return response;
}

QHttpServerResponse error(
    QHttpServerResponse::StatusCode status, const QString &code, const QString &message)
{
    return json(ApiError { code, message }.toJson(), status);
}

QFuture<QHttpServerResponse> ready(QHttpServerResponse &&response)
{
    QPromise<QHttpServerResponse> promise;
    promise.start();
    promise.addResult(std::move(response));
    promise.finish();
    return promise.future();
}

} // namespace tessera::server::http
