#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QUrl>

namespace tessera::test {

// One HTTP exchange as a test sees it.
struct HttpResult
{
    int status = 0; // 0: no answer (error says why)
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers;
    QString error;

    QJsonObject json() const; // the body as a JSON object (empty when it is not one)
    QByteArray header(const QByteArray &name) const;
};

// The "error"."code" of a JSON error answer, or empty.
QString errorCode(const HttpResult &result);

// object as compact JSON: a request body.
QByteArray compactJson(const QJsonObject &object);

// Sends one request and waits for the answer (tests only: a local event loop, bounded in time).
HttpResult httpRequest(const QByteArray &method, const QUrl &url, const QByteArray &body = {},
    const QList<QPair<QByteArray, QByteArray>> &headers = {});

} // namespace tessera::test
