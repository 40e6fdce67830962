#include "news/newsrepository.h"

#include "audience/audiencehistory.h"
#include "storage/sqlhelpers.h"

#include <QSqlQuery>

namespace tessera::server {

namespace {

const QString columns = QStringLiteral(
    "p.id, p.api_key_id, p.author_id, p.post_id, p.title, p.summary, p.body, p.card, p.image,"
    " p.category, p.audience, p.previous_audience, p.pinned, p.publish_at,"
    " p.expires_at, p.version, p.updated_at, p.published, p.expired, p.deleted,"
    " p.change_id");
constexpr int columnCount = 21;

// The source's name: the key's sub-system or the publisher's display name; with a reader, also
// whether they marked the post read (the join's one parameter, bound first).
QString withKey(bool reader)
{
    return reader
        ? QStringLiteral(
            ", COALESCE(k.subsystem, u.display_name), CASE WHEN k.revoked_at IS NULL THEN 0 ELSE"
            " 1 END, CASE WHEN r.post_id IS NULL THEN 0 ELSE 1 END"
            " FROM news_posts p LEFT JOIN api_keys k ON k.id = p.api_key_id"
            " LEFT JOIN users u ON u.id = p.author_id"
            " LEFT JOIN news_reads r ON r.post_id = p.id AND r.user_id = ?")
        : QStringLiteral(
            ", COALESCE(k.subsystem, u.display_name), CASE WHEN k.revoked_at IS NULL THEN 0 ELSE"
            " 1 END FROM news_posts p LEFT JOIN api_keys k ON k.id = p.api_key_id"
            " LEFT JOIN users u ON u.id = p.author_id");
}

StoredPost readRow(const QSqlQuery &query, bool hasKey, bool hasReader)
{
    StoredPost post;
    post.id = query.value(0).toString();
    post.apiKeyId = query.value(1).toString();
    post.authorId = query.value(2).toString();
    post.postId = query.value(3).toString();
    post.title = query.value(4).toString();
    post.summary = query.value(5).toString();
    post.body = query.value(6).toString();
    post.card = query.value(7).toString();
    post.image = query.value(8).toString();
    post.category = query.value(9).toString();
    post.audience = query.value(10).toString();
    post.previousAudience = query.value(11).toString();
    post.pinned = query.value(12).toInt() != 0;
    post.publishAt = query.value(13).toString();
    post.expiresAt = query.value(14).toString();
    post.version = query.value(15).toInt();
    post.updatedAt = query.value(16).toString();
    post.published = query.value(17).toInt() != 0;
    post.expired = query.value(18).toInt() != 0;
    post.deleted = query.value(19).toInt() != 0;
    post.cursor = query.value(20).toLongLong();
    if (hasKey) {
        post.source = query.value(columnCount).toString();
        post.keyRevoked = query.value(columnCount + 1).toInt() != 0;
    }
    if (hasReader)
        post.read = query.value(columnCount + 2).toInt() != 0;
    return post;
}

std::optional<QList<StoredPost>> posts(QSqlDatabase &db, const QString &statement,
    const QVariantList &values, bool hasKey, bool hasReader = false)
{
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (!sql::exec(query, statement, values))
        return std::nullopt;
    QList<StoredPost> result;
    while (query.next())
        result.append(readRow(query, hasKey, hasReader));
    return result;
}

} // namespace

bool NewsRepository::find(QSqlDatabase &db, const NewsOwner &owner, const QString &postId,
    std::optional<StoredPost> *post)
{
    const bool person = owner.apiKeyId.isEmpty();
    const auto found = posts(db,
        QStringLiteral("SELECT %1 FROM news_posts p WHERE p.%2 = ? AND p.post_id = ?")
            .arg(columns, person ? QStringLiteral("author_id") : QStringLiteral("api_key_id")),
        { person ? owner.userId : owner.apiKeyId, postId }, false);
    if (!found)
        return false;
    *post = found->isEmpty() ? std::nullopt : std::optional<StoredPost>(found->constFirst());
    return true;
}

std::optional<QStringList> NewsRepository::undeletedIdsOfKey(
    QSqlDatabase &db, const QString &apiKeyId)
{
    return sql::strings(db,
        QStringLiteral("SELECT post_id FROM news_posts WHERE api_key_id = ? AND deleted = 0"
                       " ORDER BY post_id"),
        { apiKeyId });
}

bool NewsRepository::write(QSqlDatabase &db, const StoredPost &post, bool update)
{
    QSqlQuery query(db);
    // Never a null string for a NOT NULL column: QtSql binds a null QString as NULL.
    const auto text = [](const QString &value) {
        return value.isNull() ? QStringLiteral("") : value;
    };
    const QVariantList changing { text(post.title), text(post.summary), text(post.body),
        sql::textOrNull(post.card), sql::textOrNull(post.image), text(post.category), post.audience,
        sql::textOrNull(post.previousAudience), post.pinned ? 1 : 0, post.publishAt,
        sql::textOrNull(post.expiresAt), post.version, post.updatedAt, post.published ? 1 : 0,
        post.expired ? 1 : 0, post.deleted ? 1 : 0, post.cursor };
    const bool written = update
        ? sql::exec(query,
            QStringLiteral("UPDATE news_posts SET title = ?, summary = ?, body = ?, card = ?,"
                           " image = ?, category = ?, audience = ?, previous_audience = ?,"
                           " pinned = ?, publish_at = ?, expires_at = ?, version = ?,"
                           " updated_at = ?, published = ?, expired = ?, deleted = ?,"
                           " change_id = ? WHERE id = ?"),
            changing + QVariantList { post.id })
        : sql::exec(query,
            QStringLiteral(
                "INSERT INTO news_posts (id, api_key_id, author_id, post_id, title,"
                " summary, body, card, image, category, audience, previous_audience,"
                " pinned, publish_at, expires_at, version, updated_at, published, expired,"
                " deleted, change_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                " ?, ?, ?, ?, ?, ?)"),
            QVariantList { post.id, sql::textOrNull(post.apiKeyId), sql::textOrNull(post.authorId),
                post.postId }
                + changing);
    // Every audience the post has had: who may be told that it is removed.
    return written && AudienceHistory::remember(db, "news_posts", post.id, post.audience);
}

std::optional<QList<StoredPost>> NewsRepository::withIds(
    QSqlDatabase &db, const QStringList &ids, const QString &reader)
{
    if (ids.isEmpty())
        return QList<StoredPost>();
    const bool hasReader = !reader.isEmpty();
    return posts(db,
        QStringLiteral("SELECT %1%2 WHERE p.id IN (%3)")
            .arg(columns, withKey(hasReader), sql::placeholders(ids.size())),
        (hasReader ? QVariantList { reader } : QVariantList()) + sql::values(ids), true, hasReader);
}

std::optional<QList<StoredPost>> NewsRepository::changedSince(QSqlDatabase &db,
    const QString &reader, qint64 since, int limit, bool liveOnly, const QString &now)
{
    QString statement =
        QStringLiteral("SELECT %1%2 WHERE p.change_id > ?").arg(columns, withKey(true));
    QVariantList values { reader, since };
    if (liveOnly) {
        statement += QStringLiteral(" AND p.deleted = 0 AND p.published = 1 AND"
                                    " k.revoked_at IS NULL AND (p.expires_at IS NULL OR"
                                    " p.expires_at > ?)");
        values.append(now);
    }
    statement += QStringLiteral(" ORDER BY p.change_id LIMIT ") + QString::number(limit);
    return posts(db, statement, values, true, true);
}

std::optional<QList<StoredPost>> NewsRepository::dueToPublish(
    QSqlDatabase &db, const QString &now, int limit)
{
    return posts(db,
        QStringLiteral("SELECT %1 FROM news_posts p WHERE p.published = 0 AND p.deleted = 0 AND"
                       " p.publish_at <= ? ORDER BY p.publish_at, p.id LIMIT %2")
            .arg(columns)
            .arg(limit),
        { now }, false);
}

std::optional<QList<StoredPost>> NewsRepository::dueToExpire(
    QSqlDatabase &db, const QString &now, int limit)
{
    return posts(db,
        QStringLiteral("SELECT %1 FROM news_posts p WHERE p.published = 1 AND p.expired = 0 AND"
                       " p.deleted = 0 AND p.expires_at IS NOT NULL AND p.expires_at <= ?"
                       " ORDER BY p.expires_at, p.id LIMIT %2")
            .arg(columns)
            .arg(limit),
        { now }, false);
}

std::optional<QList<NewsRepository::ReadMark>> NewsRepository::readsSince(
    QSqlDatabase &db, const QString &userId, qint64 since, int limit)
{
    QSqlQuery query(db);
    if (!sql::exec(query,
            QStringLiteral("SELECT post_id, change_id FROM news_reads WHERE user_id = ? AND"
                           " change_id > ? ORDER BY change_id LIMIT ")
                + QString::number(limit),
            { userId, since }))
        return std::nullopt;
    QList<ReadMark> marks;
    while (query.next())
        marks.append({ query.value(0).toString(), query.value(1).toLongLong() });
    return marks;
}

std::optional<QSet<QString>> NewsRepository::readAmong(
    QSqlDatabase &db, const QString &userId, const QStringList &postIds)
{
    if (postIds.isEmpty())
        return QSet<QString>();
    const auto ids = sql::strings(db,
        QStringLiteral("SELECT post_id FROM news_reads WHERE user_id = ? AND post_id IN (%1)")
            .arg(sql::placeholders(postIds.size())),
        QVariantList { userId } + sql::values(postIds));
    if (!ids)
        return std::nullopt;
    return QSet<QString>(ids->cbegin(), ids->cend());
}

bool NewsRepository::insertRead(QSqlDatabase &db, const QString &postId, const QString &userId,
    const QString &at, qint64 cursor)
{
    QSqlQuery query(db);
    return sql::exec(query,
        QStringLiteral("INSERT INTO news_reads (post_id, user_id, read_at, change_id)"
                       " VALUES (?, ?, ?, ?)"),
        { postId, userId, at, cursor });
}

bool NewsRepository::deleteReads(QSqlDatabase &db, const QString &postId)
{
    QSqlQuery query(db);
    return sql::exec(query, QStringLiteral("DELETE FROM news_reads WHERE post_id = ?"), { postId });
}

std::optional<QStringList> NewsRepository::readers(QSqlDatabase &db, const QString &postId)
{
    return sql::strings(
        db, QStringLiteral("SELECT user_id FROM news_reads WHERE post_id = ?"), { postId });
}

} // namespace tessera::server
