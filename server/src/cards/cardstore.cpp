#include "cards/cardstore.h"

#include "audience/audiencehistory.h"
#include "storage/sqlhelpers.h"

#include <QSqlQuery>

namespace tessera::server {

namespace {

const QString columns = QStringLiteral(
    "c.id, c.api_key_id, c.card_id, c.card, c.audience, c.previous_audience, c.sort_order,"
    " c.expires_at, c.version, c.updated_at, c.deleted, c.change_id");

StoredCard readRow(const QSqlQuery &query)
{
    StoredCard card;
    card.id = query.value(0).toString();
    card.apiKeyId = query.value(1).toString();
    card.cardId = query.value(2).toString();
    card.card = query.value(3).toString();
    card.audience = query.value(4).toString();
    card.previousAudience = query.value(5).toString();
    card.order = query.value(6).toInt();
    card.expiresAt = query.value(7).toString();
    card.version = query.value(8).toInt();
    card.updatedAt = query.value(9).toString();
    card.deleted = query.value(10).toInt() != 0;
    card.cursor = query.value(11).toLongLong();
    return card;
}

} // namespace

bool CardStore::find(QSqlDatabase &db, const QString &apiKeyId, const QString &cardId,
    std::optional<StoredCard> *card)
{
    QSqlQuery query(db);
    if (!sql::exec(query,
            QStringLiteral("SELECT %1 FROM cards c WHERE c.api_key_id = ? AND c.card_id = ?")
                .arg(columns),
            { apiKeyId, cardId }))
        return false;
    *card = query.next() ? std::optional<StoredCard>(readRow(query)) : std::nullopt;
    return true;
}

bool CardStore::write(QSqlDatabase &db, const StoredCard &card, bool update)
{
    QSqlQuery query(db);
    const QVariantList changing { card.card, card.audience, sql::textOrNull(card.previousAudience),
        card.order, sql::textOrNull(card.expiresAt), card.version, card.updatedAt,
        card.deleted ? 1 : 0, card.cursor };
    const bool written = update
        ? sql::exec(query,
            QStringLiteral("UPDATE cards SET card = ?, audience = ?, previous_audience = ?,"
                           " sort_order = ?, expires_at = ?, version = ?, updated_at = ?,"
                           " deleted = ?, change_id = ? WHERE id = ?"),
            changing + QVariantList { card.id })
        : sql::exec(query,
            QStringLiteral("INSERT INTO cards (id, api_key_id, card_id, card, audience,"
                           " previous_audience, sort_order, expires_at, version, updated_at,"
                           " deleted, change_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
            QVariantList { card.id, card.apiKeyId, card.cardId } + changing);
    // Every audience the card has had: who may be told that it is removed.
    return written && AudienceHistory::remember(db, "cards", card.id, card.audience);
}

std::optional<int> CardStore::liveCount(
    QSqlDatabase &db, const QString &apiKeyId, const QString &now)
{
    QSqlQuery query(db);
    if (!sql::exec(query,
            QStringLiteral("SELECT COUNT(*) FROM cards WHERE api_key_id = ? AND deleted = 0"
                           " AND (expires_at IS NULL OR expires_at > ?)"),
            { apiKeyId, now })
        || !query.next())
        return std::nullopt;
    return query.value(0).toInt();
}

std::optional<QStringList> CardStore::undeletedIdsOfKey(QSqlDatabase &db, const QString &apiKeyId)
{
    return sql::strings(db,
        QStringLiteral("SELECT card_id FROM cards WHERE api_key_id = ? AND deleted = 0"
                       " ORDER BY card_id"),
        { apiKeyId });
}

std::optional<QList<StoredCard>> CardStore::liveOfKey(
    QSqlDatabase &db, const QString &apiKeyId, const QString &now)
{
    QSqlQuery query(db);
    if (!sql::exec(query,
            QStringLiteral("SELECT %1 FROM cards c WHERE c.api_key_id = ? AND c.deleted = 0"
                           " AND (c.expires_at IS NULL OR c.expires_at > ?)"
                           " ORDER BY c.sort_order, c.card_id")
                .arg(columns),
            { apiKeyId, now }))
        return std::nullopt;
    QList<StoredCard> cards;
    while (query.next())
        cards.append(readRow(query));
    return cards;
}

std::optional<QList<StoredCard>> CardStore::changedSince(
    QSqlDatabase &db, qint64 since, int limit, bool liveOnly, const QString &now)
{
    QSqlQuery query(db);
    QString statement =
        QStringLiteral("SELECT %1, k.subsystem, CASE WHEN k.revoked_at IS NULL THEN 0 ELSE 1 END"
                       " FROM cards c JOIN api_keys k ON k.id = c.api_key_id"
                       " WHERE c.change_id > ?")
            .arg(columns);
    QVariantList values { since };
    if (liveOnly) {
        statement += QStringLiteral(" AND c.deleted = 0 AND k.revoked_at IS NULL AND"
                                    " (c.expires_at IS NULL OR c.expires_at > ?)");
        values.append(now);
    }
    statement += QStringLiteral(" ORDER BY c.change_id LIMIT ") + QString::number(limit);
    if (!sql::exec(query, statement, values))
        return std::nullopt;
    QList<StoredCard> cards;
    while (query.next()) {
        cards.append(readRow(query));
        cards.last().source = query.value(12).toString();
        cards.last().keyRevoked = query.value(13).toInt() != 0;
    }
    return cards;
}

} // namespace tessera::server
