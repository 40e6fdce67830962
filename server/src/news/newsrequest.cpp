#include "news/newsrequest.h"

#include "cards/cardlimits.h"
#include "cards/cardparser.h"
#include "protocol/wiretime.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace tessera::server {

namespace {

const QString invalidField = PublishingCheck::invalidField();

std::optional<NewsRequest> refuse(
    NewsRequest::Problem *problem, const QString &code, const QString &path, const QString &message)
{
    *problem = { code, path, message };
    return std::nullopt;
}

const QStringList &fields()
{
    static const QStringList names { QStringLiteral("title"), QStringLiteral("summary"),
        QStringLiteral("body"), QStringLiteral("card"), QStringLiteral("image"),
        QStringLiteral("category"), QStringLiteral("audience"), QStringLiteral("pinned"),
        QStringLiteral("publishAt"), QStringLiteral("expiresAt") };
    return names;
}

} // namespace

std::optional<NewsRequest> NewsRequest::read(const QJsonObject &body,
    const QStringList &allowedHosts, const QDateTime &now, Problem *problem)
{
    for (auto it = body.begin(); it != body.end(); ++it) {
        if (!fields().contains(it.key()))
            return refuse(problem, invalidField, QStringLiteral("$.") + it.key(),
                QStringLiteral("is not a field of a news post (%1)")
                    .arg(fields().join(QStringLiteral(", "))));
    }
    NewsRequest request;
    const auto title =
        PublishingCheck::text(body, QStringLiteral("title"), true, maxTitle, allowedHosts, problem);
    if (!title)
        return std::nullopt;
    const auto summary = PublishingCheck::text(
        body, QStringLiteral("summary"), false, maxSummary, allowedHosts, problem);
    if (!summary)
        return std::nullopt;
    const auto markdown =
        PublishingCheck::text(body, QStringLiteral("body"), false, maxBody, allowedHosts, problem);
    if (!markdown)
        return std::nullopt;
    request.title = *title;
    request.summary = *summary;
    request.body = *markdown;

    const QJsonValue card = body.value(QStringLiteral("card"));
    if (!card.isUndefined() && !card.isNull()) {
        if (!card.isObject())
            return refuse(problem, QStringLiteral("invalid_card"), QStringLiteral("$.card"),
                QStringLiteral("must be an Adaptive Card (a JSON object)"));
        if (QJsonDocument(card.toObject()).toJson(QJsonDocument::Compact).size()
            > cards::maxCardBytes)
            return refuse(problem, QStringLiteral("invalid_card"), QStringLiteral("$.card"),
                QStringLiteral("the card is larger than %1 KiB").arg(cards::maxCardBytes / 1024));
        cards::CardParserOptions options;
        options.allowedHosts = allowedHosts;
        const cards::CardParseResult parsed = cards::CardParser(options).parse(card.toObject());
        if (!parsed.isValid()) {
            const cards::CardProblem &first = parsed.problems.constFirst();
            // The parser's paths start at the card ("$", "$.body[1].url").
            return refuse(problem, QStringLiteral("invalid_card"),
                QStringLiteral("$.card") + first.path.mid(1), first.message);
        }
        request.card = card.toObject();
    }

    const QJsonValue imageUrl = body.value(QStringLiteral("image"));
    if (!imageUrl.isUndefined() && !imageUrl.isNull()) {
        const QString message = imageUrl.isString() && !imageUrl.toString().isEmpty()
            ? PublishingCheck::problemOf(
                PublishingCheck::imageElement(imageUrl.toString()), allowedHosts)
            : QStringLiteral("must be the https URL of an image (an uploaded medium)");
        if (!message.isEmpty())
            return refuse(problem, invalidField, QStringLiteral("$.image"), message);
        request.image = imageUrl.toString();
    }

    const auto category =
        PublishingCheck::text(body, QStringLiteral("category"), false, maxCategory, {}, problem);
    if (!category)
        return std::nullopt;
    request.category = *category;

    Audience::Problem audienceProblem;
    const std::optional<Audience> audience = Audience::fromJson(
        body.value(QStringLiteral("audience")), QStringLiteral("$.audience"), &audienceProblem);
    if (!audience)
        return refuse(problem, QStringLiteral("invalid_audience"), audienceProblem.path,
            audienceProblem.message);
    request.audience = *audience;

    const QJsonValue pinned = body.value(QStringLiteral("pinned"));
    if (!pinned.isUndefined() && !pinned.isBool())
        return refuse(problem, invalidField, QStringLiteral("$.pinned"),
            QStringLiteral("must be true or false"));
    request.pinned = pinned.toBool(false);

    const QJsonValue publishAt = body.value(QStringLiteral("publishAt"));
    request.publishAt = now;
    if (!publishAt.isUndefined()) {
        const std::optional<QDateTime> at = PublishingCheck::time(publishAt);
        if (!at)
            return refuse(problem, invalidField, QStringLiteral("$.publishAt"),
                QStringLiteral("must be an RFC 3339 time such as 2026-12-24T18:00:00Z"));
        request.publishAt = *at;
    }
    // Second precision, as the wire and the stored text have it.
    request.publishAt = *wiretime::parse(wiretime::format(request.publishAt));

    const QJsonValue expiresAt = body.value(QStringLiteral("expiresAt"));
    if (!expiresAt.isUndefined() && !expiresAt.isNull()) {
        const std::optional<QDateTime> at = PublishingCheck::time(expiresAt);
        if (!at)
            return refuse(problem, invalidField, QStringLiteral("$.expiresAt"),
                QStringLiteral("must be an RFC 3339 time such as 2026-12-24T18:00:00Z, or null"));
        if (*at <= request.publishAt)
            return refuse(problem, invalidField, QStringLiteral("$.expiresAt"),
                QStringLiteral("must be after publishAt"));
        if (*at <= now)
            return refuse(problem, invalidField, QStringLiteral("$.expiresAt"),
                QStringLiteral("must be in the future"));
        request.expiresAt = at;
    }
    return request;
}

QList<QJsonObject> NewsRequest::shownCards() const
{
    return shownCards(body, image, card);
}

QList<QJsonObject> NewsRequest::shownCards(
    const QString &body, const QString &imageUrl, const std::optional<QJsonObject> &card)
{
    QJsonArray elements;
    if (!imageUrl.isEmpty())
        elements.append(PublishingCheck::imageElement(imageUrl));
    if (!body.isEmpty())
        elements.append(PublishingCheck::textBlock(body));
    QList<QJsonObject> shown;
    if (!elements.isEmpty())
        shown.append(PublishingCheck::cardOf(elements));
    if (card)
        shown.append(*card);
    return shown;
}

} // namespace tessera::server
