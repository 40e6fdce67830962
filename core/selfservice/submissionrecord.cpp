#include "selfservice/submissionrecord.h"

namespace tessera {

namespace {

constexpr qsizetype maxTextLength = 2000;

std::optional<SubmissionRecord> refuse(QString *problem, const QString &text)
{
    if (problem)
        *problem = text;
    return std::nullopt;
}

} // namespace

bool SubmissionRecord::isKnownStatus(const QString &status)
{
    return status == u"submitted" || status == u"received" || status == u"in_progress"
        || status == u"done" || status == u"rejected";
}

std::optional<SubmissionRecord> SubmissionRecord::fromJson(
    const QJsonObject &json, QString *problem)
{
    SubmissionRecord record;
    const auto text = [&json](const char *name, QString *out, bool nullable) {
        const QJsonValue value = json.value(QLatin1String(name));
        if (nullable && value.isNull()) {
            out->clear();
            return true;
        }
        if (!value.isString() || (!nullable && value.toString().isEmpty())
            || value.toString().size() > maxTextLength)
            return false;
        *out = value.toString();
        return true;
    };
    if (!text("id", &record.id, false) || !text("serviceId", &record.serviceId, false)
        || !text("serviceTitle", &record.serviceTitle, false)
        || !text("status", &record.status, false) || !text("message", &record.message, true))
        return refuse(problem,
            QStringLiteral("a submission's id, service, status or message is "
                           "missing or not valid"));
    if (!isKnownStatus(record.status))
        return refuse(problem, QStringLiteral("unknown submission status “%1”").arg(record.status));
    if (!json.value(QStringLiteral("inputs")).isObject())
        return refuse(problem, QStringLiteral("a submission's inputs are not an object"));
    record.inputs = json.value(QStringLiteral("inputs")).toObject();
    for (auto it = record.inputs.begin(); it != record.inputs.end(); ++it)
        if (!it.value().isString() && !it.value().isDouble())
            return refuse(problem, QStringLiteral("a submission's input is not text"));
    const QJsonValue card = json.value(QStringLiteral("resultCard"));
    if (!card.isNull() && !card.isObject())
        return refuse(problem, QStringLiteral("a submission's result card is not an object"));
    record.resultCard = card.toObject();
    record.submittedAt = QDateTime::fromString(
        json.value(QStringLiteral("submittedAt")).toString(), Qt::ISODateWithMs);
    record.updatedAt = QDateTime::fromString(
        json.value(QStringLiteral("updatedAt")).toString(), Qt::ISODateWithMs);
    if (!record.submittedAt.isValid() || !record.updatedAt.isValid())
        return refuse(problem, QStringLiteral("a submission's times are not valid"));
    return record;
}

QJsonObject SubmissionRecord::toJson() const
{
    return QJsonObject { { QStringLiteral("id"), id }, { QStringLiteral("serviceId"), serviceId },
        { QStringLiteral("serviceTitle"), serviceTitle }, { QStringLiteral("inputs"), inputs },
        { QStringLiteral("status"), status },
        { QStringLiteral("message"),
            message.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(message) },
        { QStringLiteral("resultCard"),
            resultCard.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(resultCard) },
        { QStringLiteral("submittedAt"), submittedAt.toUTC().toString(Qt::ISODateWithMs) },
        { QStringLiteral("updatedAt"), updatedAt.toUTC().toString(Qt::ISODateWithMs) } };
}

} // namespace tessera
