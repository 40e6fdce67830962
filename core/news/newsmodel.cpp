#include "news/newsmodel.h"

#include "news/newsstore.h"

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
    : RowsModel(parent)
    , m_store(store)
{
    connect(&m_store, &NewsStore::changed, this, &NewsModel::refresh);
    refresh();
}

NewsModel::~NewsModel() = default;

void NewsModel::refresh()
{
    const int unreadBefore = m_unread;
    updateRows(m_posts, m_store.posts());
    m_unread = int(std::count_if(
        m_posts.cbegin(), m_posts.cend(), [](const NewsPost &post) { return !post.read; }));
    if (m_unread != unreadBefore)
        Q_EMIT unreadCountChanged();
    ++m_revision;
    Q_EMIT revisionChanged();
    QList<QDateTime> expiries;
    expiries.reserve(m_posts.size());
    for (const NewsPost &post : std::as_const(m_posts))
        expiries.append(post.expiresAt);
    refreshAtSoonest(expiries);
}

QVariant NewsModel::data(const QModelIndex &index, int role) const
{
    if (!isRow(index))
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
