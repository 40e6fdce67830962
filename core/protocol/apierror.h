#pragma once

#include <QJsonObject>
#include <QString>

#include <optional>

namespace tessera {

// The error body every Tessera endpoint answers with: {"error":{"code","message"}}.
// code is a stable machine-readable identifier (snake_case); message is for people.
struct ApiError
{
    QString code;
    QString message;

    QJsonObject toJson() const;
    // Reads {"error":{"code","message"}}; nullopt when the body is not of that shape.
    static std::optional<ApiError> fromJson(const QJsonObject &body);
};

} // namespace tessera
