#include "media/mediastore.h"

#include "media/internal/medialogging.h"
#include "storage/database.h"
#include "storage/sqlstatement.h"
#include "storage/sqltransaction.h"

#include <QCryptographicHash>

namespace tessera {

MediaStore::MediaStore(QObject *parent)
    : QObject(parent)
{ }

MediaStore::MediaStore(std::shared_ptr<Database> database, qint64 maxBytes, QObject *parent)
    : QObject(parent)
    , m_database(std::move(database))
    , m_maxBytes(maxBytes)
{ }

MediaStore::~MediaStore() = default;

void MediaStore::setDatabase(std::shared_ptr<Database> database)
{
    m_database = std::move(database);
}

QString MediaStore::keyOf(const QString &url)
{
    return QString::fromLatin1(
        QCryptographicHash::hash(url.toUtf8(), QCryptographicHash::Sha256).toHex());
}

std::optional<qint64> MediaStore::nextUse() const
{
    SqlStatement select = m_database->prepare("SELECT COALESCE(MAX(lastUsed), 0) FROM media_cache");
    if (select.step() != SqlStatement::Step::Row)
        return std::nullopt;
    return select.columnInt64(0) + 1;
}

std::optional<MediaStore::Medium> MediaStore::find(const QString &key)
{
    if (!m_database)
        return std::nullopt;
    SqlStatement select =
        m_database->prepare("SELECT contentType, etag, bytes FROM media_cache WHERE key = ?1");
    select.bindText(1, key);
    if (select.step() != SqlStatement::Step::Row)
        return std::nullopt;
    Medium medium { select.columnText(0), select.columnUtf8(1), select.columnBlob(2) };
    // Used now: the last to go.
    const std::optional<qint64> use = nextUse();
    if (use) {
        SqlStatement touch =
            m_database->prepare("UPDATE media_cache SET lastUsed = ?1 WHERE key = ?2");
        touch.bindInt64(1, *use);
        touch.bindText(2, key);
        touch.exec();
    }
    return medium;
}

bool MediaStore::put(const QString &key, const Medium &medium)
{
    if (!m_database || medium.bytes.size() > m_maxBytes)
        return false;
    SqlTransaction transaction(*m_database);
    const std::optional<qint64> use = transaction.isActive() ? nextUse() : std::nullopt;
    if (!use) {
        qCWarning(lcMedia).noquote() << "cannot store a medium:" << transaction.error().describe();
        return false;
    }
    SqlStatement insert = m_database->prepare(
        "INSERT OR REPLACE INTO media_cache (key, contentType, etag, bytes, size, lastUsed)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    insert.bindText(1, key);
    insert.bindText(2, medium.contentType);
    insert.bindUtf8(3, medium.etag);
    insert.bindBlob(4, medium.bytes);
    insert.bindInt64(5, medium.bytes.size());
    insert.bindInt64(6, *use);
    if (!insert.exec()) {
        qCWarning(lcMedia).noquote() << "cannot store a medium:" << insert.error().describe();
        return false;
    }
    // The least recently used go until the rest fits: each row goes when the bytes of the rows
    // used after it (itself included) pass the bound. (A correlated sum: the SQLCipher build
    // here has no window functions; a cache holds hundreds of rows, not millions.)
    SqlStatement evict = m_database->prepare(
        "DELETE FROM media_cache WHERE (SELECT SUM(later.size) FROM media_cache later"
        " WHERE later.lastUsed >= media_cache.lastUsed) > ?1");
    evict.bindInt64(1, m_maxBytes);
    if (!evict.exec()) {
        qCWarning(lcMedia).noquote()
            << "cannot drop media past the bound:" << evict.error().describe();
        return false;
    }
    return transaction.commit();
}

qint64 MediaStore::totalBytes() const
{
    if (!m_database)
        return -1;
    SqlStatement select = m_database->prepare("SELECT COALESCE(SUM(size), 0) FROM media_cache");
    return select.step() == SqlStatement::Step::Row ? select.columnInt64(0) : -1;
}

} // namespace tessera
