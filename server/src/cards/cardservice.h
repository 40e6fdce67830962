#pragma once

#include "cards/cardrequest.h"
#include "cards/cardstore.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

namespace tessera::server {

class ChangeFeed;
class ChangeTransaction;
class Clock;

// Home cards: a sub-system puts, replaces and deletes its cards; people read those of their
// audience since a cursor. Every write is a change of kind "cards" in the change feed, whose live
// hint reaches the people in the card's old or new audience.
class CardService
{
public:
    static constexpr int maxLiveCardsPerKey = 500;
    static constexpr int pageSize = 200;

    struct PutResult
    {
        enum class Outcome { Created, Replaced, TooMany, Failed };
        Outcome outcome = Outcome::Failed;
        StoredCard card;
    };
    enum class RemoveOutcome { Removed, NotFound, Failed };

    struct Page
    {
        bool ok = false;
        QJsonArray cards;
        QStringList removed;
        qint64 cursor = 0;
        bool more = false;
    };

    // Called in the transaction of every write with the card as written (a deletion's
    // tombstone too): what other features keep about cards (the media they link to) changes
    // with it. false rolls the write back.
    using WriteHook = std::function<bool(QSqlDatabase &db, const StoredCard &card)>;

    // ownHosts: the server's own host names, which every card may link to.
    CardService(ChangeFeed &feed, const Clock &clock, QStringList ownHosts);

    // Set once, before any request.
    void setWriteHook(WriteHook hook) { m_writeHook = std::move(hook); }

    static QString changeKind(); // "cards"

    const Clock &clock() const { return m_clock; }
    QSqlDatabase connection() const;
    // The hosts the key's cards may link to: the server's own and the key's; nullopt when the
    // database fails.
    std::optional<QStringList> allowedHosts(QSqlDatabase &db, const QString &apiKeyId) const;

    PutResult put(const QString &apiKeyId, const QString &cardId, const CardRequest &request);
    RemoveOutcome remove(const QString &apiKeyId, const QString &cardId);
    // The key's live cards as its list shows them; nullopt when the database fails.
    // Deletes every card of a revoked key, each as remove() does (its audience hinted, listed
    // under removed); false when the database failed (the cards left are still not shown).
    bool removeAllOfKey(const QString &apiKeyId);
    std::optional<QJsonArray> list(const QString &apiKeyId);
    // What userId sees of the cards changed after since (every live card of theirs for 0).
    Page changesFor(const QString &userId, qint64 since);

private:
    // Records the broadcast change of a card whose audience was before and is after (as stored;
    // either may be empty), hinting people.
    static std::optional<qint64> record(ChangeTransaction &transaction, const QStringList &people,
        const QString &before, const QString &after);

    ChangeFeed &m_feed;
    const Clock &m_clock;
    QStringList m_ownHosts;
    WriteHook m_writeHook;
};

} // namespace tessera::server
