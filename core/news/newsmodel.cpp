#include "news/newsmodel.h"

#include "news/newsstore.h"
#include "news/newssync.h"

#include <QJsonDocument>

#include <algorithm>

namespace tessera {

namespace {

QString compact(const QJsonObject &object)
{
    return object.isEmpty()
        ? QString()
        : QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

} // namespace

NewsModel::NewsModel(NewsStore &store, QObject *parent)
    : QAbstractListModel(parent)
    , m_store(store)
{
    m_expiry.setSingleShot(true);
    connect(&m_expiry, &QTimer::timeout, this, &NewsModel::refresh);
    connect(&m_store, &NewsStore::changed, this, &NewsModel::refresh);
    refresh();
}

NewsModel::~NewsModel() = default;

void NewsModel::setSync(NewsSync *sync)
{
    if (m_sync == sync)
        return;
    if (m_sync)
        m_sync->disconnect(this);
    m_sync = sync;
    if (m_sync) {
        connect(m_sync, &NewsSync::loadingChanged, this, &NewsModel::syncStateChanged);
        connect(m_sync, &NewsSync::offlineChanged, this, &NewsModel::syncStateChanged);
        connect(m_sync, &NewsSync::errorChanged, this, &NewsModel::syncStateChanged);
    }
    Q_EMIT syncStateChanged();
}

void NewsModel::refresh()
{
    const int before = int(m_posts.size());
    const int unreadBefore = m_unread;
    QList<NewsPost> posts = m_store.posts();
    const bool sameRows = std::equal(posts.cbegin(), posts.cend(), m_posts.cbegin(), m_posts.cend(),
        [](const NewsPost &a, const NewsPost &b) { return a.id == b.id; });
    if (sameRows) {
        // The same posts in the same order (a read mark, an edit): the rows change in place, so
        // a list keeps its place and focus.
        m_posts = std::move(posts);
        if (!m_posts.isEmpty())
            Q_EMIT dataChanged(index(0), index(int(m_posts.size()) - 1));
    } else {
        beginResetModel();
        m_posts = std::move(posts);
        endResetModel();
    }
    m_unread = int(std::count_if(
        m_posts.cbegin(), m_posts.cend(), [](const NewsPost &post) { return !post.read; }));
    if (m_posts.size() != before)
        Q_EMIT countChanged();
    if (m_unread != unreadBefore)
        Q_EMIT unreadCountChanged();
    ++m_revision;
    Q_EMIT revisionChanged();
    scheduleExpiry();
}

void NewsModel::syncNow()
{
    if (m_sync != nullptr)
        m_sync->syncNow();
}

void NewsModel::scheduleExpiry()
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QDateTime next = m_store.nextExpiry(now);
    if (!next.isValid()) {
        m_expiry.stop();
        return;
    }
    // At most a day ahead (a timer's int milliseconds); it looks again then.
    const qint64 wait =
        std::clamp<qint64>(now.msecsTo(next) + 1, 1, qint64 { 24 } * 60 * 60 * 1000);
    m_expiry.start(int(wait));
}

int NewsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_posts.size());
}

QVariant NewsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const NewsPost &post = m_posts.at(index.row());
    switch (role) {
    case PostIdRole:
        return post.id;
    case Qt::DisplayRole:
    case TitleRole:
        return post.title;
    case SummaryRole:
        return post.summary;
    case CategoryRole:
        return post.category;
    case PinnedRole:
        return post.pinned;
    case PublishedAtRole:
        return post.publishedAt;
    case UnreadRole:
        return !post.read;
    case ImageRole:
        return post.image;
    case HasCardRole:
        return post.hasCard();
    case SourceRole:
        return post.source;
    default:
        return {};
    }
}

QHash<int, QByteArray> NewsModel::roleNames() const
{
    return {
        { PostIdRole, "postId" },
        { TitleRole, "title" },
        { SummaryRole, "summary" },
        { CategoryRole, "category" },
        { PinnedRole, "pinned" },
        { PublishedAtRole, "publishedAt" },
        { UnreadRole, "unread" },
        { ImageRole, "image" },
        { HasCardRole, "hasCard" },
        { SourceRole, "source" },
    };
}

bool NewsModel::isLoading() const
{
    return m_sync && m_sync->isLoading();
}

void NewsModel::setOffline(bool offline)
{
    if (m_offline == offline)
        return;
    m_offline = offline;
    Q_EMIT syncStateChanged();
}

bool NewsModel::isOffline() const
{
    return m_offline || (m_sync && m_sync->isOffline());
}

QString NewsModel::error() const
{
    return m_sync ? m_sync->error() : QString();
}

int NewsModel::rowOf(const QString &postId) const
{
    for (int row = 0; row < m_posts.size(); ++row)
        if (m_posts.at(row).id == postId)
            return row;
    return -1;
}

QString NewsModel::postIdAt(int row) const
{
    return row >= 0 && row < m_posts.size() ? m_posts.at(row).id : QString();
}

QVariantMap NewsModel::post(const QString &postId) const
{
    const std::optional<NewsPost> found = m_store.post(postId);
    if (!found)
        return {};
    return QVariantMap {
        { QStringLiteral("postId"), found->id },
        { QStringLiteral("title"), found->title },
        { QStringLiteral("summary"), found->summary },
        { QStringLiteral("body"), found->body },
        { QStringLiteral("bodyCard"), compact(found->bodyCard()) },
        { QStringLiteral("card"), compact(found->card) },
        { QStringLiteral("image"), found->image },
        { QStringLiteral("category"), found->category },
        { QStringLiteral("pinned"), found->pinned },
        { QStringLiteral("publishedAt"), found->publishedAt },
        { QStringLiteral("source"), found->source },
        { QStringLiteral("unread"), !found->read },
    };
}

bool NewsModel::markRead(const QString &postId)
{
    return m_store.markRead({ postId }) > 0;
}

int NewsModel::markAllRead()
{
    return m_store.markAllRead();
}

} // namespace tessera
