#include "health/healthrecordrequest.h"

#include "protocol/healthwire.h"

#include <QLocale>
#include <QRegularExpression>

namespace tessera::server {

namespace {

bool isCountryCode(const QString &code)
{
    static const QRegularExpression twoLetters(QStringLiteral("^[A-Z]{2}$"));
    if (!twoLetters.match(code).hasMatch())
        return false;
    return QLocale::codeToTerritory(code) != QLocale::AnyTerritory;
}

std::optional<HealthRecordRequest> refuse(HealthRecordRequest::Problem *problem,
    const QString &code, const QString &field, const QString &message, int status = 422)
{
    *problem = { code, field, message, status };
    return std::nullopt;
}

} // namespace

std::optional<HealthRecordRequest> HealthRecordRequest::read(
    const QJsonObject &body, const QDate &today, Problem *problem)
{
    const QStringList allowed { QStringLiteral("vaccine"), QStringLiteral("dose"),
        QStringLiteral("date"), QStringLiteral("country") };
    for (auto it = body.constBegin(); it != body.constEnd(); ++it) {
        if (!allowed.contains(it.key()))
            return refuse(problem, QStringLiteral("invalid_request"), it.key(),
                QStringLiteral("“%1” is not a field of a health record.").arg(it.key()), 400);
    }
    for (const QString &field : allowed) {
        if (!body.contains(field))
            return refuse(problem, QStringLiteral("invalid_request"), field,
                QStringLiteral("“%1” is required.").arg(field), 400);
    }
    HealthRecordRequest request;
    request.vaccine = body.value(QStringLiteral("vaccine")).toString();
    if (healthwire::vaccineName(request.vaccine).isEmpty())
        return refuse(problem, QStringLiteral("unknown_vaccine"), QStringLiteral("vaccine"),
            QStringLiteral("“%1” is not a vaccine code this server knows (for example"
                           " EU/1/20/1528).")
                .arg(request.vaccine.left(64)));
    const QJsonValue dose = body.value(QStringLiteral("dose"));
    if (!dose.isDouble() || dose.toDouble() != double(dose.toInt()) || dose.toInt() < 1
        || dose.toInt() > maxDose)
        return refuse(problem, QStringLiteral("invalid_field"), QStringLiteral("dose"),
            QStringLiteral("The dose is a whole number from 1 to %1.").arg(maxDose));
    request.dose = dose.toInt();
    const QString date = body.value(QStringLiteral("date")).toString();
    static const QRegularExpression isoDate(QStringLiteral("^\\d{4}-\\d{2}-\\d{2}$"));
    request.date = QDate::fromString(date, Qt::ISODate);
    if (!isoDate.match(date).hasMatch() || !request.date.isValid())
        return refuse(problem, QStringLiteral("invalid_field"), QStringLiteral("date"),
            QStringLiteral("The date is a day as YYYY-MM-DD."));
    if (request.date > today)
        return refuse(problem, QStringLiteral("invalid_field"), QStringLiteral("date"),
            QStringLiteral("The date %1 is in the future (today is %2 on the server).")
                .arg(date, today.toString(Qt::ISODate)));
    request.country = body.value(QStringLiteral("country")).toString();
    if (!isCountryCode(request.country))
        return refuse(problem, QStringLiteral("invalid_field"), QStringLiteral("country"),
            QStringLiteral("The country is an ISO 3166-1 alpha-2 code in capitals, such as IN"
                           " or DE."));
    return request;
}

} // namespace tessera::server
