#pragma once

#include "news/newspage.h"
#include "news/newsrepository.h"
#include "news/newsrequest.h"

#include <QSqlDatabase>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

namespace tessera::server {

class ChangeFeed;
class Clock;
class FormCheck;

// News posts: a sub-system puts, replaces and deletes its posts; people read those of their
// audience since a cursor and mark them read; the publisher gets counts. A post's publication
// (at once, or at its publishAt by the scheduled job: publishDue), every change of a published
// post, its expiry and its deletion are changes of kind "news" in the change feed, whose live
// hint reaches the people of its old and new audience; a read mark is a change of the person
// who read only.
class NewsService
{
public:
    static constexpr int pageSize = 200;
    static constexpr int maxReadIds = 500;
    // Posts one run of the scheduled job publishes or expires (the next run takes the rest).
    static constexpr int sweepBatch = 200;

    struct PutResult
    {
        enum class Outcome { Created, Replaced, Failed };
        Outcome outcome = Outcome::Failed;
        StoredPost post;
    };
    enum class RemoveOutcome { Removed, NotFound, Failed };

    struct Stats
    {
        enum class Outcome { Found, NotFound, Failed };
        Outcome outcome = Outcome::Failed;
        QString id;
        qsizetype audience = 0; // people in its audience now
        qsizetype read = 0; // of them, those who marked it read
    };

    struct ReadResult
    {
        bool ok = false;
        QStringList read; // visible to the person: marked now or before
        QStringList ignored; // unknown, withdrawn, unpublished or outside the audience
    };

    using Page = NewsPage;

    // Called in the transaction of every write of a post (a deletion's tombstone, a publication
    // and an expiry too) with the post as written: what other features keep about posts (the
    // media they link to) changes with it. false rolls the write back.
    using WriteHook = std::function<bool(QSqlDatabase &db, const StoredPost &post)>;

    NewsService(ChangeFeed &feed, const Clock &clock, const FormCheck &formCheck);

    // Set once, before any request.
    void setWriteHook(WriteHook hook) { m_writeHook = std::move(hook); }

    static QString changeKind(); // "news"

    const Clock &clock() const { return m_clock; }
    QSqlDatabase connection() const;
    // The hosts the owner's posts may link to (the server's own, and a key's card hosts; a
    // person has none of their own); nullopt when the database fails.
    std::optional<QStringList> allowedHosts(QSqlDatabase &db, const NewsOwner &owner) const;

    // The owner is the key or the publisher (a person's posts are theirs alone).
    PutResult put(const NewsOwner &owner, const QString &postId, const NewsRequest &request);
    RemoveOutcome remove(const NewsOwner &owner, const QString &postId);
    // Deletes every post of a revoked key, each as remove() does (its audience hinted, listed
    // under removed); false when the database failed (the posts left are still shown to no one).
    bool removeAllOfKey(const QString &apiKeyId);
    Stats stats(const NewsOwner &owner, const QString &postId);
    // Marks the posts ids (server ids) read for userId, each once; idempotent.
    ReadResult markRead(const QString &userId, const QStringList &ids);
    // What userId sees of the posts changed after since (every shown post of theirs for 0).
    Page changesFor(const QString &userId, qint64 since);
    // The scheduled job's work: publishes the posts whose publishAt has come and records the
    // expiries that have; false when the database failed.
    bool publishDue();

private:
    enum class Written { Changed, Unchanged, Failed };
    // What a write makes of the row as the transaction reads it (nullopt: nothing to write).
    using Mutation = std::function<std::optional<StoredPost>(
        const std::optional<StoredPost> &existing, const QString &now)>;
    // Writes what mutate makes of the owner's post postId, whose audience becomes audience (empty:
    // unchanged). A post that was or is published records a broadcast change hinting the
    // people of its old and new audience (resolved outside the feed's lock, again when another
    // writer changed the audience meanwhile). *written (when given) is the row written.
    Written write(const NewsOwner &owner, const QString &postId, const QString &audience,
        const Mutation &mutate, StoredPost *written = nullptr, bool *existed = nullptr);

    ChangeFeed &m_feed;
    const Clock &m_clock;
    const FormCheck &m_formCheck;
    WriteHook m_writeHook;
};

} // namespace tessera::server
