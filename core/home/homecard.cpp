#include "home/homecard.h"

#include "cards/cardparser.h"
#include "protocol/wiretime.h"

#include <QJsonArray>

#include <cmath>

namespace tessera {

namespace {

// The texts of the card's TextBlocks, in reading order (containers and columns included).
void collectTexts(const std::vector<cards::CardElement> &elements, QStringList &texts, int wanted)
{
    for (const cards::CardElement &element : elements) {
        if (texts.size() >= wanted)
            return;
        if (!element.isVisible)
            continue;
        // A secret (a password) is shown only masked on the card itself: never a title or a
        // summary.
        if (element.type == cards::ElementType::TextBlock && !element.secret) {
            QStringList blocks;
            for (const cards::MarkdownBlock &block : element.markdown)
                blocks.append(block.plainText());
            const QString text = blocks.isEmpty() ? element.text : blocks.join(u' ');
            if (!text.trimmed().isEmpty())
                texts.append(text.trimmed());
        }
        collectTexts(element.items, texts, wanted);
    }
}

QStringList firstTexts(const QJsonObject &card, int wanted)
{
    const cards::CardParseResult parsed = cards::CardParser().parse(card);
    QStringList texts;
    collectTexts(parsed.card.body, texts, wanted);
    return texts;
}

} // namespace

std::optional<HomeCard> HomeCard::fromJson(const QJsonObject &json, QString *problem)
{
    const auto fail = [problem](const QString &message) -> std::optional<HomeCard> {
        if (problem)
            *problem = message;
        return std::nullopt;
    };
    HomeCard card;
    const QJsonValue id = json.value(QStringLiteral("id"));
    if (!id.isString() || id.toString().isEmpty() || id.toString().size() > maxIdLength)
        return fail(QStringLiteral("a card has no valid id"));
    card.id = id.toString();
    const auto bad = [&](const QString &what) {
        return fail(QStringLiteral("card %1: %2").arg(card.id, what));
    };

    const QJsonValue order = json.value(QStringLiteral("order"));
    const double orderValue = order.toDouble(0.5);
    if (!order.isDouble() || orderValue != std::floor(orderValue) || orderValue < minOrder
        || orderValue > maxOrder)
        return bad(QStringLiteral("its order is not an integer from -1000 to 1000"));
    card.order = static_cast<int>(orderValue);

    const QJsonValue version = json.value(QStringLiteral("version"));
    const double versionValue = version.toDouble(0);
    if (!version.isDouble() || versionValue < 1 || versionValue != std::floor(versionValue)
        || versionValue > 9e15)
        return bad(QStringLiteral("its version is not a positive integer"));
    card.version = static_cast<qint64>(versionValue);

    const QJsonValue expires = json.value(QStringLiteral("expiresAt"));
    if (!expires.isNull()) {
        const auto time = expires.isString() ? wiretime::parse(expires.toString()) : std::nullopt;
        if (!time)
            return bad(QStringLiteral("its expiresAt is neither null nor an RFC 3339 time"));
        card.expiresAt = *time;
    }
    const QJsonValue updated = json.value(QStringLiteral("updatedAt"));
    const auto updatedAt = updated.isString() ? wiretime::parse(updated.toString()) : std::nullopt;
    if (!updatedAt)
        return bad(QStringLiteral("its updatedAt is not an RFC 3339 time"));
    card.updatedAt = *updatedAt;

    const QJsonValue source =
        json.value(QStringLiteral("source")).toObject().value(QStringLiteral("name"));
    if (!source.isString() || source.toString().size() > maxSourceLength)
        return bad(QStringLiteral("its source has no name"));
    card.source = source.toString();

    const QJsonValue body = json.value(QStringLiteral("card"));
    if (!body.isObject())
        return bad(QStringLiteral("it carries no card"));
    const cards::CardParseResult parsed = cards::CardParser().parse(body.toObject());
    if (!parsed.isValid()) {
        const cards::CardProblem &first = parsed.problems.constFirst();
        return bad(
            QStringLiteral("the card does not parse (%1: %2)").arg(first.path, first.message));
    }
    card.card = body.toObject();
    return card;
}

QString HomeCard::title() const
{
    const QStringList texts = firstTexts(card, 1);
    return texts.value(0);
}

QString HomeCard::summary() const
{
    const QStringList texts = firstTexts(card, 2);
    return texts.value(1);
}

QJsonObject HomeCard::toJson() const
{
    return QJsonObject {
        { QStringLiteral("id"), id },
        { QStringLiteral("card"), card },
        { QStringLiteral("order"), order },
        { QStringLiteral("expiresAt"),
            expiresAt.isValid() ? QJsonValue(wiretime::format(expiresAt)) : QJsonValue() },
        { QStringLiteral("version"), version },
        { QStringLiteral("updatedAt"), wiretime::format(updatedAt) },
        { QStringLiteral("source"), QJsonObject { { QStringLiteral("name"), source } } },
    };
}

} // namespace tessera
