#pragma once

#include <QDate>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace tessera {

// A vaccination dose as the person registers it, checked as the server checks it
// (server/src/health/healthrecordrequest.cpp) so that bad input gets its words at once and
// nothing is sent: a vaccine of the server's list, a dose 1..10, a day YYYY-MM-DD not after
// today (UTC, the server's day), an ISO 3166-1 alpha-2 country.
struct HealthDose
{
    static constexpr int maxDose = 10;

    QString vaccine;
    int dose = 0;
    QDate date;
    QString country;

    // The dose read from what the person typed (the country's letters may be small; spaces
    // around are dropped), or nullopt with the reason in problem.
    static std::optional<HealthDose> check(const QString &vaccine, int dose,
        const QString &dateText, const QString &countryText, const QDate &today, QString *problem);
    static bool isCountryCode(const QString &code);

    // The body of POST /v1/health-records.
    QJsonObject toJson() const;
};

} // namespace tessera
