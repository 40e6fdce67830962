#include "media/mediamigrations.h"

namespace tessera::server {

const QList<Migration> &mediaMigrations()
{
    static const QList<Migration> migrations = {
        { 1, QStringLiteral("Card media and the objects that link to them"),
            {
                // An image a key uploaded (MediaService): id is the server's (opaque), sha256 the
                // bytes' digest in lower-case hex (one row per key and bytes: an upload of the
                // same bytes answers the same id), content_type the one its magic number shows.
                // unreferenced_since: when the last object linking to it let go of it (its upload
                // time until one links to it); NULL while an object links to it. The retention
                // sweep deletes a row unreferenced for MediaService::unreferencedRetention.
                QStringLiteral("CREATE TABLE media ("
                               " id TEXT PRIMARY KEY,"
                               " api_key_id TEXT NOT NULL REFERENCES api_keys(id),"
                               " sha256 TEXT NOT NULL,"
                               " content_type TEXT NOT NULL,"
                               " size BIGINT NOT NULL,"
                               " bytes {{BLOB}} NOT NULL,"
                               " created_at TEXT NOT NULL,"
                               " unreferenced_since TEXT)"),
                QStringLiteral(
                    "CREATE UNIQUE INDEX media_key_sha256 ON media (api_key_id, sha256)"),
                QStringLiteral("CREATE INDEX media_unreferenced ON media (unreferenced_since)"),
                // Who may see a medium: one row per object (kind "card", "service", ...; its
                // server id) and medium it links to, with the object's audience
                // (Audience::toText) and end (expires_at, RFC 3339; NULL: none). Written in the
                // object's own transaction when it is put, replaced or withdrawn (MediaRefs).
                QStringLiteral("CREATE TABLE media_refs ("
                               " kind TEXT NOT NULL,"
                               " object_id TEXT NOT NULL,"
                               " media_id TEXT NOT NULL REFERENCES media(id),"
                               " audience TEXT NOT NULL,"
                               " expires_at TEXT,"
                               " PRIMARY KEY (kind, object_id, media_id))"),
                QStringLiteral("CREATE INDEX media_refs_media ON media_refs (media_id)"),
            } },
        { 2, QStringLiteral("Media a person with the publisher role uploaded, besides a key's"),
            {
                // A medium is a key's (api_key_id) or a person's (user_id: a publisher's, for
                // their own news posts), never both; one row per owner and bytes. SQLite cannot
                // drop a NOT NULL: both tables are rebuilt (media_refs references media), the
                // new ones filled first, then the old dropped (refs first) and the new renamed,
                // then the indexes of migration 1 made again.
                QStringLiteral("CREATE TABLE media_new ("
                               " id TEXT PRIMARY KEY,"
                               " api_key_id TEXT REFERENCES api_keys(id),"
                               " user_id TEXT REFERENCES users(id),"
                               " sha256 TEXT NOT NULL,"
                               " content_type TEXT NOT NULL,"
                               " size BIGINT NOT NULL,"
                               " bytes {{BLOB}} NOT NULL,"
                               " created_at TEXT NOT NULL,"
                               " unreferenced_since TEXT,"
                               " CHECK ((api_key_id IS NULL) <> (user_id IS NULL)))"),
                QStringLiteral("INSERT INTO media_new (id, api_key_id, user_id, sha256,"
                               " content_type, size, bytes, created_at, unreferenced_since)"
                               " SELECT id, api_key_id, NULL, sha256, content_type, size, bytes,"
                               " created_at, unreferenced_since FROM media"),
                QStringLiteral("CREATE TABLE media_refs_new ("
                               " kind TEXT NOT NULL,"
                               " object_id TEXT NOT NULL,"
                               " media_id TEXT NOT NULL REFERENCES media_new(id),"
                               " audience TEXT NOT NULL,"
                               " expires_at TEXT,"
                               " PRIMARY KEY (kind, object_id, media_id))"),
                QStringLiteral("INSERT INTO media_refs_new (kind, object_id, media_id, audience,"
                               " expires_at) SELECT kind, object_id, media_id, audience,"
                               " expires_at FROM media_refs"),
                QStringLiteral("DROP TABLE media_refs"),
                QStringLiteral("DROP TABLE media"),
                QStringLiteral("ALTER TABLE media_new RENAME TO media"),
                QStringLiteral("ALTER TABLE media_refs_new RENAME TO media_refs"),
                QStringLiteral(
                    "CREATE UNIQUE INDEX media_key_sha256 ON media (api_key_id, sha256)"),
                QStringLiteral("CREATE UNIQUE INDEX media_user_sha256 ON media (user_id, sha256)"),
                QStringLiteral("CREATE INDEX media_unreferenced ON media (unreferenced_since)"),
                QStringLiteral("CREATE INDEX media_refs_media ON media_refs (media_id)"),
            } },
    };
    return migrations;
}

} // namespace tessera::server
