#include "home/homecard.h"

#include "cards/cardparser.h"
#include "protocol/wirefields.h"
#include "protocol/wiretime.h"

#include <QJsonArray>

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
    HomeCard card;
    WireFields fields(json, QStringLiteral("card"));
    qint64 order = 0;
    if (!fields.id(u"", maxIdLength, &card.id)
        || !fields.whole("order", minOrder, maxOrder, &order,
            QStringLiteral("its order is not an integer from -1000 to 1000"))
        || !fields.version(&card.version))
        return fields.refuse<HomeCard>(problem);
    card.order = int(order);
    // The home feed always names expiresAt: absent is not null here.
    if (fields.value("expiresAt").isUndefined())
        return fields.refuse<HomeCard>(
            problem, QStringLiteral("its expiresAt is neither null nor an RFC 3339 time"));
    if (!fields.optionalTime("expiresAt", &card.expiresAt)
        || !fields.time("updatedAt", &card.updatedAt)
        || !fields.sourceName(maxSourceLength, &card.source))
        return fields.refuse<HomeCard>(problem);

    const QJsonValue body = fields.value("card");
    if (!body.isObject())
        return fields.refuse<HomeCard>(problem, QStringLiteral("it carries no card"));
    const cards::CardParseResult parsed = cards::CardParser().parse(body.toObject());
    if (!parsed.isValid()) {
        const cards::CardProblem &first = parsed.problems.constFirst();
        return fields.refuse<HomeCard>(problem,
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
