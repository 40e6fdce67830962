#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

namespace tessera::json {

// Small helpers for strict reading of wire objects: a field of the wrong type is an error,
// never silently read as an empty value.
struct FieldError
{
    QString field;
    QString problem;
    QString toString() const;
};

// Reads a required string field; records an error and answers nullopt if absent or not a string.
std::optional<QString> requiredString(
    const QJsonObject &object, const QString &field, std::optional<FieldError> &error);

// Names of fields in object that are not in allowed, sorted.
QStringList unknownFields(const QJsonObject &object, const QStringList &allowed);

} // namespace tessera::json
