#pragma once

#include <QFuture>
#include <QHttpServerResponse>
#include <QJsonObject>
#include <QString>

namespace tessera::server::http {

// A JSON answer with the status given.
QHttpServerResponse json(const QJsonObject &body,
    QHttpServerResponse::StatusCode status = QHttpServerResponse::StatusCode::Ok);

// {"error":{"code","message"}} with status. message is for people; it never carries internals
// (SQL, stack traces, file paths).
QHttpServerResponse error(
    QHttpServerResponse::StatusCode status, const QString &code, const QString &message);

// A future that is already finished with response.
QFuture<QHttpServerResponse> ready(QHttpServerResponse &&response);

} // namespace tessera::server::http
