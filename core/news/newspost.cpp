#include "news/newspost.h"

#include "cards/cardparser.h"
#include "protocol/wirefields.h"
#include "protocol/wiretime.h"

#include <QJsonArray>

namespace tessera {

std::optional<NewsPost> NewsPost::fromJson(const QJsonObject &json, QString *problem)
{
    NewsPost post;
    WireFields fields(json, QStringLiteral("post"));
    if (!fields.id(u"news_", maxIdLength, &post.id)
        || !fields.text("title", 1, maxTitleLength, &post.title)
        || !fields.text("summary", 0, maxSummaryLength, &post.summary)
        || !fields.text("body", 0, maxBodyLength, &post.body)
        || !fields.text("category", 0, maxCategoryLength, &post.category)
        || !fields.flag("pinned", &post.pinned) || !fields.flag("read", &post.read)
        || !fields.version(&post.version) || !fields.time("publishedAt", &post.publishedAt)
        || !fields.optionalTime("expiresAt", &post.expiresAt)
        || !fields.optionalMediaUrl("image", maxImageLength, &post.image)
        || !fields.sourceName(maxSourceLength, &post.source))
        return fields.refuse<NewsPost>(problem);

    const QJsonValue card = fields.value("card");
    if (!card.isNull() && !card.isUndefined()) {
        if (!card.isObject() || card.toObject().isEmpty())
            return fields.refuse<NewsPost>(
                problem, QStringLiteral("its card is neither null nor an object"));
        const cards::CardParseResult parsed = cards::CardParser().parse(card.toObject());
        if (!parsed.isValid()) {
            const cards::CardProblem &first = parsed.problems.constFirst();
            return fields.refuse<NewsPost>(problem,
                QStringLiteral("the card does not parse (%1: %2)").arg(first.path, first.message));
        }
        post.card = card.toObject();
    }
    return post;
}

QJsonObject NewsPost::bodyCard() const
{
    if (body.trimmed().isEmpty())
        return {};
    const QJsonObject wrapped {
        { QStringLiteral("type"), QStringLiteral("AdaptiveCard") },
        { QStringLiteral("version"), QStringLiteral("1.5") },
        { QStringLiteral("body"),
            QJsonArray { QJsonObject { { QStringLiteral("type"), QStringLiteral("TextBlock") },
                { QStringLiteral("text"), body }, { QStringLiteral("wrap"), true } } } },
    };
    return cards::CardParser().parse(wrapped).isValid() ? wrapped : QJsonObject();
}

QJsonObject NewsPost::toJson() const
{
    return QJsonObject {
        { QStringLiteral("id"), id },
        { QStringLiteral("title"), title },
        { QStringLiteral("summary"), summary },
        { QStringLiteral("body"), body },
        { QStringLiteral("card"), hasCard() ? QJsonValue(card) : QJsonValue() },
        { QStringLiteral("image"), image.isEmpty() ? QJsonValue() : QJsonValue(image) },
        { QStringLiteral("category"), category },
        { QStringLiteral("pinned"), pinned },
        { QStringLiteral("publishedAt"), wiretime::format(publishedAt) },
        { QStringLiteral("expiresAt"),
            expiresAt.isValid() ? QJsonValue(wiretime::format(expiresAt)) : QJsonValue() },
        { QStringLiteral("version"), version },
        { QStringLiteral("read"), read },
        { QStringLiteral("source"), QJsonObject { { QStringLiteral("name"), source } } },
    };
}

} // namespace tessera
