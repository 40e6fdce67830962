#include "health/healthhc1summary.h"

#include "protocol/hc1.h"
#include "protocol/healthwire.h"

#include <QCoreApplication>
#include <QJsonArray>

namespace tessera {

namespace {

QString doseLine(
    int dose, int doses, const QDate &date, const QString &product, const QString &country)
{
    const QString name = healthwire::vaccineName(product);
    return QCoreApplication::translate("HealthHc1Summary", "Dose %1 of %2 on %3: %4, %5")
        .arg(dose)
        .arg(doses)
        .arg(date.toString(Qt::ISODate), name.isEmpty() ? product : name, country);
}

QString fullName(const QString &given, const QString &family)
{
    return QStringList { given, family }.join(u' ').trimmed();
}

} // namespace

HealthHc1Summary HealthHc1Summary::fromCertificate(const hc1::Hc1Certificate &certificate)
{
    HealthHc1Summary summary;
    summary.name = fullName(certificate.givenName, certificate.familyName);
    if (certificate.dateOfBirth.isValid())
        summary.dateOfBirth = certificate.dateOfBirth.toString(Qt::ISODate);
    for (const hc1::Hc1Vaccination &vaccination : certificate.vaccinations)
        summary.doses.append(doseLine(vaccination.dose, vaccination.doses, vaccination.date,
            vaccination.product, vaccination.country));
    return summary;
}

std::optional<HealthHc1Summary> HealthHc1Summary::fromJson(
    const QJsonObject &fields, QString *problem)
{
    const auto fail = [problem](const QString &why) -> std::optional<HealthHc1Summary> {
        if (problem)
            *problem = why;
        return std::nullopt;
    };
    const QJsonValue family = fields.value(QStringLiteral("familyName"));
    const QJsonValue given = fields.value(QStringLiteral("givenName"));
    if (!family.isString() || !given.isString())
        return fail(QStringLiteral("the certificate's names are not text"));
    HealthHc1Summary summary;
    summary.name = fullName(given.toString(), family.toString());
    if (summary.name.size() > maxTextLength)
        return fail(QStringLiteral("the certificate's name is too long"));
    const QJsonValue birth = fields.value(QStringLiteral("dateOfBirth"));
    if (birth.isString()) {
        const QDate date = QDate::fromString(birth.toString(), Qt::ISODate);
        if (!date.isValid())
            return fail(QStringLiteral("dateOfBirth is not a date"));
        summary.dateOfBirth = date.toString(Qt::ISODate);
    } else if (!birth.isNull()) {
        return fail(QStringLiteral("dateOfBirth is not a date"));
    }
    const QJsonValue list = fields.value(QStringLiteral("vaccinations"));
    if (!list.isArray() || list.toArray().isEmpty() || list.toArray().size() > hc1::maxVaccinations)
        return fail(
            QStringLiteral("vaccinations is not a list of 1 to %1").arg(hc1::maxVaccinations));
    for (const QJsonValue value : list.toArray()) {
        const QJsonObject vaccination = value.toObject();
        const QJsonValue dose = vaccination.value(QStringLiteral("dose"));
        const QJsonValue doses = vaccination.value(QStringLiteral("doses"));
        const QDate date =
            QDate::fromString(vaccination.value(QStringLiteral("date")).toString(), Qt::ISODate);
        const QString product = vaccination.value(QStringLiteral("product")).toString();
        const QString country = vaccination.value(QStringLiteral("country")).toString();
        if (!dose.isDouble() || !doses.isDouble() || !date.isValid()
            || product.size() > hc1::maxFieldLength || country.size() > hc1::maxFieldLength)
            return fail(QStringLiteral("a vaccination of the certificate is not readable"));
        summary.doses.append(doseLine(dose.toInt(), doses.toInt(), date, product, country));
    }
    return summary;
}

QVariantMap HealthHc1Summary::toVariantMap() const
{
    return { { QStringLiteral("name"), name }, { QStringLiteral("dateOfBirth"), dateOfBirth },
        { QStringLiteral("doses"), doses } };
}

} // namespace tessera
