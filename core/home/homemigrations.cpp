#include "home/homemigrations.h"

namespace tessera {

QList<Migration> homeMigrations()
{
    return {
        // The cards as the server last gave them (expiresAt in ms since the epoch, NULL: never;
        // card is the Adaptive Card's compact JSON), listed by sortOrder then id; the delta
        // cursor of GET /v1/cards in home_sync.
        Migration::fromSql(1, QStringLiteral("Home cards and their sync cursor"),
            QByteArrayLiteral("CREATE TABLE home_cards ("
                              " id TEXT PRIMARY KEY NOT NULL,"
                              " card TEXT NOT NULL,"
                              " sortOrder INTEGER NOT NULL,"
                              " expiresAt INTEGER,"
                              " version INTEGER NOT NULL,"
                              " updatedAt TEXT NOT NULL,"
                              " source TEXT NOT NULL);"
                              "CREATE INDEX home_cards_order ON home_cards (sortOrder, id);"
                              "CREATE TABLE home_sync ("
                              " name TEXT PRIMARY KEY NOT NULL,"
                              " value TEXT NOT NULL);")),
        // stale: marked by a reset of the server's (DeltaStore::beginReset) until a page of it
        // lists the cards again (INSERT OR REPLACE writes the default); the sweep deletes the rest.
        Migration::fromSql(2, QStringLiteral("Cards a reset has not listed again"),
            QByteArrayLiteral(
                "ALTER TABLE home_cards ADD COLUMN stale INTEGER NOT NULL DEFAULT 0;")),
    };
}

} // namespace tessera
