#include "health/healthrecord.h"

#include "health/healthdose.h"
#include "protocol/wiretime.h"

namespace tessera {

namespace {

std::optional<HealthRecord> fail(QString *problem, const QString &why)
{
    if (problem)
        *problem = why;
    return std::nullopt;
}

bool shortText(const QJsonValue &value, qsizetype max = 256)
{
    return value.isString() && !value.toString().isEmpty() && value.toString().size() <= max;
}

} // namespace

std::optional<HealthRecord> HealthRecord::fromJson(const QJsonObject &object, QString *problem)
{
    HealthRecord record;
    if (!shortText(object.value(QStringLiteral("id")), 128))
        return fail(problem, QStringLiteral("id is not a record id"));
    record.id = object.value(QStringLiteral("id")).toString();
    if (!shortText(object.value(QStringLiteral("vaccine")))
        || !shortText(object.value(QStringLiteral("vaccineName"))))
        return fail(problem, QStringLiteral("vaccine is not a vaccine"));
    record.vaccine = object.value(QStringLiteral("vaccine")).toString();
    record.vaccineName = object.value(QStringLiteral("vaccineName")).toString();
    const QJsonValue dose = object.value(QStringLiteral("dose"));
    if (!dose.isDouble() || dose.toDouble() != double(dose.toInt()) || dose.toInt() < 1
        || dose.toInt() > HealthDose::maxDose)
        return fail(problem, QStringLiteral("dose is not 1..%1").arg(HealthDose::maxDose));
    record.dose = dose.toInt();
    record.date = QDate::fromString(object.value(QStringLiteral("date")).toString(), Qt::ISODate);
    if (!record.date.isValid())
        return fail(problem, QStringLiteral("date is not a day"));
    record.country = object.value(QStringLiteral("country")).toString();
    if (!HealthDose::isCountryCode(record.country))
        return fail(problem, QStringLiteral("country is not a country code"));
    record.state = object.value(QStringLiteral("state")).toString();
    if (record.state != u"pending" && record.state != u"verified" && record.state != u"rejected")
        return fail(problem, QStringLiteral("state is not one the API knows"));
    const QJsonValue reason = object.value(QStringLiteral("reason"));
    if (!reason.isUndefined() && !reason.isNull()) {
        if (!reason.isString() || reason.toString().size() > maxReasonLength)
            return fail(problem, QStringLiteral("reason is not a reason"));
        record.reason = reason.toString();
    }
    const QJsonValue certificate = object.value(QStringLiteral("certificate"));
    if (certificate.isObject()) {
        const QJsonObject value = certificate.toObject();
        record.certificateKind = value.value(QStringLiteral("kind")).toString();
        if (record.certificateKind != u"image" && record.certificateKind != u"pdf"
            && record.certificateKind != u"hc1")
            return fail(problem, QStringLiteral("certificate.kind is not one the API knows"));
        if (record.certificateKind == u"hc1") {
            record.signature = value.value(QStringLiteral("signature")).toString();
            if (record.signature != u"valid" && record.signature != u"not_checked")
                return fail(problem, QStringLiteral("certificate.signature is not one it can be"));
            const QJsonValue fields = value.value(QStringLiteral("fields"));
            if (fields.isObject()) {
                record.hc1 = HealthHc1Summary::fromJson(fields.toObject(), problem);
                if (!record.hc1)
                    return std::nullopt;
            }
        }
    } else if (!certificate.isNull()) {
        return fail(problem, QStringLiteral("certificate is not an object or null"));
    }
    const auto created = wiretime::parse(object.value(QStringLiteral("createdAt")).toString());
    if (!created)
        return fail(problem, QStringLiteral("createdAt is not a time"));
    record.createdAt = *created;
    const QJsonValue decided = object.value(QStringLiteral("decidedAt"));
    if (!decided.isUndefined() && !decided.isNull()) {
        const auto at = wiretime::parse(decided.toString());
        if (!at)
            return fail(problem, QStringLiteral("decidedAt is not a time"));
        record.decidedAt = *at;
    }
    return record;
}

} // namespace tessera
