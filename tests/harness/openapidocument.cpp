#include "openapidocument.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

namespace tessera::test {

namespace {

const QStringList httpMethods = { QStringLiteral("get"), QStringLiteral("put"),
    QStringLiteral("post"), QStringLiteral("delete"), QStringLiteral("patch"),
    QStringLiteral("head"), QStringLiteral("options") };

QString typeOf(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Bool:
        return QStringLiteral("boolean");
    case QJsonValue::Double:
        return QStringLiteral("number");
    case QJsonValue::String:
        return QStringLiteral("string");
    case QJsonValue::Array:
        return QStringLiteral("array");
    case QJsonValue::Object:
        return QStringLiteral("object");
    case QJsonValue::Undefined:
        break;
    }
    return QStringLiteral("undefined");
}

} // namespace

std::optional<OpenApiDocument> OpenApiDocument::load(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
        *error = QStringLiteral("%1 is not JSON: %2").arg(path, parseError.errorString());
        return std::nullopt;
    }
    OpenApiDocument result;
    result.m_root = document.object();
    if (!result.m_root.value(QStringLiteral("openapi"))
             .toString()
             .startsWith(QLatin1String("3."))) {
        *error = QStringLiteral("%1 is not an OpenAPI 3 document").arg(path);
        return std::nullopt;
    }
    return result;
}

QList<OpenApiDocument::Operation> OpenApiDocument::operations() const
{
    QList<Operation> result;
    const QJsonObject paths = m_root.value(QStringLiteral("paths")).toObject();
    for (auto it = paths.constBegin(); it != paths.constEnd(); ++it) {
        const QJsonObject item = it.value().toObject();
        for (const QString &method : httpMethods) {
            if (item.contains(method))
                result.append(
                    Operation { method.toUpper(), it.key(), item.value(method).toObject() });
        }
    }
    return result;
}

std::optional<OpenApiDocument::Operation> OpenApiDocument::operation(
    const QString &method, const QString &path) const
{
    const QJsonObject item =
        m_root.value(QStringLiteral("paths")).toObject().value(path).toObject();
    const QString key = method.toLower();
    if (!item.contains(key))
        return std::nullopt;
    return Operation { method.toUpper(), path, item.value(key).toObject() };
}

QJsonObject OpenApiDocument::resolve(const QJsonObject &maybeRef) const
{
    QJsonObject current = maybeRef;
    for (int depth = 0; depth < 16 && current.contains(QStringLiteral("$ref")); ++depth) {
        const QString ref = current.value(QStringLiteral("$ref")).toString();
        if (!ref.startsWith(QLatin1String("#/")))
            return {};
        QJsonValue node = m_root;
        for (const QString &part : ref.mid(2).split(QLatin1Char('/')))
            node = node.toObject().value(part);
        current = node.toObject();
    }
    return current;
}

std::optional<QJsonObject> OpenApiDocument::responseSchema(
    const QString &method, const QString &path, int status, QString *error) const
{
    const auto op = operation(method, path);
    if (!op) {
        *error = QStringLiteral("%1 %2 is not described").arg(method, path);
        return std::nullopt;
    }
    const QJsonObject responses = op->object.value(QStringLiteral("responses")).toObject();
    QJsonObject response;
    if (responses.contains(QString::number(status)))
        response = resolve(responses.value(QString::number(status)).toObject());
    else if (responses.contains(QStringLiteral("default")))
        response = resolve(responses.value(QStringLiteral("default")).toObject());
    else {
        *error = QStringLiteral("%1 %2 does not describe status %3").arg(method, path).arg(status);
        return std::nullopt;
    }
    const QJsonObject schema = response.value(QStringLiteral("content"))
                                   .toObject()
                                   .value(QStringLiteral("application/json"))
                                   .toObject()
                                   .value(QStringLiteral("schema"))
                                   .toObject();
    if (schema.isEmpty()) {
        *error = QStringLiteral("%1 %2 status %3 has no application/json schema")
                     .arg(method, path)
                     .arg(status);
        return std::nullopt;
    }
    return schema;
}

QStringList OpenApiDocument::validate(const QJsonValue &value, const QJsonObject &schema) const
{
    QStringList errors;
    validateAt(value, schema, QStringLiteral("$"), errors);
    return errors;
}

void OpenApiDocument::validateAt(const QJsonValue &value, const QJsonObject &schemaOrRef,
    const QString &where, QStringList &errors) const
{
    const QJsonObject schema = resolve(schemaOrRef);
    if (schema.isEmpty() && schemaOrRef.contains(QStringLiteral("$ref"))) {
        errors.append(QStringLiteral("%1: unresolvable %2")
                          .arg(where, schemaOrRef.value(QStringLiteral("$ref")).toString()));
        return;
    }
    if (value.isNull() && schema.value(QStringLiteral("nullable")).toBool())
        return;
    // oneOf: exactly one of the alternatives fits.
    if (schema.contains(QStringLiteral("oneOf"))) {
        int fitting = 0;
        QStringList problems;
        for (const auto &alternative : schema.value(QStringLiteral("oneOf")).toArray()) {
            QStringList its;
            validateAt(value, alternative.toObject(), where, its);
            fitting += its.isEmpty() ? 1 : 0;
            problems += its;
        }
        if (fitting != 1)
            errors.append(QStringLiteral("%1: fits %2 of oneOf's alternatives, not one (%3)")
                              .arg(where)
                              .arg(fitting)
                              .arg(problems.join(QStringLiteral("; "))));
        return;
    }
    const QString type = schema.value(QStringLiteral("type")).toString();
    const QString actual = typeOf(value);
    if (!type.isEmpty()) {
        bool fits = type == actual;
        if (type == QLatin1String("integer"))
            fits = value.isDouble() && value.toDouble() == double(qint64(value.toDouble()));
        if (type == QLatin1String("number"))
            fits = value.isDouble();
        if (!fits) {
            errors.append(QStringLiteral("%1: expected %2, got %3").arg(where, type, actual));
            return;
        }
    }
    if (schema.contains(QStringLiteral("enum"))
        && !schema.value(QStringLiteral("enum")).toArray().contains(value))
        errors.append(QStringLiteral("%1: %2 is not one of the allowed values")
                          .arg(where, value.toVariant().toString()));
    if (value.isString()) {
        const QString text = value.toString();
        if (schema.contains(QStringLiteral("minLength"))
            && text.size() < schema.value(QStringLiteral("minLength")).toInt())
            errors.append(QStringLiteral("%1: shorter than minLength").arg(where));
        if (schema.contains(QStringLiteral("maxLength"))
            && text.size() > schema.value(QStringLiteral("maxLength")).toInt())
            errors.append(QStringLiteral("%1: longer than maxLength").arg(where));
        if (schema.value(QStringLiteral("format")).toString() == QLatin1String("date-time")) {
            static const QRegularExpression rfc3339(QStringLiteral(
                R"(^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$)"));
            if (!rfc3339.match(text).hasMatch())
                errors.append(QStringLiteral("%1: %2 is not an RFC 3339 time").arg(where, text));
        }
    }
    if (value.isDouble()) {
        if (schema.contains(QStringLiteral("minimum"))
            && value.toDouble() < schema.value(QStringLiteral("minimum")).toDouble())
            errors.append(QStringLiteral("%1: below minimum").arg(where));
        if (schema.contains(QStringLiteral("maximum"))
            && value.toDouble() > schema.value(QStringLiteral("maximum")).toDouble())
            errors.append(QStringLiteral("%1: above maximum").arg(where));
    }
    if (value.isArray()) {
        const QJsonArray array = value.toArray();
        if (schema.contains(QStringLiteral("minItems"))
            && array.size() < schema.value(QStringLiteral("minItems")).toInt())
            errors.append(QStringLiteral("%1: fewer items than minItems").arg(where));
        if (schema.contains(QStringLiteral("maxItems"))
            && array.size() > schema.value(QStringLiteral("maxItems")).toInt())
            errors.append(QStringLiteral("%1: more items than maxItems").arg(where));
        const QJsonObject items = schema.value(QStringLiteral("items")).toObject();
        for (qsizetype i = 0; i < array.size(); ++i)
            validateAt(array.at(i), items, QStringLiteral("%1[%2]").arg(where).arg(i), errors);
    }
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        const QJsonObject properties = schema.value(QStringLiteral("properties")).toObject();
        for (const auto &required : schema.value(QStringLiteral("required")).toArray()) {
            if (!object.contains(required.toString()))
                errors.append(
                    QStringLiteral("%1: missing required %2").arg(where, required.toString()));
        }
        const QJsonValue additional = schema.value(QStringLiteral("additionalProperties"));
        for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
            const QString place = where + QLatin1Char('.') + it.key();
            if (properties.contains(it.key()))
                validateAt(it.value(), properties.value(it.key()).toObject(), place, errors);
            else if (additional.isBool() && !additional.toBool())
                errors.append(QStringLiteral("%1: not described").arg(place));
            else if (additional.isObject())
                validateAt(it.value(), additional.toObject(), place, errors);
        }
    }
}

} // namespace tessera::test
