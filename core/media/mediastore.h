#pragma once

#include <QByteArray>
#include <QObject>
#include <QString>

#include <memory>
#include <optional>

namespace tessera {

class Database;

// The card media cache in the session's SQLCipher database (the "media" feature's table): the
// bytes of each medium by its key (MediaStore::keyOf its URL), at most maxBytes in all; storing
// past that drops the least recently used (read or stored) first. The bytes are encrypted at
// rest with the rest of the database. Without a database every read answers nothing and every
// write fails; setDatabase(nullptr) drops it (sign-out deletes the file). Not thread-safe: use it
// from one thread, like Database.
class MediaStore : public QObject
{
    Q_OBJECT
public:
    static constexpr qint64 defaultMaxBytes = qint64(50) * 1024 * 1024;

    struct Medium
    {
        QString contentType;
        QByteArray etag;
        QByteArray bytes;
    };

    explicit MediaStore(QObject *parent = nullptr);
    MediaStore(std::shared_ptr<Database> database, qint64 maxBytes = defaultMaxBytes,
        QObject *parent = nullptr);
    ~MediaStore() override;

    void setDatabase(std::shared_ptr<Database> database);
    bool hasDatabase() const { return m_database != nullptr; }
    qint64 maxBytes() const { return m_maxBytes; }

    // The key of a medium's URL: its SHA-256 in lower-case hex (also what an image URL of the
    // app names, so that no server URL appears in QML).
    static QString keyOf(const QString &url);

    // The medium stored under key (it becomes the most recently used); nullopt when none.
    std::optional<Medium> find(const QString &key);
    // Stores (or replaces) the medium under key as the most recently used, then drops the least
    // recently used others until the cache fits maxBytes; false when it failed or the medium alone
    // is larger than maxBytes (nothing is stored then).
    bool put(const QString &key, const Medium &medium);
    // The bytes of every medium stored; -1 without a database.
    qint64 totalBytes() const;

private:
    std::optional<qint64> nextUse() const;

    std::shared_ptr<Database> m_database;
    qint64 m_maxBytes = defaultMaxBytes;
};

} // namespace tessera
