#pragma once

#include <QDate>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace tessera::server {

// A dose a person registers (POST /v1/health-records), read strictly: vaccine from the fixed
// list (protocol/healthwire.h), dose 1..10, date YYYY-MM-DD not after the server's day, country an
// ISO 3166-1 alpha-2 code Qt knows.
struct HealthRecordRequest
{
    static constexpr int maxDose = 10;

    struct Problem
    {
        QString code; // "invalid_request" (400) | "unknown_vaccine", "invalid_field" (422)
        QString field;
        QString message;
        int status = 422;
    };

    QString vaccine;
    int dose = 0;
    QDate date;
    QString country;

    static std::optional<HealthRecordRequest> read(
        const QJsonObject &body, const QDate &today, Problem *problem);
};

} // namespace tessera::server
