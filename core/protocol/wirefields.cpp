#include "protocol/wirefields.h"

#include "protocol/wiretime.h"

#include <QRegularExpression>
#include <QUrl>

#include <cmath>
#include <utility>

namespace tessera {

WireFields::WireFields(const QJsonObject &object, QString noun)
    : m_object(object)
    , m_noun(std::move(noun))
{ }

bool WireFields::id(QStringView prefix, qsizetype maxLength, QString *into)
{
    if (!ok())
        return false;
    static const QRegularExpression tail(QStringLiteral("^[A-Za-z0-9._-]+$"));
    const QJsonValue value = m_object.value(QLatin1StringView("id"));
    const QString text = value.toString();
    const bool good = value.isString() && !text.isEmpty() && text.size() <= maxLength
        && (prefix.isEmpty()
            || (text.startsWith(prefix) && tail.match(text.mid(prefix.size())).hasMatch()));
    if (!good) {
        const bool vowel = !m_noun.isEmpty() && QStringLiteral("aeiou").contains(m_noun.front());
        m_problem = QStringLiteral("%1 %2 has no valid id")
                        .arg(vowel ? QStringLiteral("an") : QStringLiteral("a"), m_noun);
        return false;
    }
    *into = text;
    m_subject = QStringLiteral("%1 %2").arg(m_noun, text);
    return true;
}

bool WireFields::text(const char *name, qsizetype min, qsizetype max, QString *into)
{
    if (!ok())
        return false;
    if (readText(m_object.value(QLatin1StringView(name)), min, max, into))
        return true;
    return fail(min > 0 ? QStringLiteral("its %1 is not a text of %2 to %3 characters")
                              .arg(QLatin1StringView(name))
                              .arg(min)
                              .arg(max)
                        : QStringLiteral("its %1 is not a text of at most %2 characters")
                              .arg(QLatin1StringView(name))
                              .arg(max));
}

bool WireFields::flag(const char *name, bool *into, const QString &problem)
{
    if (!ok())
        return false;
    const QJsonValue value = m_object.value(QLatin1StringView(name));
    if (!value.isBool())
        return failOr(
            problem, QStringLiteral("its %1 is not true or false").arg(QLatin1StringView(name)));
    *into = value.toBool();
    return true;
}

bool WireFields::time(const char *name, QDateTime *into, const QString &problem)
{
    if (!ok())
        return false;
    const QJsonValue value = m_object.value(QLatin1StringView(name));
    const std::optional<QDateTime> parsed =
        value.isString() ? wiretime::parse(value.toString()) : std::nullopt;
    if (!parsed)
        return failOr(
            problem, QStringLiteral("its %1 is not an RFC 3339 time").arg(QLatin1StringView(name)));
    *into = *parsed;
    return true;
}

bool WireFields::optionalTime(const char *name, QDateTime *into)
{
    if (!ok())
        return false;
    const QJsonValue value = m_object.value(QLatin1StringView(name));
    if (isAbsent(value))
        return true;
    const std::optional<QDateTime> parsed =
        value.isString() ? wiretime::parse(value.toString()) : std::nullopt;
    if (!parsed)
        return fail(QStringLiteral("its %1 is neither null nor an RFC 3339 time")
                        .arg(QLatin1StringView(name)));
    *into = *parsed;
    return true;
}

bool WireFields::whole(
    const char *name, qint64 min, qint64 max, qint64 *into, const QString &problem)
{
    if (!ok())
        return false;
    const std::optional<qint64> number =
        wholeNumber(m_object.value(QLatin1StringView(name)), min, max);
    if (!number)
        return fail(problem);
    *into = *number;
    return true;
}

bool WireFields::optionalWhole(
    const char *name, qint64 min, qint64 max, qint64 *into, const QString &problem)
{
    if (!ok())
        return false;
    return isAbsent(m_object.value(QLatin1StringView(name)))
        || whole(name, min, max, into, problem);
}

bool WireFields::version(qint64 *into)
{
    return whole(
        "version", 1, maxVersion, into, QStringLiteral("its version is not a positive integer"));
}

bool WireFields::optionalHttpsUrl(const char *name, qsizetype maxLength, QString *into)
{
    return optionalUrl(name, &isHttpsUrl, maxLength, "an https URL", into);
}

bool WireFields::optionalMediaUrl(const char *name, qsizetype maxLength, QString *into)
{
    return optionalUrl(name, &isMediaUrl, maxLength, "an https media URL", into);
}

bool WireFields::optionalUrl(const char *name, bool (*isGood)(const QString &, qsizetype),
    qsizetype maxLength, const char *what, QString *into)
{
    if (!ok())
        return false;
    const QJsonValue url = value(name);
    if (isAbsent(url))
        return true;
    if (!url.isString() || !isGood(url.toString(), maxLength))
        return fail(QStringLiteral("its %1 is neither null nor %2")
                        .arg(QLatin1StringView(name), QLatin1StringView(what)));
    *into = url.toString();
    return true;
}

bool WireFields::sourceName(qsizetype maxLength, QString *into)
{
    if (!ok())
        return false;
    const QJsonValue name =
        m_object.value(QLatin1StringView("source")).toObject().value(QLatin1StringView("name"));
    if (!name.isString() || characters(name.toString()) > maxLength)
        return fail(QStringLiteral("its source has no name"));
    *into = name.toString();
    return true;
}

bool WireFields::fail(const QString &what)
{
    if (ok())
        m_problem = m_subject.isEmpty() ? what : QStringLiteral("%1: %2").arg(m_subject, what);
    return false;
}

bool WireFields::failOr(const QString &problem, const QString &otherwise)
{
    return fail(problem.isEmpty() ? otherwise : problem);
}

qsizetype WireFields::characters(const QString &text)
{
    qsizetype count = 0;
    for (auto it = text.cbegin(); it != text.cend(); ++it) {
        if (it->isHighSurrogate() && it + 1 != text.cend() && (it + 1)->isLowSurrogate())
            ++it;
        ++count;
    }
    return count;
}

bool WireFields::readText(const QJsonValue &value, qsizetype min, qsizetype max, QString *into)
{
    if (value.isUndefined() && min == 0)
        return true; // absent: ""
    if (!value.isString())
        return false;
    const qsizetype length = characters(value.toString());
    if (length < min || length > max)
        return false;
    *into = value.toString();
    return true;
}

std::optional<qint64> WireFields::wholeNumber(const QJsonValue &value, qint64 min, qint64 max)
{
    if (!value.isDouble())
        return std::nullopt;
    const double number = value.toDouble();
    if (number < double(min) || number > double(max) || number != std::floor(number))
        return std::nullopt;
    return static_cast<qint64>(number);
}

bool WireFields::isHttpsUrl(const QString &text, qsizetype maxLength)
{
    if (text.size() > maxLength)
        return false;
    const QUrl url(text, QUrl::StrictMode);
    return url.isValid() && url.scheme() == u"https" && !url.host().isEmpty()
        && url.userInfo().isEmpty();
}

bool WireFields::isMediaUrl(const QString &text, qsizetype maxLength)
{
    if (!isHttpsUrl(text, maxLength))
        return false;
    const QUrl url(text, QUrl::StrictMode);
    const QString path = url.path();
    return !url.hasFragment() && path.startsWith(QStringLiteral("/v1/media/")) && path.size() > 10;
}

} // namespace tessera
