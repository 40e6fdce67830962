#pragma once

#include <QJsonObject>
#include <QString>

#include <optional>

namespace tessera {

// GET /v1/health: {"status":"ok","version":"…","database":"sqlite"|"postgresql"}
struct HealthStatus
{
    QString status;
    QString version;
    QString database;

    QJsonObject toJson() const;
    // Strict: every field present and a string, database one of the known kinds.
    static std::optional<HealthStatus> fromJson(
        const QJsonObject &object, QString *error = nullptr);
};

} // namespace tessera
