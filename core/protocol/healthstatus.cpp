#include "protocol/healthstatus.h"

#include "protocol/jsonfields.h"

namespace tessera {

QJsonObject HealthStatus::toJson() const
{
    return QJsonObject { { QStringLiteral("status"), status },
        { QStringLiteral("version"), version }, { QStringLiteral("database"), database } };
}

std::optional<HealthStatus> HealthStatus::fromJson(const QJsonObject &object, QString *error)
{
    std::optional<json::FieldError> fieldError;
    auto status = json::requiredString(object, QStringLiteral("status"), fieldError);
    auto version = json::requiredString(object, QStringLiteral("version"), fieldError);
    auto database = json::requiredString(object, QStringLiteral("database"), fieldError);
    if (!fieldError && *database != QLatin1String("sqlite")
        && *database != QLatin1String("postgresql")) {
        fieldError = json::FieldError { QStringLiteral("database"),
            QStringLiteral("must be sqlite or postgresql") };
    }
    if (fieldError) {
        if (error)
            *error = fieldError->toString();
        return std::nullopt;
    }
    return HealthStatus { *status, *version, *database };
}

} // namespace tessera
