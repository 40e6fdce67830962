#include "http/jsonreader.h"

#include "protocol/jsonfields.h"

#include <QJsonArray>

namespace tessera::server {

namespace {

bool hasControlCharacters(const QString &text)
{
    return std::any_of(
        text.cbegin(), text.cend(), [](QChar c) { return c.category() == QChar::Other_Control; });
}

} // namespace

JsonReader::JsonReader(QJsonObject object, QString context)
    : m_object(std::move(object))
    , m_context(std::move(context))
{ }

QString JsonReader::name(const QString &field) const
{
    return m_context.isEmpty() ? field : m_context + QLatin1Char('.') + field;
}

void JsonReader::fail(const QString &message)
{
    if (m_error.isEmpty())
        m_error = message;
}

JsonReader &JsonReader::allowOnly(const QStringList &allowed)
{
    const QStringList unknown = json::unknownFields(m_object, allowed);
    if (!unknown.isEmpty())
        fail(QStringLiteral("Unknown field “%1”.").arg(name(unknown.constFirst())));
    return *this;
}

QString JsonReader::string(const QString &field, qsizetype maxLength)
{
    if (!ok())
        return {};
    const QJsonValue value = m_object.value(field);
    if (value.isUndefined() || value.isNull()) {
        fail(QStringLiteral("“%1” is missing.").arg(name(field)));
        return {};
    }
    if (!value.isString()) {
        fail(QStringLiteral("“%1” must be a string.").arg(name(field)));
        return {};
    }
    const QString text = value.toString();
    if (text.isEmpty())
        fail(QStringLiteral("“%1” is empty.").arg(name(field)));
    else if (text.size() > maxLength)
        fail(QStringLiteral("“%1” is longer than %2 characters.").arg(name(field)).arg(maxLength));
    else if (hasControlCharacters(text))
        fail(QStringLiteral("“%1” holds control characters.").arg(name(field)));
    return ok() ? text : QString();
}

QString JsonReader::optionalString(const QString &field, qsizetype maxLength)
{
    const QJsonValue value = m_object.value(field);
    if (!ok() || value.isUndefined() || value.isNull())
        return {};
    if (value.isString() && value.toString().isEmpty())
        return {};
    return string(field, maxLength);
}

QJsonObject JsonReader::object(const QString &field)
{
    if (!ok())
        return {};
    const QJsonValue value = m_object.value(field);
    if (value.isUndefined() || value.isNull()) {
        fail(QStringLiteral("“%1” is missing.").arg(name(field)));
        return {};
    }
    if (!value.isObject()) {
        fail(QStringLiteral("“%1” must be an object.").arg(name(field)));
        return {};
    }
    return value.toObject();
}

QStringList JsonReader::stringList(const QString &field, qsizetype maxItems, qsizetype maxLength)
{
    const QJsonValue value = m_object.value(field);
    if (!ok() || value.isUndefined() || value.isNull())
        return {};
    if (!value.isArray()) {
        fail(QStringLiteral("“%1” must be an array of strings.").arg(name(field)));
        return {};
    }
    const QJsonArray array = value.toArray();
    if (array.size() > maxItems) {
        fail(QStringLiteral("“%1” has more than %2 items.").arg(name(field)).arg(maxItems));
        return {};
    }
    QStringList result;
    for (const QJsonValue &item : array) {
        if (!item.isString() || item.toString().isEmpty() || item.toString().size() > maxLength
            || hasControlCharacters(item.toString())) {
            fail(QStringLiteral("“%1” must hold non-empty strings of at most %2 characters.")
                     .arg(name(field))
                     .arg(maxLength));
            return {};
        }
        result.append(item.toString());
    }
    return result;
}

} // namespace tessera::server
