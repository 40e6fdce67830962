#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace tessera {

// One Home card as GET /v1/cards gives it (openapi.json, HomeCard): the server's id, the Adaptive
// Card, its place on Home (lower first), when it stops being shown, its version and source.
struct HomeCard
{
    QString id;
    QJsonObject card; // an Adaptive Card that CardParser accepted
    int order = 0;
    QDateTime expiresAt; // invalid: never
    qint64 version = 0;
    QDateTime updatedAt;
    QString source; // the sub-system's name

    static constexpr int minOrder = -1000;
    static constexpr int maxOrder = 1000;
    static constexpr qsizetype maxIdLength = 200;
    static constexpr qsizetype maxSourceLength = 200;

    // Reads and checks one card of an answer: every field of the schema, and the card itself
    // through CardParser (a card it refuses is refused here). nullopt with *problem set (in plain
    // words, with the card's id when it has one) for anything else.
    static std::optional<HomeCard> fromJson(const QJsonObject &json, QString *problem);

    bool isExpiredAt(const QDateTime &now) const { return expiresAt.isValid() && expiresAt <= now; }
    // The card's first TextBlock texts: its title, then its summary (empty when it has none).
    QString title() const;
    QString summary() const;
    QJsonObject toJson() const;
};

} // namespace tessera
