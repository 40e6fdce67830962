#include "cards/internal/parsecontext.h"

#include "cards/cardlimits.h"

#include <QRegularExpression>
#include <QUrl>

#include <algorithm>
#include <cmath>

namespace tessera::cards::internal {

ParseContext::ParseContext(const CardParserOptions &options)
    : m_options(options)
{ }

void ParseContext::problem(const QString &path, const QString &message)
{
    if (m_result.problems.size() < maxProblems)
        m_result.problems.append(CardProblem { path, message });
}

void ParseContext::report(
    const QString &path, const QString &type, CardOutcome outcome, const QString &detail)
{
    if (m_result.entries.size() < qsizetype(4) * maxCardElements)
        m_result.entries.append(CardReportEntry { path, type, outcome, detail });
}

bool ParseContext::count(const QString &path)
{
    if (++m_count == maxCardElements + 1)
        problem(path, QStringLiteral("the card has more than %1 elements").arg(maxCardElements));
    return m_count <= maxCardElements;
}

QString ParseContext::string(
    const QJsonObject &object, const QString &path, QLatin1String key, const QString &fallback)
{
    const QJsonValue value = object.value(key);
    if (value.isUndefined() || value.isNull())
        return fallback;
    if (!value.isString()) {
        problem(member(path, key), QStringLiteral("must be a string"));
        return fallback;
    }
    return value.toString();
}

QString ParseContext::text(const QJsonObject &object, const QString &path, QLatin1String key)
{
    QString value = string(object, path, key);
    if (looksLikeHtml(value))
        problem(member(path, key), QStringLiteral("HTML is not allowed in card text"));
    return value;
}

bool ParseContext::boolean(
    const QJsonObject &object, const QString &path, QLatin1String key, bool fallback)
{
    const QJsonValue value = object.value(key);
    if (value.isUndefined() || value.isNull())
        return fallback;
    if (!value.isBool()) {
        problem(member(path, key), QStringLiteral("must be true or false"));
        return fallback;
    }
    return value.toBool();
}

std::optional<double> ParseContext::number(
    const QJsonObject &object, const QString &path, QLatin1String key)
{
    const QJsonValue value = object.value(key);
    if (value.isUndefined() || value.isNull())
        return std::nullopt;
    if (!value.isDouble() || !std::isfinite(value.toDouble())) {
        problem(member(path, key), QStringLiteral("must be a number"));
        return std::nullopt;
    }
    return value.toDouble();
}

int ParseContext::count(const QJsonObject &object, const QString &path, QLatin1String key)
{
    const std::optional<double> value = number(object, path, key);
    if (!value)
        return 0;
    if (*value < 0 || *value > 1e9 || std::floor(*value) != *value) {
        problem(member(path, key), QStringLiteral("must be a whole number from 0"));
        return 0;
    }
    return int(*value);
}

QString ParseContext::choice(const QJsonObject &object, const QString &path, QLatin1String key,
    const QStringList &allowed, const QString &fallback)
{
    const QString value = string(object, path, key);
    if (value.isEmpty())
        return fallback;
    for (const QString &candidate : allowed) {
        if (candidate.compare(value, Qt::CaseInsensitive) == 0)
            return candidate;
    }
    report(member(path, key), value, CardOutcome::Ignored,
        QStringLiteral("\"%1\" is not one of %2").arg(value, allowed.join(QStringLiteral(", "))));
    return fallback;
}

QString ParseContext::width(const QJsonObject &object, const QString &path, const QString &type)
{
    static const QRegularExpression pattern(
        QStringLiteral("^(auto|stretch|\\d{1,4}(\\.\\d{1,4})?|\\d{1,5}px)$"));
    const QJsonValue value = object.value(QLatin1String("width"));
    if (value.isDouble() && value.toDouble() > 0 && value.toDouble() < 1e4)
        return QString::number(value.toDouble());
    if (value.isString() && pattern.match(value.toString()).hasMatch())
        return value.toString();
    if (!value.isUndefined())
        report(member(path, QLatin1String("width")), type, CardOutcome::Ignored,
            QStringLiteral("not auto, stretch, a weight or pixels"));
    return {};
}

int ParseContext::link(
    const QJsonObject &object, const QString &path, QLatin1String key, bool required)
{
    const QString url = string(object, path, key);
    if (url.isEmpty()) {
        if (required && object.value(key).isUndefined())
            problem(member(path, key), QStringLiteral("is required"));
        else if (required)
            problem(member(path, key), QStringLiteral("must not be empty"));
        return -1;
    }
    return link(url, member(path, key));
}

int ParseContext::link(const QString &text, const QString &path)
{
    const QUrl url(text, QUrl::StrictMode);
    if (!url.isValid() || url.scheme() != QLatin1String("https") || url.host().isEmpty()) {
        problem(path, QStringLiteral("links must be https URLs"));
        return -1;
    }
    if (!url.userInfo().isEmpty()) {
        problem(path, QStringLiteral("links must not carry user names or passwords"));
        return -1;
    }
    if (m_options.allowedHosts
        && !m_options.allowedHosts->contains(url.host(), Qt::CaseInsensitive)) {
        problem(path, QStringLiteral("the host %1 is not on the allowed list").arg(url.host()));
        return -1;
    }
    m_result.card.links.append(url.toString(QUrl::FullyEncoded));
    return int(m_result.card.links.size() - 1);
}

void ParseContext::addSecret(const QString &text)
{
    if (text.size() >= 4 && m_secrets.size() < maxCardElements)
        m_secrets.append(text);
}

bool ParseContext::holdsSecret(const QString &text) const
{
    return std::any_of(m_secrets.cbegin(), m_secrets.cend(),
        [&](const QString &secret) { return text.contains(secret); });
}

void ParseContext::ignoreUnknown(
    const QJsonObject &object, const QString &path, const QString &type, const QStringList &known)
{
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        if (!known.contains(it.key()))
            report(path + QLatin1Char('.') + it.key(), type, CardOutcome::Ignored,
                QStringLiteral("property outside the subset"));
    }
}

QString ParseContext::member(const QString &path, QLatin1String key)
{
    return path + QLatin1Char('.') + key;
}

QString ParseContext::index(const QString &path, qsizetype i)
{
    return path + QLatin1Char('[') + QString::number(i) + QLatin1Char(']');
}

bool ParseContext::looksLikeHtml(const QString &text)
{
    static const QRegularExpression tag(QStringLiteral("<[A-Za-z!/?]"));
    return text.contains(tag);
}

} // namespace tessera::cards::internal
