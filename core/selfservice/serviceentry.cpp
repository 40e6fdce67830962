#include "selfservice/serviceentry.h"

#include "cards/cardparser.h"
#include "cards/submissionvalidator.h"

namespace tessera {

namespace {

constexpr qsizetype maxIdLength = 200;
constexpr qsizetype maxTextLength = 2000;

bool fail(QString *problem, const QString &text)
{
    if (problem)
        *problem = text;
    return false;
}

// A string field (nullable ones may be null or absent: empty); false when of another type or
// too long.
bool readText(const QJsonObject &json, const char *name, bool nullable, qsizetype maxLength,
    QString *out, QString *problem)
{
    const QJsonValue value = json.value(QLatin1String(name));
    if (nullable && (value.isNull() || value.isUndefined())) {
        out->clear();
        return true;
    }
    if (!value.isString() || (!nullable && value.toString().isEmpty())
        || value.toString().size() > maxLength)
        return fail(problem,
            QStringLiteral("service field “%1” is missing or not valid").arg(QLatin1String(name)));
    *out = value.toString();
    return true;
}

} // namespace

std::optional<ServiceEntry> ServiceEntry::fromJson(const QJsonObject &json, QString *problem)
{
    ServiceEntry entry;
    if (!readText(json, "id", false, maxIdLength, &entry.id, problem)
        || !readText(json, "title", false, maxTextLength, &entry.title, problem)
        || !readText(json, "category", false, maxTextLength, &entry.category, problem)
        || !readText(json, "icon", true, maxIdLength, &entry.icon, problem)
        || !readText(json, "description", true, maxTextLength, &entry.description, problem))
        return std::nullopt;
    const QJsonValue order = json.value(QStringLiteral("order"));
    const double orderNumber = order.toDouble(0.5);
    if (!order.isDouble() || orderNumber != double(qint64(orderNumber)) || orderNumber < -1000000
        || orderNumber > 1000000) {
        fail(problem, QStringLiteral("service field “order” is not an integer"));
        return std::nullopt;
    }
    entry.order = int(orderNumber);
    const QJsonValue version = json.value(QStringLiteral("version"));
    const double versionNumber = version.toDouble(0.5);
    if (!version.isDouble() || versionNumber != double(qint64(versionNumber)) || versionNumber < 1
        || versionNumber > 9.0e15) {
        fail(problem, QStringLiteral("service field “version” is not a positive integer"));
        return std::nullopt;
    }
    entry.version = qint64(versionNumber);
    entry.updatedAt = QDateTime::fromString(
        json.value(QStringLiteral("updatedAt")).toString(), Qt::ISODateWithMs);
    if (!entry.updatedAt.isValid()) {
        fail(problem, QStringLiteral("service field “updatedAt” is not a time"));
        return std::nullopt;
    }
    if (!readText(json.value(QStringLiteral("source")).toObject(), "name", false, maxTextLength,
            &entry.source, problem))
        return std::nullopt;
    if (!json.value(QStringLiteral("form")).isObject()) {
        fail(problem, QStringLiteral("service field “form” is not a card"));
        return std::nullopt;
    }
    entry.form = json.value(QStringLiteral("form")).toObject();
    const cards::CardParseResult parsed = cards::CardParser().parse(entry.form);
    if (!parsed.isValid()) {
        fail(problem,
            QStringLiteral("the form of service %1 does not parse: %2 at %3")
                .arg(entry.id, parsed.problems.constFirst().message,
                    parsed.problems.constFirst().path));
        return std::nullopt;
    }
    if (parsed.card.inputs().isEmpty()
        || cards::SubmissionValidator::submitActions(parsed.card).isEmpty()) {
        fail(problem,
            QStringLiteral("the form of service %1 has no input or no submit action")
                .arg(entry.id));
        return std::nullopt;
    }
    return entry;
}

QJsonObject ServiceEntry::toJson() const
{
    const auto nullable = [](const QString &text) {
        return text.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(text);
    };
    return QJsonObject { { QStringLiteral("id"), id }, { QStringLiteral("title"), title },
        { QStringLiteral("category"), category }, { QStringLiteral("icon"), nullable(icon) },
        { QStringLiteral("description"), nullable(description) },
        { QStringLiteral("order"), order }, { QStringLiteral("form"), form },
        { QStringLiteral("version"), version },
        { QStringLiteral("updatedAt"), updatedAt.toUTC().toString(Qt::ISODateWithMs) },
        { QStringLiteral("source"), QJsonObject { { QStringLiteral("name"), source } } } };
}

} // namespace tessera
