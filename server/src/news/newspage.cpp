#include "news/newspage.h"

#include "audience/audience.h"
#include "audience/audiencehistory.h"
#include "audience/audiencemember.h"
#include "feed/pagebudget.h"

#include <QHash>
#include <QJsonDocument>
#include <QSet>

#include <algorithm>

namespace tessera::server {

namespace {

QJsonValue nullOr(const QString &text)
{
    return text.isEmpty() ? QJsonValue() : QJsonValue(text);
}

// One change a page may list: a post's own, or the person's read mark of it.
struct Entry
{
    qint64 cursor = 0;
    QString postId;
};

} // namespace

QJsonObject NewsPage::postJson(const StoredPost &post, bool read)
{
    return QJsonObject {
        { QStringLiteral("id"), post.id },
        { QStringLiteral("title"), post.title },
        { QStringLiteral("summary"), post.summary },
        { QStringLiteral("body"), post.body },
        { QStringLiteral("card"),
            post.card.isEmpty()
                ? QJsonValue()
                : QJsonValue(QJsonDocument::fromJson(post.card.toUtf8()).object()) },
        { QStringLiteral("image"), nullOr(post.image) },
        { QStringLiteral("category"), post.category },
        { QStringLiteral("pinned"), post.pinned },
        { QStringLiteral("publishedAt"), post.publishAt },
        { QStringLiteral("expiresAt"), nullOr(post.expiresAt) },
        { QStringLiteral("version"), post.version },
        { QStringLiteral("read"), read },
        { QStringLiteral("source"), QJsonObject { { QStringLiteral("name"), post.source } } },
    };
}

NewsPage NewsPage::read(
    QSqlDatabase &db, const QString &userId, qint64 since, const QString &now, int pageSize)
{
    const std::optional<AudienceMember> person = AudienceMember::loadOne(db, userId);
    if (!person)
        return {};
    // A first sync lists what is shown (each post's read state with it); a delta also the
    // person's own read marks since. Each list in cursor order and one longer than a page: the
    // first pageSize of the two merged are the first of all changes.
    const auto rows = NewsRepository::changedSince(db, since, pageSize + 1, since == 0, now);
    const auto marks = since == 0
        ? std::optional<QList<NewsRepository::ReadMark>>(QList<NewsRepository::ReadMark>())
        : NewsRepository::readsSince(db, userId, since, pageSize + 1);
    if (!rows || !marks)
        return {};
    QHash<QString, StoredPost> posts;
    QList<Entry> entries;
    for (const StoredPost &post : *rows) {
        posts.insert(post.id, post);
        entries.append({ post.cursor, post.id });
    }
    QStringList missing;
    for (const NewsRepository::ReadMark &mark : *marks) {
        entries.append({ mark.cursor, mark.postId });
        if (!posts.contains(mark.postId) && !missing.contains(mark.postId))
            missing.append(mark.postId);
    }
    const auto more = NewsRepository::withIds(db, missing);
    if (!more)
        return {};
    for (const StoredPost &post : *more)
        posts.insert(post.id, post);
    std::sort(entries.begin(), entries.end(),
        [](const Entry &a, const Entry &b) { return a.cursor < b.cursor; });
    const auto read = NewsRepository::readAmong(db, userId, posts.keys());
    // Whom a post not shown is removed from: a person in an audience it has had.
    const auto histories = since > 0 ? AudienceHistory::load(db, "news_posts", posts.keys())
                                     : std::optional(QHash<QString, AudienceHistory>());
    if (!read || !histories)
        return {};

    // Posts share audiences: each audience's verdict for the person is worked out once a page
    // (a page of 200 posts to the same audience parses it once, not 200 times).
    QHash<QString, bool> verdicts;
    const auto reaches = [&verdicts, &person](const QString &text) {
        const auto known = verdicts.constFind(text);
        if (known != verdicts.cend())
            return *known;
        const std::optional<Audience> audience = Audience::fromText(text);
        const bool in = audience && audience->contains(*person);
        verdicts.insert(text, in);
        return in;
    };

    NewsPage page { true, {}, {}, since, false };
    PageBudget budget(pageSize);
    QSet<QString> listed;
    for (const Entry &entry : entries) {
        const auto found = posts.constFind(entry.postId);
        if (found == posts.cend()) { // never: posts stay (a deleted one as its tombstone)
            if (!budget.take(0)) {
                page.more = true;
                break;
            }
            page.cursor = std::max(page.cursor, entry.cursor);
            continue;
        }
        const StoredPost &post = *found;
        const bool shown = post.isShown(now) && reaches(post.audience);
        QJsonObject json;
        // Each post once a page (its current state); a post not shown is removed from an app
        // that has it, and a first sync has nothing to remove.
        const bool isNew = !listed.contains(post.id);
        if (isNew && shown)
            json = postJson(post, read->contains(post.id));
        const bool isRemoved =
            isNew && !shown && since > 0 && histories->value(post.id).reaches(*person);
        const qsizetype bytes = !json.isEmpty() ? PageBudget::sizeOf(json)
            : isRemoved                         ? PageBudget::sizeOf(post.id)
                                                : 0;
        if (!budget.take(bytes)) {
            page.more = true;
            break;
        }
        page.cursor = std::max(page.cursor, entry.cursor);
        if (!json.isEmpty())
            page.posts.append(json);
        else if (isRemoved)
            page.removed.append(post.id);
        if (!json.isEmpty() || isRemoved)
            listed.insert(post.id);
    }
    return page;
}

} // namespace tessera::server
