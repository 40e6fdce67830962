#include "media/mediacachemigrations.h"

namespace tessera {

QList<Migration> mediaCacheMigrations()
{
    return {
        // One medium of the own server by the SHA-256 of its URL (hex): its bytes as served,
        // their Content-Type and ETag, and a use counter (larger: used more recently) for
        // evicting the least recently used past MediaStore's bound.
        Migration::fromSql(1, QStringLiteral("Card media cache"),
            QByteArrayLiteral("CREATE TABLE media_cache ("
                              " key TEXT PRIMARY KEY NOT NULL,"
                              " contentType TEXT NOT NULL,"
                              " etag TEXT NOT NULL,"
                              " bytes BLOB NOT NULL,"
                              " size INTEGER NOT NULL,"
                              " lastUsed INTEGER NOT NULL);"
                              "CREATE INDEX media_cache_used ON media_cache (lastUsed);")),
    };
}

} // namespace tessera
