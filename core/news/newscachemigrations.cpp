#include "news/newscachemigrations.h"

namespace tessera {

QList<Migration> newsCacheMigrations()
{
    return {
        // The posts as the server last gave them (times in ms since the epoch, expiresAt NULL:
        // never; card the Adaptive Card's compact JSON or NULL; read 1 once read here or on the
        // server), listed pinned first, then newest first; the delta cursor of GET /v1/news in
        // news_sync; the ids marked read here and not yet taken by POST /v1/news/read in
        // news_read_outbox (nextAttemptAt NULL: due now).
        Migration::fromSql(1, QStringLiteral("News posts, their sync cursor and read outbox"),
            QByteArrayLiteral("CREATE TABLE news_posts ("
                              " id TEXT PRIMARY KEY NOT NULL,"
                              " title TEXT NOT NULL,"
                              " summary TEXT NOT NULL,"
                              " body TEXT NOT NULL,"
                              " card TEXT,"
                              " image TEXT,"
                              " category TEXT NOT NULL,"
                              " pinned INTEGER NOT NULL,"
                              " publishedAt INTEGER NOT NULL,"
                              " expiresAt INTEGER,"
                              " version INTEGER NOT NULL,"
                              " read INTEGER NOT NULL,"
                              " source TEXT NOT NULL);"
                              "CREATE INDEX news_posts_order ON news_posts"
                              " (pinned DESC, publishedAt DESC, id DESC);"
                              "CREATE TABLE news_sync ("
                              " name TEXT PRIMARY KEY NOT NULL,"
                              " value TEXT NOT NULL);"
                              "CREATE TABLE news_read_outbox ("
                              " id TEXT PRIMARY KEY NOT NULL,"
                              " queuedAt INTEGER NOT NULL,"
                              " nextAttemptAt INTEGER);")),
        // stale: marked by a reset of the server's (DeltaStore::beginReset) until a page of it
        // lists the posts again (INSERT OR REPLACE writes the default); the sweep deletes the rest.
        Migration::fromSql(2, QStringLiteral("Posts a reset has not listed again"),
            QByteArrayLiteral(
                "ALTER TABLE news_posts ADD COLUMN stale INTEGER NOT NULL DEFAULT 0;")),
    };
}

} // namespace tessera
