#pragma once

#include "feed/rowsmodel.h"
#include "news/newspost.h"

#include <QList>
#include <QVariantMap>

namespace tessera {

class NewsStore;

// News's posts as a list: pinned first, then newest first (expired posts left out), refreshed
// whenever the store changes and when the next post expires; how many are unread; marking one
// or all read (at once here, sent later by the read outbox). With a sync set, its state too; the
// live stream's offline state beside it (setOffline).
// (The base is named in full: Qt 6.4's QML type registrar matches a base by its full name.)
class NewsModel : public tessera::RowsModel
{
    Q_OBJECT
    Q_PROPERTY(int unreadCount READ unreadCount NOTIFY unreadCountChanged)
    // Changes whenever the posts are read from the store again (a page, a read mark, a sign-in):
    // a binding that reads it (a post's page) is evaluated again.
    Q_PROPERTY(int revision READ revision NOTIFY revisionChanged)
public:
    enum Role {
        PostIdRole = Qt::UserRole + 1, // the server's id ("id" is no QML property name)
        TitleRole,
        SummaryRole,
        CategoryRole,
        PinnedRole,
        PublishedAtRole, // QDateTime, UTC
        UnreadRole,
        ImageRole, // the hero image's URL on the server, "" for none
        HasCardRole,
        SourceRole, // the sub-system's name
    };
    Q_ENUM(Role)

    // store must outlive the model.
    explicit NewsModel(NewsStore &store, QObject *parent = nullptr);
    ~NewsModel() override;

    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    int unreadCount() const { return m_unread; }
    int revision() const { return m_revision; }
    // The id of the post at row ("" outside the list).
    Q_INVOKABLE QString postIdAt(int row) const;

    // One post for its page: {postId, title, summary, body, bodyCard (the body as a card's
    // compact JSON, "" when the body is shown as plain text), card (compact JSON, "" for none),
    // image, category, pinned, publishedAt, source, unread}; an empty map for an unknown id.
    Q_INVOKABLE QVariantMap post(const QString &postId) const;
    // Marks the post read (true when it was unread).
    Q_INVOKABLE bool markRead(const QString &postId);
    // Marks every post read; answers how many were unread.
    Q_INVOKABLE int markAllRead();

public Q_SLOTS:
    void refresh();

Q_SIGNALS:
    void unreadCountChanged();
    void revisionChanged();

protected:
    qsizetype size() const override { return m_posts.size(); }
    QString idAt(qsizetype row) const override { return m_posts.at(row).id; }
    void rowsExpired() override { refresh(); }

private:
    NewsStore &m_store;
    QList<NewsPost> m_posts;
    int m_unread = 0;
    int m_revision = 0;
};

} // namespace tessera
