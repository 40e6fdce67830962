#pragma once

#include <QList>
#include <QSet>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

#include <optional>

namespace tessera::server {

// Who publishes a post: a sub-system's API key or a person with the publisher role (exactly one
// of the two ids is set). A post id is unique per owner.
struct NewsOwner
{
    QString apiKeyId;
    QString userId;

    static NewsOwner key(const QString &apiKeyId) { return { apiKeyId, {} }; }
    static NewsOwner person(const QString &userId) { return { {}, userId }; }
};

// One row of news_posts: a sub-system's or a publisher's post, scheduled, published, expired or
// the tombstone of a deleted one.
struct StoredPost
{
    QString id; // the server's, "news_..."
    QString apiKeyId; // empty for a person's post
    QString authorId; // the publisher's user id; empty for a key's post
    QString postId; // the sub-system's
    QString title;
    QString summary;
    QString body; // markdown, may be empty
    QString card; // compact JSON; empty: none
    QString image; // URL; empty: none
    QString category;
    QString audience; // Audience::toText
    QString previousAudience; // before the last change; empty for a new post
    bool pinned = false;
    QString publishAt; // RFC 3339
    QString expiresAt; // RFC 3339, empty: never
    int version = 0;
    QString updatedAt;
    bool published = false; // its publication is in the change feed
    bool expired = false; // its expiry is in the change feed
    bool deleted = false;
    qint64 cursor = 0; // the change feed's cursor of its last change; 0: none
    QString source; // the key's sub-system name or the person's display name (read with the key)
    bool keyRevoked = false; // (read with the key only)
    bool read = false; // the reader's read mark (read for a reader only)

    NewsOwner owner() const { return { apiKeyId, authorId }; }

    // Shown to its audience at now (RFC 3339 text, compared as text: both UTC): published,
    // neither deleted nor expired, its key not revoked.
    bool isShown(const QString &now) const
    {
        return published && !deleted && !keyRevoked && (expiresAt.isEmpty() || expiresAt > now);
    }
};

// The SQL of news_posts and news_reads; runs in the caller's transaction where there is one.
// Every read answers nullopt (or false) when the database fails.
class NewsRepository
{
public:
    // The owner's post postId (in any state) into *post (nullopt when there is none).
    static bool find(QSqlDatabase &db, const NewsOwner &owner, const QString &postId,
        std::optional<StoredPost> *post);
    // The post ids of the key's posts not deleted (in any other state).
    static std::optional<QStringList> undeletedIdsOfKey(QSqlDatabase &db, const QString &apiKeyId);
    // Inserts post, or (update) writes every changing column of the row with post.id.
    static bool write(QSqlDatabase &db, const StoredPost &post, bool update);
    // The posts of ids (server ids) that exist, with their key or author; with reader's read
    // marks when reader is a user id.
    static std::optional<QList<StoredPost>> withIds(
        QSqlDatabase &db, const QStringList &ids, const QString &reader = {});
    // Posts whose last change is after since, in cursor order, at most limit, with their key or
    // author and reader's read marks (one join, not a second query); liveOnly: only those shown
    // at now (a first sync has nothing to remove).
    static std::optional<QList<StoredPost>> changedSince(QSqlDatabase &db, const QString &reader,
        qint64 since, int limit, bool liveOnly, const QString &now);
    // Not yet published, not deleted, publishAt reached at now: at most limit, oldest first.
    static std::optional<QList<StoredPost>> dueToPublish(
        QSqlDatabase &db, const QString &now, int limit);
    // Published, not deleted, expiry reached at now and not yet in the feed.
    static std::optional<QList<StoredPost>> dueToExpire(
        QSqlDatabase &db, const QString &now, int limit);

    // A person's read marks: (post id, cursor) after since, in cursor order, at most limit.
    struct ReadMark
    {
        QString postId;
        qint64 cursor = 0;
    };
    static std::optional<QList<ReadMark>> readsSince(
        QSqlDatabase &db, const QString &userId, qint64 since, int limit);
    // Of postIds, those userId has marked read.
    static std::optional<QSet<QString>> readAmong(
        QSqlDatabase &db, const QString &userId, const QStringList &postIds);
    static bool insertRead(QSqlDatabase &db, const QString &postId, const QString &userId,
        const QString &at, qint64 cursor);
    // Forgets who read the post (deleted: it is no one's any more).
    static bool deleteReads(QSqlDatabase &db, const QString &postId);
    // Who marked the post read.
    static std::optional<QStringList> readers(QSqlDatabase &db, const QString &postId);
};

} // namespace tessera::server
