#pragma once

#include "audience/audience.h"
#include "cards/publishingcheck.h"

#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

namespace tessera::server {

// The body of PUT /v1/subsystem/news/{postId} (the news wire contract), validated:
// {"title" 1..200 plain text, "summary" 0..500 plain text, "body" 0..32768 of the Adaptive Cards
// markdown subset, "card" (an Adaptive Card, checked as a Home card is), "image" (a hero image's
// https URL on an allowed host), "category" 0..64, "audience", "pinned", "publishAt" (RFC 3339,
// default now), "expiresAt" (RFC 3339 or null, after publishAt and now)}. Text is checked by
// core's CardParser as a card's TextBlock is: no HTML, links https to allowed hosts only.
struct NewsRequest
{
    static constexpr qsizetype maxTitle = 200;
    static constexpr qsizetype maxSummary = 500;
    static constexpr qsizetype maxBody = 32768;
    static constexpr qsizetype maxCategory = 64;

    // What is wrong: the error code (invalid_field, invalid_card, invalid_audience), the JSON
    // path inside the body and a sentence.
    using Problem = PublishingCheck::Problem;

    QString title;
    QString summary;
    QString body;
    std::optional<QJsonObject> card;
    QString image; // empty: none
    QString category;
    Audience audience;
    bool pinned = false;
    QDateTime publishAt;
    std::optional<QDateTime> expiresAt;

    // The first problem first, in the order of the fields above (unknown fields before all).
    static std::optional<NewsRequest> read(const QJsonObject &body, const QStringList &allowedHosts,
        const QDateTime &now, Problem *problem);
    // The cards the post shows (its card, and its body and image as a card's TextBlock and
    // Image): what links to media (MediaRefs) is found in them.
    QList<QJsonObject> shownCards() const;
    static QList<QJsonObject> shownCards(
        const QString &body, const QString &image, const std::optional<QJsonObject> &card);
};

} // namespace tessera::server
