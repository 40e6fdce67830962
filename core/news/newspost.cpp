#include "news/newspost.h"

#include "cards/cardparser.h"
#include "protocol/wiretime.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QUrl>

#include <cmath>

namespace tessera {

namespace {

qsizetype characters(const QString &text)
{
    qsizetype count = 0;
    for (auto it = text.cbegin(); it != text.cend(); ++it) {
        if (it->isHighSurrogate() && it + 1 != text.cend() && (it + 1)->isLowSurrogate())
            ++it;
        ++count;
    }
    return count;
}

bool isPostId(const QString &id)
{
    static const QRegularExpression pattern(QStringLiteral("^news_[A-Za-z0-9._-]+$"));
    return id.size() <= NewsPost::maxIdLength && pattern.match(id).hasMatch();
}

bool isMediaUrl(const QString &text)
{
    if (text.size() > NewsPost::maxImageLength)
        return false;
    const QUrl url(text, QUrl::StrictMode);
    return url.isValid() && url.scheme() == u"https" && !url.host().isEmpty()
        && url.userInfo().isEmpty() && !url.hasFragment()
        && url.path().startsWith(QStringLiteral("/v1/media/")) && url.path().size() > 10;
}

} // namespace

std::optional<NewsPost> NewsPost::fromJson(const QJsonObject &json, QString *problem)
{
    const auto fail = [problem](const QString &message) -> std::optional<NewsPost> {
        if (problem)
            *problem = message;
        return std::nullopt;
    };
    NewsPost post;
    const QJsonValue id = json.value(QStringLiteral("id"));
    if (!id.isString() || !isPostId(id.toString()))
        return fail(QStringLiteral("a post has no valid id"));
    post.id = id.toString();
    const auto bad = [&](const QString &what) {
        return fail(QStringLiteral("post %1: %2").arg(post.id, what));
    };
    const auto text = [&](const char *name, qsizetype min, qsizetype max, QString *into) {
        const QJsonValue value = json.value(QLatin1StringView(name));
        if (value.isUndefined() && min == 0)
            return true; // absent: ""
        if (!value.isString())
            return false;
        const qsizetype length = characters(value.toString());
        if (length < min || length > max)
            return false;
        *into = value.toString();
        return true;
    };
    if (!text("title", 1, maxTitleLength, &post.title))
        return bad(QStringLiteral("its title is not a text of 1 to 200 characters"));
    if (!text("summary", 0, maxSummaryLength, &post.summary))
        return bad(QStringLiteral("its summary is not a text of at most 500 characters"));
    if (!text("body", 0, maxBodyLength, &post.body))
        return bad(QStringLiteral("its body is not a text of at most 32768 characters"));
    if (!text("category", 0, maxCategoryLength, &post.category))
        return bad(QStringLiteral("its category is not a text of at most 64 characters"));

    const QJsonValue pinned = json.value(QStringLiteral("pinned"));
    if (!pinned.isBool())
        return bad(QStringLiteral("its pinned is not true or false"));
    post.pinned = pinned.toBool();
    const QJsonValue read = json.value(QStringLiteral("read"));
    if (!read.isBool())
        return bad(QStringLiteral("its read is not true or false"));
    post.read = read.toBool();

    const QJsonValue version = json.value(QStringLiteral("version"));
    const double versionValue = version.toDouble(0);
    if (!version.isDouble() || versionValue < 1 || versionValue != std::floor(versionValue)
        || versionValue > 9e15)
        return bad(QStringLiteral("its version is not a positive integer"));
    post.version = static_cast<qint64>(versionValue);

    const QJsonValue published = json.value(QStringLiteral("publishedAt"));
    const auto publishedAt =
        published.isString() ? wiretime::parse(published.toString()) : std::nullopt;
    if (!publishedAt)
        return bad(QStringLiteral("its publishedAt is not an RFC 3339 time"));
    post.publishedAt = *publishedAt;
    const QJsonValue expires = json.value(QStringLiteral("expiresAt"));
    if (!expires.isNull() && !expires.isUndefined()) {
        const auto time = expires.isString() ? wiretime::parse(expires.toString()) : std::nullopt;
        if (!time)
            return bad(QStringLiteral("its expiresAt is neither null nor an RFC 3339 time"));
        post.expiresAt = *time;
    }

    const QJsonValue image = json.value(QStringLiteral("image"));
    if (!image.isNull() && !image.isUndefined()) {
        if (!image.isString() || !isMediaUrl(image.toString()))
            return bad(QStringLiteral("its image is neither null nor an https media URL"));
        post.image = image.toString();
    }

    const QJsonValue source =
        json.value(QStringLiteral("source")).toObject().value(QStringLiteral("name"));
    if (!source.isString() || source.toString().size() > maxSourceLength)
        return bad(QStringLiteral("its source has no name"));
    post.source = source.toString();

    const QJsonValue card = json.value(QStringLiteral("card"));
    if (!card.isNull() && !card.isUndefined()) {
        if (!card.isObject() || card.toObject().isEmpty())
            return bad(QStringLiteral("its card is neither null nor an object"));
        const cards::CardParseResult parsed = cards::CardParser().parse(card.toObject());
        if (!parsed.isValid()) {
            const cards::CardProblem &first = parsed.problems.constFirst();
            return bad(
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
