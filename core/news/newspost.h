#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace tessera {

// One news post as GET /v1/news gives it (docs: the news wire contract, NewsPost): the server's
// id, plain-text title, summary and category, a body in the Adaptive Cards markdown subset (kept
// as text; shown only through the card engine's markdown runs), an optional card, an optional
// hero image on the server's media, pinning, publish and expiry times, version, read mark and
// source. Every text stays text: nothing here is ever read as HTML.
struct NewsPost
{
    QString id;
    QString title;
    QString summary;
    QString body; // markdown subset, "" for none
    QJsonObject card; // an Adaptive Card that CardParser accepted; empty: none
    QString image; // https://…/v1/media/…, "" for none
    QString category;
    bool pinned = false;
    QDateTime publishedAt;
    QDateTime expiresAt; // invalid: never
    qint64 version = 0;
    bool read = false;
    QString source; // the sub-system's name

    static constexpr qsizetype maxIdLength = 128; // as POST /v1/news/read takes them
    static constexpr qsizetype maxTitleLength = 200;
    static constexpr qsizetype maxSummaryLength = 500;
    static constexpr qsizetype maxBodyLength = 32768;
    static constexpr qsizetype maxCategoryLength = 64;
    static constexpr qsizetype maxSourceLength = 200;
    static constexpr qsizetype maxImageLength = 2048;

    // Reads and checks one post of a page: every field's type and length (characters counted as
    // code points), the times, the image (an https URL of /v1/media/), the card through
    // CardParser. nullopt with *problem set (in plain words, with the post's id when it has one)
    // for anything else. Unknown fields are ignored; an absent summary, body, category, card,
    // image or expiresAt is empty.
    static std::optional<NewsPost> fromJson(const QJsonObject &json, QString *problem);

    bool hasCard() const { return !card.isEmpty(); }
    bool isExpiredAt(const QDateTime &now) const { return expiresAt.isValid() && expiresAt <= now; }
    // The body as a card of one wrapping TextBlock, for the card engine's markdown runs; an empty
    // object when there is no body or CardParser refuses it (a tag-like text, a link that is not
    // https): then the body is shown as plain text.
    QJsonObject bodyCard() const;
    QJsonObject toJson() const;

    friend bool operator==(const NewsPost &, const NewsPost &) = default;
};

} // namespace tessera
