#include "cards/publishingcheck.h"

#include "cards/cardparser.h"
#include "protocol/wiretime.h"

#include <QJsonArray>

namespace tessera::server {

QString PublishingCheck::invalidField()
{
    return QStringLiteral("invalid_field");
}

QJsonObject PublishingCheck::cardOf(const QJsonArray &body)
{
    return QJsonObject { { QStringLiteral("type"), QStringLiteral("AdaptiveCard") },
        { QStringLiteral("version"), QStringLiteral("1.5") }, { QStringLiteral("body"), body } };
}

QJsonObject PublishingCheck::textBlock(const QString &text)
{
    return QJsonObject { { QStringLiteral("type"), QStringLiteral("TextBlock") },
        { QStringLiteral("text"), text }, { QStringLiteral("wrap"), true } };
}

QJsonObject PublishingCheck::imageElement(const QString &url)
{
    return QJsonObject { { QStringLiteral("type"), QStringLiteral("Image") },
        { QStringLiteral("url"), url } };
}

QString PublishingCheck::problemOf(const QJsonObject &element, const QStringList &allowedHosts)
{
    cards::CardParserOptions options;
    options.allowedHosts = allowedHosts;
    const cards::CardParseResult parsed =
        cards::CardParser(options).parse(cardOf(QJsonArray { element }));
    return parsed.isValid() ? QString() : parsed.problems.constFirst().message;
}

QString PublishingCheck::linkProblem(const QString &url, const QStringList &allowedHosts)
{
    QJsonObject card = cardOf(QJsonArray { textBlock(QStringLiteral("Link")) });
    card.insert(QStringLiteral("actions"),
        QJsonArray { QJsonObject { { QStringLiteral("type"), QStringLiteral("Action.OpenUrl") },
            { QStringLiteral("title"), QStringLiteral("Open") },
            { QStringLiteral("url"), url } } });
    cards::CardParserOptions options;
    options.allowedHosts = allowedHosts;
    const cards::CardParseResult parsed = cards::CardParser(options).parse(card);
    return parsed.isValid() ? QString() : parsed.problems.constFirst().message;
}

std::optional<QString> PublishingCheck::text(const QJsonObject &body, const QString &field,
    bool required, qsizetype maxLength, const QStringList &allowedHosts, Problem *problem,
    const QString &pathPrefix)
{
    const QString path = pathPrefix + field;
    const QJsonValue value = body.value(field);
    if (value.isUndefined() && !required)
        return QString();
    const qsizetype minLength = required ? 1 : 0;
    if (!value.isString() || value.toString().size() < minLength
        || value.toString().size() > maxLength) {
        *problem = { invalidField(), path,
            QStringLiteral("must be text of %1 to %2 characters").arg(minLength).arg(maxLength) };
        return std::nullopt;
    }
    const QString given = value.toString();
    if (!given.isEmpty()) {
        const QString message = problemOf(textBlock(given), allowedHosts);
        if (!message.isEmpty()) {
            *problem = { invalidField(), path, message };
            return std::nullopt;
        }
    }
    return given;
}

std::optional<QDateTime> PublishingCheck::time(const QJsonValue &value)
{
    return value.isString() ? wiretime::parse(value.toString()) : std::nullopt;
}

} // namespace tessera::server
