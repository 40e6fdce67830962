#pragma once

#include "inbox/inboxitem.h"
#include "inbox/inboxstore.h"

#include <QAbstractListModel>
#include <QList>
#include <QPointer>
#include <QString>

namespace tessera {

class DecisionOutbox;
class InboxSync;

// The inbox as the UI shows it: the cached items, newest first, filtered; a role for every
// field of an item and for what this device knows about it (a pending decision, the words about
// a conflict). Works from the cache alone (offline); sync and outbox are optional helpers: with
// them, refresh() syncs, the decision functions go through the outbox and loading / error
// follow the sync.
//
// The rows are loaded a page at a time (canFetchMore / fetchMore, as views ask for them): the
// first screen reads the newest pageSize items by the cache's index, not the whole inbox.
// count, unreadCount, pendingDecisions and categories are the whole cache's (counted in SQL);
// rowCount() is the rows loaded so far (count when all are). A change to the cache reloads the
// loaded rows and reports them row by row (inserted, removed, dataChanged), not as a reset.
class InboxModel : public QAbstractListModel
{
    Q_OBJECT
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    Q_PROPERTY(int unreadCount READ unreadCount NOTIFY unreadCountChanged)
    Q_PROPERTY(int pendingDecisions READ pendingDecisions NOTIFY pendingDecisionsChanged)
    Q_PROPERTY(bool loading READ isLoading NOTIFY loadingChanged)
    Q_PROPERTY(QString error READ error NOTIFY errorChanged)
    // The last sync could not reach the server: decisions wait in the outbox (pendingDecisions).
    Q_PROPERTY(bool offline READ isOffline NOTIFY offlineChanged)
    // Every category in the cache, sorted (for the category filter).
    Q_PROPERTY(QStringList categories READ categories NOTIFY categoriesChanged)
    Q_PROPERTY(Filter filter READ filter WRITE setFilter NOTIFY filterChanged)
    // The category shown by the Category filter.
    Q_PROPERTY(QString category READ category WRITE setCategory NOTIFY filterChanged)
public:
    enum Role {
        IdRole = Qt::UserRole + 1,
        SubsystemRole,
        TitleRole,
        BodyRole,
        CategoryRole,
        PriorityRole,
        CreatedAtRole,
        ExpiresAtRole,
        ActionableRole,
        ActionsRole, // a list of {id, label, requiresComment}
        DataRole,
        StateRole,
        DecidedByRole,
        DecidedByNameRole,
        DecidedAtRole,
        DecidedViaRole,
        DecidedActionRole,
        VersionRole,
        PendingRole, // a decision from here is on its way
        PendingActionRole,
        ConflictTextRole, // "Already approved by A. Rao on Pixel 8 at 10:42", a refusal ...
        StatusTextRole, // what to show under the item: the conflict text, "Sending approval…"
        NeedsActionRole,
        UnreadRole,
        SectionRole, // the day of createdAt, for sections: "Today", "Yesterday", a date
        // The ids of the actions of an open item whose card sends inputs with them: the list
        // does not decide those (the detail page shows the form).
        FormActionsRole,
    };
    Q_ENUM(Role)

    enum class Filter { All, NeedsAction, Unread, Category };
    Q_ENUM(Filter)

    explicit InboxModel(InboxStore &store, QObject *parent = nullptr);
    ~InboxModel() override;

    void setSync(InboxSync *sync);
    void setOutbox(DecisionOutbox *outbox);

    static constexpr int pageSize = 100;

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    // The items the filter shows (loaded or not).
    int count() const { return m_total; }
    int unreadCount() const { return m_unread; }
    int pendingDecisions() const { return m_pending; }
    bool isLoading() const;
    QString error() const;
    bool isOffline() const;
    QStringList categories() const { return m_categories; }
    Filter filter() const { return m_filter; }
    void setFilter(Filter filter);
    QString category() const { return m_category; }
    void setCategory(const QString &category);

    const InboxItem &itemAt(int row) const { return m_rows.at(row); }
    // The row of a loaded item, -1 when it is not loaded (or not shown).
    int rowOf(const QString &id) const;

    // One item by id, whether the filter shows it or not: a map of the role names to their
    // values (empty when the cache has no such item), and "card" (the item's Adaptive Card as a
    // map, or null) and "inputErrors" (the server's 422 invalid_inputs on the last decision:
    // [{input, message}]) and "decidedInputs" (the inputs it was decided with, whoever decided:
    // an object, empty when none), which list rows do not carry. For the detail page.
    Q_INVOKABLE QVariantMap get(const QString &id) const;
    // Whether deciding action on the item asks for a comment.
    Q_INVOKABLE bool requiresComment(const QString &id, const QString &action) const;

    // Decisions go through the outbox. Each answers an empty string when the decision is on its
    // way, otherwise why not (for the person).
    Q_INVOKABLE QString approve(const QString &id, const QString &comment = {});
    Q_INVOKABLE QString reject(const QString &id, const QString &comment = {});
    // inputs: an item's card's inputs sent with the action (checked against the card first).
    Q_INVOKABLE QString decide(const QString &id, const QString &action,
        const QString &comment = {}, const QVariantMap &inputs = {});
    // Approves each item that needs an action, does not ask for a comment and whose approval
    // sends no card inputs (those need their form: "2 items need details: open them to
    // decide."); answers empty when every one is on its way, otherwise what was left and why
    // (for the person).
    Q_INVOKABLE QString approveAll(const QStringList &ids);
    Q_INVOKABLE void markRead(const QString &id);
    // Syncs now (pull to refresh); without a sync, reloads the cache.
    Q_INVOKABLE void refresh();
    // The day label of a time, as the section role gives it.
    static QString dayLabel(const QDateTime &time);

Q_SIGNALS:
    void countChanged();
    void unreadCountChanged();
    void pendingDecisionsChanged();
    void loadingChanged();
    void errorChanged();
    void offlineChanged();
    void categoriesChanged();
    void filterChanged();

private:
    void reload();
    InboxItemFilter storeFilter() const;
    static QVariant value(const InboxItem &item, int role);

    InboxStore &m_store;
    QPointer<InboxSync> m_sync;
    QPointer<DecisionOutbox> m_outbox;
    QList<InboxItem> m_rows; // the first rows the filter shows, newest first
    bool m_filterChanged = false; // reload only the first page
    bool m_updating = false; // in reload() or fetchMore(): rows are being changed
    int m_total = 0;
    Filter m_filter = Filter::All;
    QString m_category;
    QStringList m_categories;
    int m_unread = 0;
    int m_pending = 0;
};

} // namespace tessera
