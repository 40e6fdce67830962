#include "cards/cardsmigrations.h"

namespace tessera::server {

const QList<Migration> &cardsMigrations()
{
    static const QList<Migration> migrations = {
        { 1, QStringLiteral("Home cards, and the hosts a key's cards may link to"),
            {
                // A sub-system's Home card (CardStore): id is the server's (opaque), card_id the
                // sub-system's own, unique per key; card the card as sent (validated), audience
                // as Audience::toText, previous_audience the one before the last change (for
                // hints). A deleted card stays as a tombstone (deleted = 1) so that a delta read
                // names it under removed; change_id is the change feed's cursor of its last
                // change (the delta read's order).
                QStringLiteral("CREATE TABLE cards ("
                               " id TEXT PRIMARY KEY,"
                               " api_key_id TEXT NOT NULL REFERENCES api_keys(id),"
                               " card_id TEXT NOT NULL,"
                               " card TEXT NOT NULL,"
                               " audience TEXT NOT NULL,"
                               " previous_audience TEXT,"
                               " sort_order INTEGER NOT NULL DEFAULT 0,"
                               " expires_at TEXT,"
                               " version INTEGER NOT NULL,"
                               " updated_at TEXT NOT NULL,"
                               " deleted INTEGER NOT NULL DEFAULT 0,"
                               " change_id BIGINT NOT NULL)"),
                QStringLiteral("CREATE UNIQUE INDEX cards_key_card ON cards (api_key_id, card_id)"),
                QStringLiteral("CREATE INDEX cards_changes ON cards (change_id)"),
                // The hosts (lower-case DNS names, separated by spaces) a key's cards may link
                // to besides the server's own.
                QStringLiteral("ALTER TABLE api_keys ADD COLUMN card_hosts TEXT NOT NULL"
                               " DEFAULT ''"),
            } },
        { 2, QStringLiteral("the audiences a card has had"),
            {
                // The distinct audiences the card has had (AudienceHistory: a JSON array of
                // Audience::toText objects, at most 16, or "*" past them): a delta read names it
                // under removed only to a person in one of them. Filled from what a row knows: its
                // audience and the one before its last change.
                QStringLiteral("ALTER TABLE cards ADD COLUMN audiences TEXT"),
                QStringLiteral("UPDATE cards SET audiences = CASE WHEN previous_audience IS NULL"
                               " OR previous_audience = '' OR previous_audience = audience"
                               " THEN '[' || audience || ']'"
                               " ELSE '[' || previous_audience || ',' || audience || ']' END"),
            } },
    };
    return migrations;
}

} // namespace tessera::server
