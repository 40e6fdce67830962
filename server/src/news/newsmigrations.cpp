#include "news/newsmigrations.h"

namespace tessera::server {

const QList<Migration> &newsMigrations()
{
    static const QList<Migration> migrations = {
        { 1, QStringLiteral("News posts and the read marks of people who read them"),
            {
                // A sub-system's news post (NewsRepository): ONE row per post, its audience as
                // Audience::toText however many people it reaches. id is the server's
                // ("news_..."), post_id the sub-system's own, unique per key. published: its
                // publication has entered the change feed (publish_at reached and the scheduled
                // job, or the put itself, recorded it); expired: its expiry has. A deleted post
                // stays as a tombstone without content (deleted = 1) so that a delta read names
                // it under removed; change_id is the change feed's cursor of its last change
                // (0: never in the feed).
                QStringLiteral("CREATE TABLE news_posts ("
                               " id TEXT PRIMARY KEY,"
                               " api_key_id TEXT NOT NULL REFERENCES api_keys(id),"
                               " post_id TEXT NOT NULL,"
                               " title TEXT NOT NULL,"
                               " summary TEXT NOT NULL,"
                               " body TEXT NOT NULL,"
                               " card TEXT,"
                               " image TEXT,"
                               " category TEXT NOT NULL,"
                               " audience TEXT NOT NULL,"
                               " previous_audience TEXT,"
                               " pinned INTEGER NOT NULL DEFAULT 0,"
                               " publish_at TEXT NOT NULL,"
                               " expires_at TEXT,"
                               " version INTEGER NOT NULL,"
                               " updated_at TEXT NOT NULL,"
                               " published INTEGER NOT NULL DEFAULT 0,"
                               " expired INTEGER NOT NULL DEFAULT 0,"
                               " deleted INTEGER NOT NULL DEFAULT 0,"
                               " change_id BIGINT NOT NULL DEFAULT 0)"),
                QStringLiteral(
                    "CREATE UNIQUE INDEX news_posts_key_post ON news_posts (api_key_id, post_id)"),
                QStringLiteral("CREATE INDEX news_posts_changes ON news_posts (change_id)"),
                QStringLiteral("CREATE INDEX news_posts_due ON news_posts (published, publish_at)"),
                // A person's read mark: written only when they mark the post read
                // (POST /v1/news/read), never per reader at publication. change_id is the
                // cursor of the person's own change (the post comes again with read: true).
                QStringLiteral("CREATE TABLE news_reads ("
                               " post_id TEXT NOT NULL REFERENCES news_posts(id),"
                               " user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
                               " read_at TEXT NOT NULL,"
                               " change_id BIGINT NOT NULL,"
                               " PRIMARY KEY (post_id, user_id))"),
                QStringLiteral("CREATE INDEX news_reads_person ON news_reads (user_id, change_id)"),
            } },
        { 2, QStringLiteral("News posts of a person with the publisher role besides a key's"),
            {
                // A post is a key's (api_key_id) or a person's (author_id: a person
                // with the publisher role), never both; post_id is unique per owner. SQLite
                // cannot drop a NOT NULL: both tables are rebuilt (news_reads references
                // news_posts), the new ones filled first, then the old dropped (reads first) and
                // the new renamed (SQLite rewrites news_reads_new's reference with the rename;
                // PostgreSQL's follows the table), then the indexes of migration 1 made again.
                QStringLiteral("CREATE TABLE news_posts_new ("
                               " id TEXT PRIMARY KEY,"
                               " api_key_id TEXT REFERENCES api_keys(id),"
                               " author_id TEXT REFERENCES users(id),"
                               " post_id TEXT NOT NULL,"
                               " title TEXT NOT NULL,"
                               " summary TEXT NOT NULL,"
                               " body TEXT NOT NULL,"
                               " card TEXT,"
                               " image TEXT,"
                               " category TEXT NOT NULL,"
                               " audience TEXT NOT NULL,"
                               " previous_audience TEXT,"
                               " pinned INTEGER NOT NULL DEFAULT 0,"
                               " publish_at TEXT NOT NULL,"
                               " expires_at TEXT,"
                               " version INTEGER NOT NULL,"
                               " updated_at TEXT NOT NULL,"
                               " published INTEGER NOT NULL DEFAULT 0,"
                               " expired INTEGER NOT NULL DEFAULT 0,"
                               " deleted INTEGER NOT NULL DEFAULT 0,"
                               " change_id BIGINT NOT NULL DEFAULT 0,"
                               " CHECK ((api_key_id IS NULL) <> (author_id IS NULL)))"),
                QStringLiteral("INSERT INTO news_posts_new (id, api_key_id, author_id, post_id,"
                               " title, summary, body, card, image, category, audience,"
                               " previous_audience, pinned, publish_at, expires_at, version,"
                               " updated_at, published, expired, deleted, change_id)"
                               " SELECT id, api_key_id, NULL, post_id, title, summary, body, card,"
                               " image, category, audience, previous_audience, pinned, publish_at,"
                               " expires_at, version, updated_at, published, expired, deleted,"
                               " change_id FROM news_posts"),
                QStringLiteral("CREATE TABLE news_reads_new ("
                               " post_id TEXT NOT NULL REFERENCES news_posts_new(id),"
                               " user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
                               " read_at TEXT NOT NULL,"
                               " change_id BIGINT NOT NULL,"
                               " PRIMARY KEY (post_id, user_id))"),
                QStringLiteral("INSERT INTO news_reads_new (post_id, user_id, read_at, change_id)"
                               " SELECT post_id, user_id, read_at, change_id FROM news_reads"),
                QStringLiteral("DROP TABLE news_reads"),
                QStringLiteral("DROP TABLE news_posts"),
                QStringLiteral("ALTER TABLE news_posts_new RENAME TO news_posts"),
                QStringLiteral("ALTER TABLE news_reads_new RENAME TO news_reads"),
                QStringLiteral(
                    "CREATE UNIQUE INDEX news_posts_key_post ON news_posts (api_key_id, post_id)"),
                QStringLiteral("CREATE UNIQUE INDEX news_posts_author_post ON news_posts"
                               " (author_id, post_id)"),
                QStringLiteral("CREATE INDEX news_posts_changes ON news_posts (change_id)"),
                QStringLiteral("CREATE INDEX news_posts_due ON news_posts (published, publish_at)"),
                QStringLiteral("CREATE INDEX news_reads_person ON news_reads (user_id, change_id)"),
            } },
        { 3, QStringLiteral("the audiences a post has had"),
            {
                // The distinct audiences the post has had (AudienceHistory: a JSON array of
                // Audience::toText objects, at most 16, or "*" past them): a delta read names it
                // under removed only to a person in one of them. Filled from what a row knows: its
                // audience and the one before its last change.
                QStringLiteral("ALTER TABLE news_posts ADD COLUMN audiences TEXT"),
                QStringLiteral(
                    "UPDATE news_posts SET audiences = CASE WHEN previous_audience IS NULL"
                    " OR previous_audience = '' OR previous_audience = audience"
                    " THEN '[' || audience || ']'"
                    " ELSE '[' || previous_audience || ',' || audience || ']' END"),
            } },
    };
    return migrations;
}

} // namespace tessera::server
