#pragma once

#include "news/newspost.h"
#include "storage/deltastore.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

namespace tessera {

class Database;

// News's cache in the session's SQLCipher database (the "news" feature's tables): the posts by
// the server's id with the delta cursor (news_sync), written together (DeltaStore), and the read
// outbox: markRead() takes the unread mark off at once (it survives a restart) and queues the id
// for POST /v1/news/read (NewsReadOutbox sends it); a page that brings the post again unread
// while its id still waits keeps it read. Without a database every read answers nothing and every
// write fails. Not thread-safe: use it from one thread, like Database.
class NewsStore : public DeltaStore
{
    Q_OBJECT
public:
    explicit NewsStore(QObject *parent = nullptr);
    NewsStore(std::shared_ptr<Database> database, QObject *parent = nullptr);
    ~NewsStore() override;

    // The posts not expired at now: pinned first, then newest first (publishedAt, then id).
    QList<NewsPost> posts(const QDateTime &now = QDateTime::currentDateTimeUtc()) const;
    // One post, unless it has expired at now (the list and a post's page agree).
    std::optional<NewsPost> post(
        const QString &id, const QDateTime &now = QDateTime::currentDateTimeUtc()) const;
    int unreadCount(const QDateTime &now = QDateTime::currentDateTimeUtc()) const;

    // One page of a delta: its posts upserted, its removed ids dropped (and their waiting read
    // marks) and the cursor stored, in one transaction (nothing changes when any of it fails).
    bool applyDelta(
        const QList<NewsPost> &posts, const QStringList &removed, const QString &cursor);

    // Marks the stored, unread ones of ids read and queues them for the server, in one
    // transaction; answers how many it marked (0 when none was unread or on failure).
    int markRead(const QStringList &ids);
    // Every unread post not expired at now.
    int markAllRead(const QDateTime &now = QDateTime::currentDateTimeUtc());

    // The read outbox: ids due at now (oldest first, at most limit), how many wait, the earliest
    // next attempt (invalid: none waits; at or before now: due), done (dropped) and deferred.
    QStringList dueReads(const QDateTime &now, int limit) const;
    int pendingReadCount() const;
    QDateTime nextReadAttempt() const;
    bool readsDone(const QStringList &ids);
    bool readsDeferred(const QStringList &ids, const QDateTime &nextAttemptAt);
    // Every waiting id due now (the server is back).
    bool makeReadsDue();

Q_SIGNALS:
    // markRead() queued ids: the outbox has something to send.
    void readsQueued();

private:
    static bool write(Database &database, const NewsPost &post);
    static bool drop(Database &database, const QString &id);
};

} // namespace tessera
