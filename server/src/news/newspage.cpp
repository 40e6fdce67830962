#include "news/newspage.h"

#include "audience/audiencemember.h"

#include <QJsonDocument>

namespace tessera::server {

namespace {

QJsonValue nullOr(const QString &text)
{
    return text.isEmpty() ? QJsonValue() : QJsonValue(text);
}

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
    // person's own read marks since.
    const auto rows =
        NewsRepository::changedSince(db, userId, since, pageSize + 1, since == 0, now);
    const auto marks = since == 0
        ? std::optional<QList<NewsRepository::ReadMark>>(QList<NewsRepository::ReadMark>())
        : NewsRepository::readsSince(db, userId, since, pageSize + 1);
    if (!rows || !marks)
        return {};
    QList<DeltaChange> own;
    own.reserve(marks->size());
    for (const NewsRepository::ReadMark &mark : *marks)
        own.append({ mark.cursor, mark.postId });
    DeltaFeature<StoredPost> feature;
    feature.table = "news_posts";
    feature.listKey = QStringLiteral("posts");
    feature.withIds = [&db, &userId](const QStringList &ids) {
        return NewsRepository::withIds(db, ids, userId);
    };
    feature.isLive = [&now](const StoredPost &post) { return post.isShown(now); };
    feature.toJson = [](const StoredPost &post) { return postJson(post, post.read); };
    return { readDeltaPage(db, *person, since, pageSize, *rows, own, feature) };
}

} // namespace tessera::server
