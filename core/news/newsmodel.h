#pragma once

#include "news/newspost.h"

#include <QAbstractListModel>
#include <QList>
#include <QTimer>
#include <QVariantMap>

namespace tessera {

class NewsStore;
class NewsSync;

// News's posts as a list: pinned first, then newest first (expired posts left out), refreshed
// whenever the store changes and when the next post expires; how many are unread; marking one
// or all read (at once here, sent later by the read outbox). With a sync set, its state too.
class NewsModel : public QAbstractListModel
{
    Q_OBJECT
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)
    Q_PROPERTY(int unreadCount READ unreadCount NOTIFY unreadCountChanged)
    Q_PROPERTY(bool loading READ isLoading NOTIFY syncStateChanged)
    Q_PROPERTY(bool offline READ isOffline NOTIFY syncStateChanged)
    Q_PROPERTY(QString error READ error NOTIFY syncStateChanged)
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

    // The sync whose state the model shows (may be null); it must outlive the model.
    void setSync(NewsSync *sync);
    // Whoever knows (the live stream) says whether the server can be reached; offline is this or
    // the sync's own.
    void setOffline(bool offline);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    int unreadCount() const { return m_unread; }
    int revision() const { return m_revision; }
    bool isLoading() const;
    bool isOffline() const;
    QString error() const;
    Q_INVOKABLE int rowOf(const QString &postId) const;
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
    // Asks the sync for what changed now (pull to refresh, the page's Retry); nothing without a
    // sync.
    void syncNow();

Q_SIGNALS:
    void countChanged();
    void unreadCountChanged();
    void revisionChanged();
    void syncStateChanged();

private:
    void scheduleExpiry();

    NewsStore &m_store;
    NewsSync *m_sync = nullptr;
    QList<NewsPost> m_posts;
    int m_unread = 0;
    bool m_offline = false;
    int m_revision = 0;
    QTimer m_expiry;
};

} // namespace tessera
