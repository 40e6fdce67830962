#include "news/newsstore.h"

#include "news/internal/newslogging.h"
#include "storage/database.h"
#include "storage/sqlrows.h"
#include "storage/sqlstatement.h"
#include "storage/sqltransaction.h"

#include <QJsonDocument>

namespace tessera {

namespace {

#define TESSERA_NEWS_SELECT_POSTS                                                                  \
    "SELECT id, title, summary, body, card, image, category, pinned, publishedAt, expiresAt,"      \
    " version, read, source FROM news_posts"

NewsPost readPost(const SqlStatement &row)
{
    NewsPost post;
    post.id = row.columnText(0);
    post.title = row.columnText(1);
    post.summary = row.columnText(2);
    post.body = row.columnText(3);
    if (!row.isNull(4))
        post.card = QJsonDocument::fromJson(row.columnUtf8(4)).object();
    post.image = row.isNull(5) ? QString() : row.columnText(5);
    post.category = row.columnText(6);
    post.pinned = row.columnBool(7);
    post.publishedAt = QDateTime::fromMSecsSinceEpoch(row.columnInt64(8), Qt::UTC);
    if (!row.isNull(9))
        post.expiresAt = QDateTime::fromMSecsSinceEpoch(row.columnInt64(9), Qt::UTC);
    post.version = row.columnInt64(10);
    post.read = row.columnBool(11);
    post.source = row.columnText(12);
    return post;
}

} // namespace

NewsStore::NewsStore(QObject *parent)
    : NewsStore(nullptr, parent)
{ }

NewsStore::NewsStore(std::shared_ptr<Database> database, QObject *parent)
    : DeltaStore(std::move(database), "news_sync", QStringLiteral("cursor"), "news_posts", parent)
{ }

NewsStore::~NewsStore() = default;

QList<NewsPost> NewsStore::posts(const QDateTime &now) const
{
    QList<NewsPost> result;
    if (!database())
        return result;
    SqlStatement statement = database()->prepare(TESSERA_NEWS_SELECT_POSTS
        " WHERE expiresAt IS NULL OR expiresAt > ?1 ORDER BY pinned DESC, publishedAt DESC,"
        " id DESC");
    statement.bindInt64(1, now.toMSecsSinceEpoch());
    SqlStatement::Step step = SqlStatement::Step::Done;
    while ((step = statement.step()) == SqlStatement::Step::Row)
        result.append(readPost(statement));
    if (step == SqlStatement::Step::Error)
        qCWarning(lcNews).noquote() << "reading the posts:" << statement.error().message;
    return result;
}

std::optional<NewsPost> NewsStore::post(const QString &id, const QDateTime &now) const
{
    if (!database())
        return std::nullopt;
    SqlStatement statement = database()->prepare(
        TESSERA_NEWS_SELECT_POSTS " WHERE id = ?1 AND (expiresAt IS NULL OR expiresAt > ?2)");
    statement.bindText(1, id);
    statement.bindInt64(2, now.toMSecsSinceEpoch());
    if (statement.step() != SqlStatement::Step::Row)
        return std::nullopt;
    return readPost(statement);
}

int NewsStore::unreadCount(const QDateTime &now) const
{
    if (!database())
        return 0;
    SqlStatement statement = database()->prepare("SELECT count(*) FROM news_posts WHERE read = 0"
                                                 " AND (expiresAt IS NULL OR expiresAt > ?1)");
    statement.bindInt64(1, now.toMSecsSinceEpoch());
    return statement.step() == SqlStatement::Step::Row ? int(statement.columnInt64(0)) : 0;
}

bool NewsStore::write(Database &database, const NewsPost &post)
{
    // A read mark that waits in the outbox wins over the server's older "unread".
    SqlStatement statement = database.prepare(
        "INSERT OR REPLACE INTO news_posts (id, title, summary, body, card, image, category,"
        " pinned, publishedAt, expiresAt, version, read, source) VALUES (?1, ?2, ?3, ?4, ?5, ?6,"
        " ?7, ?8, ?9, ?10, ?11, ?12 OR EXISTS (SELECT 1 FROM news_read_outbox WHERE id = ?1),"
        " ?13)");
    statement.bindText(1, post.id);
    statement.bindText(2, post.title);
    statement.bindText(3, post.summary);
    statement.bindText(4, post.body);
    if (post.hasCard())
        statement.bindUtf8(5, QJsonDocument(post.card).toJson(QJsonDocument::Compact));
    else
        statement.bindNull(5);
    if (post.image.isEmpty())
        statement.bindNull(6);
    else
        statement.bindText(6, post.image);
    statement.bindText(7, post.category);
    statement.bindBool(8, post.pinned);
    statement.bindInt64(9, post.publishedAt.toMSecsSinceEpoch());
    if (post.expiresAt.isValid())
        statement.bindInt64(10, post.expiresAt.toMSecsSinceEpoch());
    else
        statement.bindNull(10);
    statement.bindInt64(11, post.version);
    statement.bindBool(12, post.read);
    statement.bindText(13, post.source);
    if (statement.exec())
        return true;
    qCWarning(lcNews).noquote() << "storing post" << post.id << ":" << statement.error().message;
    return false;
}

bool NewsStore::drop(Database &database, const QString &id)
{
    for (const char *sql :
        { "DELETE FROM news_posts WHERE id = ?1", "DELETE FROM news_read_outbox WHERE id = ?1" }) {
        SqlStatement statement = database.prepare(sql);
        statement.bindText(1, id);
        if (!statement.exec()) {
            qCWarning(lcNews).noquote()
                << "removing post" << id << ":" << statement.error().message;
            return false;
        }
    }
    return true;
}

bool NewsStore::applyDelta(
    const QList<NewsPost> &posts, const QStringList &removed, const QString &cursor)
{
    if (cursor.isEmpty())
        return false;
    const bool changesRows = !posts.isEmpty() || !removed.isEmpty();
    return writePage(cursor, changesRows, [&posts, &removed](Database &database) {
        for (const NewsPost &post : posts)
            if (!write(database, post))
                return false;
        for (const QString &id : removed)
            if (!drop(database, id))
                return false;
        return true;
    });
}

int NewsStore::markRead(const QStringList &ids)
{
    if (!database() || ids.isEmpty())
        return 0;
    Database &db = *database();
    SqlTransaction transaction(db);
    if (!transaction.isActive())
        return 0;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    int marked = 0;
    for (const QString &id : ids) {
        SqlStatement mark = db.prepare("UPDATE news_posts SET read = 1 WHERE id = ?1 AND read = 0");
        mark.bindText(1, id);
        if (!mark.exec())
            return 0;
        if (db.changes() == 0)
            continue;
        SqlStatement queue = db.prepare(
            "INSERT OR IGNORE INTO news_read_outbox (id, queuedAt, nextAttemptAt) VALUES (?1, ?2,"
            " NULL)");
        queue.bindText(1, id);
        queue.bindInt64(2, now);
        if (!queue.exec())
            return 0;
        ++marked;
    }
    if (!transaction.commit()) {
        qCWarning(lcNews).noquote() << "marking posts read:" << transaction.error().message;
        return 0;
    }
    if (marked > 0) {
        qCDebug(lcNews) << "marked read:" << marked;
        Q_EMIT changed();
        Q_EMIT readsQueued();
    }
    return marked;
}

int NewsStore::markAllRead(const QDateTime &now)
{
    QStringList ids;
    const QList<NewsPost> all = posts(now);
    for (const NewsPost &post : all)
        if (!post.read)
            ids.append(post.id);
    return markRead(ids);
}

QStringList NewsStore::dueReads(const QDateTime &now, int limit) const
{
    if (!database())
        return {};
    SqlStatement statement =
        database()->prepare("SELECT id FROM news_read_outbox WHERE nextAttemptAt IS NULL"
                            " OR nextAttemptAt <= ?1 ORDER BY queuedAt, id LIMIT ?2");
    statement.bindInt64(1, now.toMSecsSinceEpoch());
    statement.bindInt64(2, limit);
    return rowsOf(statement, textColumn, "reading the read outbox");
}

int NewsStore::pendingReadCount() const
{
    if (!database())
        return 0;
    SqlStatement statement = database()->prepare("SELECT count(*) FROM news_read_outbox");
    return statement.step() == SqlStatement::Step::Row ? int(statement.columnInt64(0)) : 0;
}

QDateTime NewsStore::nextReadAttempt() const
{
    if (!database())
        return {};
    SqlStatement statement = database()->prepare(
        "SELECT count(*), MIN(COALESCE(nextAttemptAt, 0)) FROM news_read_outbox");
    if (statement.step() != SqlStatement::Step::Row || statement.columnInt64(0) == 0)
        return {};
    return QDateTime::fromMSecsSinceEpoch(statement.columnInt64(1), Qt::UTC);
}

bool NewsStore::readsDone(const QStringList &ids)
{
    if (!database())
        return false;
    SqlTransaction transaction(*database());
    for (const QString &id : ids) {
        SqlStatement statement = database()->prepare("DELETE FROM news_read_outbox WHERE id = ?1");
        statement.bindText(1, id);
        if (!statement.exec())
            return false;
    }
    return transaction.commit();
}

bool NewsStore::readsDeferred(const QStringList &ids, const QDateTime &nextAttemptAt)
{
    if (!database())
        return false;
    SqlTransaction transaction(*database());
    for (const QString &id : ids) {
        SqlStatement statement =
            database()->prepare("UPDATE news_read_outbox SET nextAttemptAt = ?2 WHERE id = ?1");
        statement.bindText(1, id);
        statement.bindInt64(2, nextAttemptAt.toMSecsSinceEpoch());
        if (!statement.exec())
            return false;
    }
    return transaction.commit();
}

bool NewsStore::makeReadsDue()
{
    if (!database())
        return false;
    SqlStatement statement =
        database()->prepare("UPDATE news_read_outbox SET nextAttemptAt = NULL");
    return statement.exec();
}

} // namespace tessera
