#include "cards/fieldcheck.h"

#include "cards/cardparser.h"

namespace tessera::server::fieldcheck {

QJsonObject cardOf(const QJsonArray &body)
{
    return QJsonObject { { QStringLiteral("type"), QStringLiteral("AdaptiveCard") },
        { QStringLiteral("version"), QStringLiteral("1.5") }, { QStringLiteral("body"), body } };
}

QJsonObject textBlock(const QString &text)
{
    return QJsonObject { { QStringLiteral("type"), QStringLiteral("TextBlock") },
        { QStringLiteral("text"), text }, { QStringLiteral("wrap"), true } };
}

QJsonObject imageElement(const QString &url)
{
    return QJsonObject { { QStringLiteral("type"), QStringLiteral("Image") },
        { QStringLiteral("url"), url } };
}

QString problemOf(const QJsonObject &element, const QStringList &allowedHosts)
{
    cards::CardParserOptions options;
    options.allowedHosts = allowedHosts;
    const cards::CardParseResult parsed =
        cards::CardParser(options).parse(cardOf(QJsonArray { element }));
    return parsed.isValid() ? QString() : parsed.problems.constFirst().message;
}

} // namespace tessera::server::fieldcheck
