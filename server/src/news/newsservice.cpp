#include "news/newsservice.h"

#include "audience/audience.h"
#include "audience/audiencemember.h"
#include "base/clock.h"
#include "base/serverlogging.h"
#include "cards/formcheck.h"
#include "crypto/randomtokens.h"
#include "feed/audiencewrite.h"
#include "feed/changefeed.h"
#include "feed/changetransaction.h"
#include "feed/keytakedown.h"
#include "protocol/wiretime.h"
#include "storage/storage.h"

#include <QJsonDocument>
#include <QSet>

#include <algorithm>

namespace tessera::server {

NewsService::NewsService(ChangeFeed &feed, const Clock &clock, const FormCheck &formCheck)
    : m_feed(feed)
    , m_clock(clock)
    , m_formCheck(formCheck)
{
    m_feed.registerKind(changeKind());
}

QString NewsService::changeKind()
{
    return QStringLiteral("news");
}

QSqlDatabase NewsService::connection() const
{
    return m_feed.storage().connection();
}

std::optional<QStringList> NewsService::allowedHosts(QSqlDatabase &db, const NewsOwner &owner) const
{
    // No key has the empty id: a person's posts get the server's own hosts only.
    return m_formCheck.allowedHosts(db, owner.apiKeyId);
}

NewsService::Written NewsService::write(const NewsOwner &owner, const QString &postId,
    const QString &audience, const Mutation &mutate, StoredPost *written, bool *existed)
{
    QString previous; // the stored audience the people were resolved for
    Written result = Written::Failed;
    const auto audiences = [&](QSqlDatabase &db) -> std::optional<QStringList> {
        std::optional<StoredPost> seen;
        if (!NewsRepository::find(db, owner, postId, &seen))
            return std::nullopt;
        previous = seen ? seen->audience : QString();
        return QStringList { previous, audience.isEmpty() ? previous : audience };
    };
    const auto step = [&](ChangeTransaction &transaction, const QStringList &people) {
        QSqlDatabase &tdb = transaction.db();
        std::optional<StoredPost> existing;
        if (!NewsRepository::find(tdb, owner, postId, &existing))
            return AudienceWrite::Step::Failed;
        if ((existing ? existing->audience : QString()) != previous)
            return AudienceWrite::Step::Stale;
        const QString now = wiretime::format(m_clock.now());
        std::optional<StoredPost> post = mutate(existing, now);
        if (!post) {
            result = Written::Unchanged;
            return AudienceWrite::Step::Done;
        }
        post->previousAudience = previous;
        // A post nobody has seen (scheduled, never published) changes nobody's feed.
        if ((existing && existing->published) || post->published) {
            const std::optional<qint64> cursor = transaction.record(Change {
                changeKind(), people, post->audience.isEmpty() ? previous : post->audience, 0 });
            if (!cursor)
                return AudienceWrite::Step::Failed;
            post->cursor = *cursor;
        }
        if (!NewsRepository::write(tdb, *post, existing.has_value())
            || (post->deleted && !NewsRepository::deleteReads(tdb, post->id))
            || (m_writeHook && !m_writeHook(tdb, *post)) || !transaction.commit())
            return AudienceWrite::Step::Failed;
        if (written)
            *written = *post;
        if (existed)
            *existed = existing && !existing->deleted;
        result = Written::Changed;
        return AudienceWrite::Step::Done;
    };
    return AudienceWrite::run(m_feed, audiences, step) ? result : Written::Failed;
}

NewsService::PutResult NewsService::put(
    const NewsOwner &owner, const QString &postId, const NewsRequest &request)
{
    const QString audience = request.audience.toText();
    const Mutation mutate = [&](const std::optional<StoredPost> &existing, const QString &now) {
        // A post put again after its deletion keeps its id: an app that still shows it
        // replaces it.
        StoredPost post = existing.value_or(StoredPost {});
        if (!existing) {
            post.id = randomtokens::urlSafe(QStringLiteral("news_"), 12);
            post.apiKeyId = owner.apiKeyId;
            post.authorId = owner.userId;
            post.postId = postId;
        }
        post.title = request.title;
        post.summary = request.summary;
        post.body = request.body;
        post.card = request.card
            ? QString::fromUtf8(QJsonDocument(*request.card).toJson(QJsonDocument::Compact))
            : QString();
        post.image = request.image;
        post.category = request.category;
        post.audience = audience;
        post.pinned = request.pinned;
        post.publishAt = wiretime::format(request.publishAt);
        post.expiresAt = request.expiresAt ? wiretime::format(*request.expiresAt) : QString();
        post.version += 1;
        post.updatedAt = now;
        post.deleted = false;
        post.expired = false;
        // Published at once when its time has come; else the scheduled job publishes it then.
        post.published = post.publishAt <= now;
        return std::optional<StoredPost>(post);
    };
    PutResult result;
    bool existed = false;
    switch (write(owner, postId, audience, mutate, &result.post, &existed)) {
    case Written::Changed:
        result.outcome = existed ? PutResult::Outcome::Replaced : PutResult::Outcome::Created;
        break;
    case Written::Unchanged:
    case Written::Failed:
        break;
    }
    return result;
}

NewsService::RemoveOutcome NewsService::remove(const NewsOwner &owner, const QString &postId)
{
    const Mutation mutate = [](const std::optional<StoredPost> &existing, const QString &now) {
        if (!existing || existing->deleted)
            return std::optional<StoredPost>();
        // The tombstone keeps no content: the id, for the removed lists, and who it was for.
        StoredPost post = *existing;
        post.title = post.summary = post.body = post.card = post.image = post.category = QString();
        post.version += 1;
        post.updatedAt = now;
        post.deleted = true;
        return std::optional<StoredPost>(post);
    };
    switch (write(owner, postId, {}, mutate)) {
    case Written::Changed:
        return RemoveOutcome::Removed;
    case Written::Unchanged:
        return RemoveOutcome::NotFound;
    case Written::Failed:
        break;
    }
    return RemoveOutcome::Failed;
}

bool NewsService::removeAllOfKey(const QString &apiKeyId)
{
    return KeyTakedown::run(
        connection(),
        [&apiKeyId](QSqlDatabase &db) { return NewsRepository::undeletedIdsOfKey(db, apiKeyId); },
        [&](const QString &postId) {
            return remove(NewsOwner::key(apiKeyId), postId) != RemoveOutcome::Failed;
        });
}

NewsService::Stats NewsService::stats(const NewsOwner &owner, const QString &postId)
{
    QSqlDatabase db = connection();
    std::optional<StoredPost> post;
    if (!NewsRepository::find(db, owner, postId, &post))
        return {};
    if (!post || post->deleted)
        return Stats { Stats::Outcome::NotFound, {}, 0, 0 };
    const std::optional<QStringList> members = Audience::enabledMembersOf(db, { post->audience });
    const std::optional<QStringList> readers = NewsRepository::readers(db, post->id);
    if (!members || !readers)
        return {};
    const QSet<QString> audience(members->cbegin(), members->cend());
    qsizetype read = 0;
    for (const QString &reader : *readers)
        read += audience.contains(reader) ? 1 : 0;
    return Stats { Stats::Outcome::Found, post->id, audience.size(), read };
}

NewsService::ReadResult NewsService::markRead(const QString &userId, const QStringList &ids)
{
    QStringList unique;
    for (const QString &id : ids) {
        if (!unique.contains(id))
            unique.append(id);
    }
    ChangeTransaction transaction(m_feed);
    if (!transaction.isActive())
        return {};
    QSqlDatabase &db = transaction.db();
    const std::optional<AudienceMember> person = AudienceMember::loadOne(db, userId);
    const auto posts = NewsRepository::withIds(db, unique);
    const auto marked = NewsRepository::readAmong(db, userId, unique);
    if (!person || !posts || !marked)
        return {};
    const QString now = wiretime::format(m_clock.now());
    ReadResult result { true, {}, {} };
    for (const QString &id : unique) {
        const auto post = std::find_if(posts->cbegin(), posts->cend(),
            [&id](const StoredPost &each) { return each.id == id; });
        const std::optional<Audience> audience =
            post != posts->cend() ? Audience::fromText(post->audience) : std::nullopt;
        if (!audience || !post->isShown(now) || !audience->contains(*person)) {
            result.ignored.append(id);
            continue;
        }
        result.read.append(id);
        if (marked->contains(id))
            continue; // idempotent: read before, no change
        // The person's own change (their other devices hear of it), one per mark so that a
        // page never ends between two marks of one cursor.
        const std::optional<qint64> cursor =
            transaction.record(Change::of(changeKind(), { userId }));
        if (!cursor || !NewsRepository::insertRead(db, id, userId, now, *cursor))
            return {};
    }
    if (!transaction.commit())
        return {};
    return result;
}

NewsService::Page NewsService::changesFor(const QString &userId, qint64 since)
{
    QSqlDatabase db = connection();
    return NewsPage::read(db, userId, since, wiretime::format(m_clock.now()), pageSize);
}

bool NewsService::publishDue()
{
    QSqlDatabase db = connection();
    const QString now = wiretime::format(m_clock.now());
    const auto publish = NewsRepository::dueToPublish(db, now, sweepBatch);
    const auto expire = NewsRepository::dueToExpire(db, now, sweepBatch);
    if (!publish || !expire)
        return false;
    bool ok = true;
    int published = 0;
    int expired = 0;
    for (const StoredPost &due : *publish) {
        // Unchanged when it was replaced, deleted or published since it was listed.
        const Written written = write(due.owner(), due.postId, {},
            [](const std::optional<StoredPost> &existing, const QString &at) {
                if (!existing || existing->deleted || existing->published
                    || existing->publishAt > at)
                    return std::optional<StoredPost>();
                StoredPost post = *existing;
                post.published = true;
                return std::optional<StoredPost>(post);
            });
        ok = written != Written::Failed && ok;
        published += written == Written::Changed ? 1 : 0;
    }
    for (const StoredPost &due : *expire) {
        const Written written = write(due.owner(), due.postId, {},
            [](const std::optional<StoredPost> &existing, const QString &at) {
                if (!existing || existing->deleted || !existing->published || existing->expired
                    || existing->expiresAt.isEmpty() || existing->expiresAt > at)
                    return std::optional<StoredPost>();
                StoredPost post = *existing;
                post.expired = true;
                return std::optional<StoredPost>(post);
            });
        ok = written != Written::Failed && ok;
        expired += written == Written::Changed ? 1 : 0;
    }
    if (published > 0 || expired > 0)
        qCInfo(lcServer) << "news: published" << published << "and expired" << expired << "posts";
    return ok;
}

} // namespace tessera::server
