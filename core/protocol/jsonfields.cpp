#include "protocol/jsonfields.h"

namespace tessera::json {

QString FieldError::toString() const
{
    return field + QStringLiteral(": ") + problem;
}

std::optional<QString> requiredString(
    const QJsonObject &object, const QString &field, std::optional<FieldError> &error)
{
    const auto it = object.constFind(field);
    if (it == object.constEnd()) {
        if (!error)
            error = FieldError { field, QStringLiteral("is missing") };
        return std::nullopt;
    }
    if (!it->isString()) {
        if (!error)
            error = FieldError { field, QStringLiteral("must be a string") };
        return std::nullopt;
    }
    return it->toString();
}

QStringList unknownFields(const QJsonObject &object, const QStringList &allowed)
{
    QStringList unknown;
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        if (!allowed.contains(it.key()))
            unknown.append(it.key());
    }
    unknown.sort();
    return unknown;
}

} // namespace tessera::json
