#include "health/healthdose.h"

#include "protocol/healthwire.h"

#include <QCoreApplication>
#include <QLocale>
#include <QRegularExpression>

namespace tessera {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("HealthDose", text);
}

std::optional<HealthDose> refuse(QString *problem, const QString &words)
{
    if (problem)
        *problem = words;
    return std::nullopt;
}

} // namespace

bool HealthDose::isCountryCode(const QString &code)
{
    static const QRegularExpression twoLetters(QStringLiteral("^[A-Z]{2}$"));
    return twoLetters.match(code).hasMatch()
        && QLocale::codeToTerritory(code) != QLocale::AnyTerritory;
}

std::optional<HealthDose> HealthDose::check(const QString &vaccine, int dose,
    const QString &dateText, const QString &countryText, const QDate &today, QString *problem)
{
    HealthDose checked;
    checked.vaccine = vaccine;
    if (healthwire::vaccineName(vaccine).isEmpty())
        return refuse(problem, tr("Choose the vaccine from the list."));
    if (dose < 1 || dose > maxDose)
        return refuse(problem, tr("The dose is a number from 1 to %1.").arg(maxDose));
    checked.dose = dose;
    static const QRegularExpression isoDate(QStringLiteral("^\\d{4}-\\d{2}-\\d{2}$"));
    const QString date = dateText.trimmed();
    checked.date = QDate::fromString(date, Qt::ISODate);
    if (!isoDate.match(date).hasMatch() || !checked.date.isValid())
        return refuse(problem, tr("Write the date as YYYY-MM-DD, for example 2021-06-30."));
    if (checked.date > today)
        return refuse(problem,
            tr("The date %1 is in the future: today is %2.")
                .arg(date, today.toString(Qt::ISODate)));
    checked.country = countryText.trimmed().toUpper();
    if (!isCountryCode(checked.country))
        return refuse(problem, tr("The country is a two-letter ISO code, such as IN or DE."));
    return checked;
}

QJsonObject HealthDose::toJson() const
{
    return { { QStringLiteral("vaccine"), vaccine }, { QStringLiteral("dose"), dose },
        { QStringLiteral("date"), date.toString(Qt::ISODate) },
        { QStringLiteral("country"), country } };
}

} // namespace tessera
