#include "protocol/apierror.h"

namespace tessera {

QJsonObject ApiError::toJson() const
{
    return QJsonObject { { QStringLiteral("error"),
        QJsonObject {
            { QStringLiteral("code"), code }, { QStringLiteral("message"), message } } } };
}

std::optional<ApiError> ApiError::fromJson(const QJsonObject &body)
{
    const QJsonValue error = body.value(QStringLiteral("error"));
    if (!error.isObject())
        return std::nullopt;
    const QJsonObject object = error.toObject();
    const QJsonValue code = object.value(QStringLiteral("code"));
    const QJsonValue message = object.value(QStringLiteral("message"));
    if (!code.isString() || code.toString().isEmpty() || !message.isString())
        return std::nullopt;
    return ApiError { code.toString(), message.toString() };
}

} // namespace tessera
