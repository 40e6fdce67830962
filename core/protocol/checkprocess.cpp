#include "protocol/checkprocess.h"

#include "protocol/jsonfields.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QSet>

namespace tessera::pass {

namespace {

bool isName(const QString &text)
{
    static const QRegularExpression pattern(QStringLiteral("^[a-z0-9][a-z0-9-]{0,31}$"));
    return pattern.match(text).hasMatch();
}

bool isValue(const QString &text)
{
    static const QRegularExpression pattern(QStringLiteral("^[a-z0-9][a-z0-9_-]{0,31}$"));
    return pattern.match(text).hasMatch();
}

bool isText(const QString &text, qsizetype maxLength)
{
    return !text.trimmed().isEmpty() && text.size() <= maxLength;
}

QJsonObject outcomeToJson(const RuleOutcome &outcome)
{
    QJsonObject object { { QStringLiteral("verdict"), verdictName(outcome.verdict) } };
    if (!outcome.action.isEmpty())
        object.insert(QStringLiteral("action"), outcome.action);
    if (!outcome.message.isEmpty())
        object.insert(QStringLiteral("message"), outcome.message);
    return object;
}

std::optional<RuleOutcome> outcomeFromJson(const QJsonValue &value, QString *error)
{
    const auto fail = [error](const QString &text) {
        *error = text;
        return std::nullopt;
    };
    if (!value.isObject())
        return fail(QStringLiteral("must be an object"));
    const QJsonObject object = value.toObject();
    const QStringList unknown = json::unknownFields(
        object, { QStringLiteral("verdict"), QStringLiteral("action"), QStringLiteral("message") });
    if (!unknown.isEmpty())
        return fail(unknown.first() + QStringLiteral(": unknown field"));
    RuleOutcome outcome;
    const QJsonValue verdict = object.value(QStringLiteral("verdict"));
    if (verdict == QJsonValue(QStringLiteral("allow")))
        outcome.verdict = VerdictKind::Allow;
    else if (verdict == QJsonValue(QStringLiteral("deny")))
        outcome.verdict = VerdictKind::Deny;
    else if (verdict == QJsonValue(QStringLiteral("action")))
        outcome.verdict = VerdictKind::Action;
    else
        return fail(QStringLiteral("verdict: must be allow, deny or action"));
    if (object.contains(QStringLiteral("action"))) {
        const QJsonValue action = object.value(QStringLiteral("action"));
        if (outcome.verdict != VerdictKind::Action)
            return fail(QStringLiteral("action: only with verdict action"));
        if (!action.isString() || !isText(action.toString(), 80))
            return fail(QStringLiteral("action: 1-80 characters"));
        outcome.action = action.toString();
    } else if (outcome.verdict == VerdictKind::Action) {
        return fail(QStringLiteral("action: is missing"));
    }
    if (object.contains(QStringLiteral("message"))) {
        const QJsonValue message = object.value(QStringLiteral("message"));
        if (!message.isString() || !isText(message.toString(), 200))
            return fail(QStringLiteral("message: 1-200 characters"));
        outcome.message = message.toString();
    }
    return outcome;
}

} // namespace

QJsonObject CheckProcess::toJson() const
{
    QJsonObject valueObject;
    for (auto it = values.constBegin(); it != values.constEnd(); ++it)
        valueObject.insert(it.key(), outcomeToJson(it.value()));
    QJsonObject rule { { QStringLiteral("values"), valueObject } };
    if (otherwise)
        rule.insert(QStringLiteral("otherwise"), outcomeToJson(*otherwise));
    QJsonObject object { { QStringLiteral("name"), name }, { QStringLiteral("title"), title },
        { QStringLiteral("claim"), claim }, { QStringLiteral("rule"), rule } };
    if (needsAttestation)
        object.insert(QStringLiteral("needsAttestation"), true);
    return object;
}

std::optional<CheckProcess> CheckProcess::fromJson(const QJsonObject &object, QString *error)
{
    QString problem;
    const auto fail = [&](const QString &text) {
        if (error)
            *error = text;
        return std::nullopt;
    };
    const QStringList unknown = json::unknownFields(object,
        { QStringLiteral("name"), QStringLiteral("title"), QStringLiteral("claim"),
            QStringLiteral("rule"), QStringLiteral("needsAttestation") });
    if (!unknown.isEmpty())
        return fail(unknown.first() + QStringLiteral(": unknown field"));
    std::optional<json::FieldError> fieldError;
    CheckProcess process;
    if (object.contains(QStringLiteral("needsAttestation"))) {
        const QJsonValue needs = object.value(QStringLiteral("needsAttestation"));
        if (!needs.isBool())
            return fail(QStringLiteral("needsAttestation: must be true or false"));
        process.needsAttestation = needs.toBool();
    }
    process.name =
        json::requiredString(object, QStringLiteral("name"), fieldError).value_or(QString());
    process.title =
        json::requiredString(object, QStringLiteral("title"), fieldError).value_or(QString());
    process.claim =
        json::requiredString(object, QStringLiteral("claim"), fieldError).value_or(QString());
    if (fieldError)
        return fail(fieldError->toString());
    if (!isName(process.name))
        return fail(QStringLiteral("name: must match [a-z0-9][a-z0-9-]{0,31}"));
    if (!isText(process.title, 80))
        return fail(QStringLiteral("title: 1-80 characters"));
    if (!isName(process.claim))
        return fail(QStringLiteral("claim: must match [a-z0-9][a-z0-9-]{0,31}"));
    const QJsonValue ruleValue = object.value(QStringLiteral("rule"));
    if (!ruleValue.isObject())
        return fail(QStringLiteral("rule: must be an object"));
    const QJsonObject rule = ruleValue.toObject();
    const QStringList unknownInRule =
        json::unknownFields(rule, { QStringLiteral("values"), QStringLiteral("otherwise") });
    if (!unknownInRule.isEmpty())
        return fail(
            QStringLiteral("rule: ") + unknownInRule.first() + QStringLiteral(": unknown field"));
    if (!rule.value(QStringLiteral("values")).isObject())
        return fail(QStringLiteral("rule: values: must be an object"));
    const QJsonObject valueObject = rule.value(QStringLiteral("values")).toObject();
    if (valueObject.size() > 16)
        return fail(QStringLiteral("rule: values: at most 16"));
    for (auto it = valueObject.constBegin(); it != valueObject.constEnd(); ++it) {
        if (!isValue(it.key()))
            return fail(QStringLiteral("rule: values: %1: must match [a-z0-9][a-z0-9_-]{0,31}")
                            .arg(it.key()));
        const auto outcome = outcomeFromJson(it.value(), &problem);
        if (!outcome)
            return fail(
                QStringLiteral("rule: values: ") + it.key() + QStringLiteral(": ") + problem);
        process.values.insert(it.key(), *outcome);
    }
    if (rule.contains(QStringLiteral("otherwise"))) {
        const auto outcome = outcomeFromJson(rule.value(QStringLiteral("otherwise")), &problem);
        if (!outcome)
            return fail(QStringLiteral("rule: otherwise: ") + problem);
        process.otherwise = *outcome;
    }
    return process;
}

std::optional<QList<CheckProcess>> CheckProcess::listFromJson(
    const QJsonObject &object, QString *error)
{
    const auto fail = [error](const QString &text) {
        if (error)
            *error = text;
        return std::nullopt;
    };
    const QStringList unknown = json::unknownFields(object, { QStringLiteral("processes") });
    if (!unknown.isEmpty())
        return fail(unknown.first() + QStringLiteral(": unknown field"));
    if (!object.value(QStringLiteral("processes")).isArray())
        return fail(QStringLiteral("processes: must be an array"));
    QList<CheckProcess> processes;
    QSet<QString> names;
    QString problem;
    for (const auto &item : object.value(QStringLiteral("processes")).toArray()) {
        const auto process = item.isObject() ? fromJson(item.toObject(), &problem) : std::nullopt;
        if (!process) {
            return fail(QStringLiteral("processes: ")
                + (item.isObject() ? problem : QStringLiteral("items must be objects")));
        }
        if (names.contains(process->name))
            return fail(QStringLiteral("processes: %1 appears twice").arg(process->name));
        names.insert(process->name);
        processes.append(*process);
    }
    return processes;
}

} // namespace tessera::pass
