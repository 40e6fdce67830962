#pragma once

#include "audience/audience.h"

#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

namespace tessera::server {

// The body of PUT /v1/subsystem/cards/{cardId}, validated: {"card": an Adaptive Card (core's
// CardParser, links only to allowed hosts), "audience", "order" (-1000..1000, default 0),
// "expiresAt" (optional, RFC 3339, in the future)}.
struct CardRequest
{
    static constexpr int minOrder = -1000;
    static constexpr int maxOrder = 1000;

    // What is wrong: the error code (invalid_card, invalid_audience, invalid_field), the JSON path
    // inside the body and a sentence.
    struct Problem
    {
        QString code;
        QString path;
        QString message;
    };

    QJsonObject card;
    Audience audience;
    int order = 0;
    std::optional<QDateTime> expiresAt;

    // The first problem first: unknown fields, the card, the audience, order, expiresAt.
    static std::optional<CardRequest> read(const QJsonObject &body, const QStringList &allowedHosts,
        const QDateTime &now, Problem *problem);
};

} // namespace tessera::server
