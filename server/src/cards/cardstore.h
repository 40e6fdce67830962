#pragma once

#include <QList>
#include <QSqlDatabase>
#include <QString>

#include <optional>

namespace tessera::server {

// One row of the cards table: a sub-system's Home card, or the tombstone of a deleted one.
struct StoredCard
{
    QString id; // the server's, opaque
    QString apiKeyId;
    QString cardId; // the sub-system's
    QString card; // the card as sent, compact JSON
    QString audience; // Audience::toText
    QString previousAudience; // before the last change; empty for a new card
    int order = 0;
    QString expiresAt; // RFC 3339, empty: never
    int version = 0;
    QString updatedAt;
    bool deleted = false;
    qint64 cursor = 0; // the change feed's cursor of its last change
    QString source; // the key's sub-system name (read with the people's delta only)
    // Its key is revoked (read with the people's delta only): no longer shown to anyone.
    bool keyRevoked = false;

    // Neither deleted nor expired at now (RFC 3339 text: compared as text, both UTC).
    bool isLive(const QString &now) const
    {
        return !deleted && !keyRevoked && (expiresAt.isEmpty() || expiresAt > now);
    }
};

// The SQL of the cards table; runs in the caller's transaction where there is one.
class CardStore
{
public:
    // The key's card cardId (live, expired or deleted) into *card (nullopt when there is none);
    // false when the database fails.
    static bool find(QSqlDatabase &db, const QString &apiKeyId, const QString &cardId,
        std::optional<StoredCard> *card);
    // Inserts card, or (update) writes every changing column of the row with card.id.
    static bool write(QSqlDatabase &db, const StoredCard &card, bool update);
    // How many of the key's cards are live at now; nullopt when the database fails.
    static std::optional<int> liveCount(
        QSqlDatabase &db, const QString &apiKeyId, const QString &now);
    // The key's live cards at now, by order then card id.
    // The card ids of the key's cards not deleted (live or expired); nullopt when the database
    // fails.
    static std::optional<QStringList> undeletedIdsOfKey(QSqlDatabase &db, const QString &apiKeyId);
    static std::optional<QList<StoredCard>> liveOfKey(
        QSqlDatabase &db, const QString &apiKeyId, const QString &now);
    // Cards whose last change is after since, in cursor order, at most limit of them, with their
    // source; liveOnly: only those live at now (a first sync has nothing to remove).
    static std::optional<QList<StoredCard>> changedSince(
        QSqlDatabase &db, qint64 since, int limit, bool liveOnly, const QString &now);
};

} // namespace tessera::server
