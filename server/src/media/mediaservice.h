#pragma once

#include <QByteArray>
#include <QSqlDatabase>
#include <QString>

#include <chrono>
#include <optional>

namespace tessera::server {

class Clock;
class MediaRefs;
class Storage;

// Card media (docs/CARDS.md, "Media"): a sub-system's key (or a publisher, for their news posts)
// uploads an image, which is stored in the database once per owner and bytes; a person fetches it
// only while an object of their audience links to it (MediaRefs); media no object links to are
// deleted after unreferencedRetention. Blocking; runs on the worker pool.
class MediaService
{
public:
    // The body limit of an upload (DESIGN.md, second round, decision 2).
    static constexpr qint64 maxBytes = qint64(5) * 1024 * 1024;
    // How long a medium no object links to is kept (from its upload, or from when the last
    // object let go of it): time for a sub-system to upload first and put its card next.
    static constexpr std::chrono::hours unreferencedRetention { 24 * 7 };

    struct Medium
    {
        QString id;
        QString contentType;
        QString sha256; // lower-case hex
        qint64 size = 0;
        QByteArray bytes; // filled by fetchFor only
    };

    struct Upload
    {
        enum class Outcome { Created, Existing, Failed };
        Outcome outcome = Outcome::Failed;
        Medium medium;
    };

    enum class Fetch { Found, NotFound, Failed };

    // Who uploaded a medium: a sub-system's key, or a person with the publisher role (for their
    // own news posts); exactly one is set.
    struct Owner
    {
        QString apiKeyId;
        QString userId;

        static Owner key(const QString &apiKeyId) { return { apiKeyId, {} }; }
        static Owner person(const QString &userId) { return { {}, userId }; }
        bool isPerson() const { return apiKeyId.isEmpty(); }
        // The media table's column that holds the owner, and its value.
        QString column() const;
        const QString &id() const { return isPerson() ? userId : apiKeyId; }
    };

    MediaService(Storage &storage, const Clock &clock, const MediaRefs &refs);

    const MediaRefs &refs() const { return m_refs; }
    const Clock &clock() const { return m_clock; }

    // Stores bytes (of contentType, already checked against them) for owner; the same bytes by
    // the same owner again answer the medium stored first (Existing).
    Upload upload(const Owner &owner, const QString &contentType, const QByteArray &bytes);
    // The medium id with its bytes, when userId may see it (an object of theirs links to it);
    // NotFound for a medium that does not exist or that they may not see alike.
    Fetch fetchFor(const QString &userId, const QString &id, Medium *medium);
    // Deletes the media unreferenced for longer than unreferencedRetention; the number deleted,
    // nullopt when the database failed.
    std::optional<int> pruneUnreferenced();

private:
    static bool findByDigest(
        QSqlDatabase &db, const Owner &owner, const QString &sha256, Medium *medium);

    Storage &m_storage;
    const Clock &m_clock;
    const MediaRefs &m_refs;
};

} // namespace tessera::server
