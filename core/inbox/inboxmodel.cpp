#include "inbox/inboxmodel.h"

#include "inbox/decisionoutbox.h"
#include "inbox/inboxstore.h"
#include "inbox/inboxsync.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonObject>
#include <QLocale>
#include <QScopedValueRollback>
#include <QSet>

namespace tessera {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("tessera::InboxModel", text);
}

QVariant timeOrNull(const QDateTime &time)
{
    return time.isValid() ? QVariant(time) : QVariant();
}

QVariant textOrNull(const QString &text)
{
    return text.isEmpty() ? QVariant() : QVariant(text);
}

bool sameItem(const InboxItem &a, const InboxItem &b)
{
    return a.toJson() == b.toJson() && a.readPending == b.readPending
        && a.statusText == b.statusText && a.pending == b.pending
        && a.pendingAction == b.pendingAction && a.formActions == b.formActions;
}

QString pendingText(const QString &action)
{
    if (action == u"approve")
        return tr("Sending approval…");
    if (action == u"reject")
        return tr("Sending rejection…");
    return tr("Sending “%1”…").arg(action);
}

// Whether every id of part appears in whole, in the same order.
bool isOrderedSubsequence(const QList<InboxItem> &part, const QList<InboxItem> &whole)
{
    qsizetype next = 0;
    for (const InboxItem &item : part) {
        while (next < whole.size() && whole.at(next).id != item.id)
            ++next;
        if (next == whole.size())
            return false;
        ++next;
    }
    return true;
}

} // namespace

InboxModel::InboxModel(InboxStore &store, QObject *parent)
    : QAbstractListModel(parent)
    , m_store(store)
{
    connect(&m_store, &InboxStore::changed, this, &InboxModel::reload);
    reload();
}

InboxModel::~InboxModel() = default;

void InboxModel::setSync(InboxSync *sync)
{
    if (InboxSync *const previous = m_sync.data())
        previous->disconnect(this);
    m_sync = sync;
    if (sync) {
        connect(sync, &InboxSync::loadingChanged, this, &InboxModel::loadingChanged);
        connect(sync, &InboxSync::errorChanged, this, &InboxModel::errorChanged);
        connect(sync, &InboxSync::offlineChanged, this, &InboxModel::offlineChanged);
    }
    Q_EMIT loadingChanged();
    Q_EMIT errorChanged();
    Q_EMIT offlineChanged();
}

void InboxModel::setOutbox(DecisionOutbox *outbox)
{
    m_outbox = outbox;
}

int InboxModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

bool InboxModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && m_rows.size() < m_total;
}

void InboxModel::fetchMore(const QModelIndex &parent)
{
    // Not from a slot of our own row signals (a view or a model tester may ask then).
    if (m_updating || !canFetchMore(parent))
        return;
    const QScopedValueRollback<bool> updating(m_updating, true);
    // The loaded rows are the first ones of the cache's order (every change reloads them), so
    // the next page starts where they end.
    const int first = static_cast<int>(m_rows.size());
    const QList<InboxItem> more = m_store.items(storeFilter(), pageSize, first);
    if (more.isEmpty())
        return;
    beginInsertRows({}, first, first + static_cast<int>(more.size()) - 1);
    m_rows.append(more);
    endInsertRows();
}

QHash<int, QByteArray> InboxModel::roleNames() const
{
    return {
        { IdRole, "id" },
        { SubsystemRole, "subsystem" },
        { TitleRole, "title" },
        { BodyRole, "body" },
        { CategoryRole, "category" },
        { PriorityRole, "priority" },
        { CreatedAtRole, "createdAt" },
        { ExpiresAtRole, "expiresAt" },
        { ActionableRole, "actionable" },
        { ActionsRole, "actions" },
        { DataRole, "data" },
        { StateRole, "state" },
        { DecidedByRole, "decidedBy" },
        { DecidedByNameRole, "decidedByName" },
        { DecidedAtRole, "decidedAt" },
        { DecidedViaRole, "decidedVia" },
        { DecidedActionRole, "decidedAction" },
        { VersionRole, "version" },
        { PendingRole, "pending" },
        { PendingActionRole, "pendingAction" },
        { ConflictTextRole, "conflictText" },
        { StatusTextRole, "statusText" },
        { NeedsActionRole, "needsAction" },
        { UnreadRole, "unread" },
        { SectionRole, "section" },
        { FormActionsRole, "formActions" },
    };
}

QVariant InboxModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    return value(m_rows.at(index.row()), role);
}

QVariant InboxModel::value(const InboxItem &item, int role)
{
    switch (role) {
    case Qt::DisplayRole:
    case TitleRole:
        return item.title;
    case IdRole:
        return item.id;
    case SubsystemRole:
        return item.subsystem;
    case BodyRole:
        return item.body;
    case CategoryRole:
        return item.category;
    case PriorityRole:
        return item.priority;
    case CreatedAtRole:
        return timeOrNull(item.createdAt);
    case ExpiresAtRole:
        return timeOrNull(item.expiresAt);
    case ActionableRole:
        return item.actionable;
    case ActionsRole:
        return item.actions.toVariantList();
    case DataRole:
        return item.data.toVariant();
    case StateRole:
        return item.state;
    case DecidedByRole:
        return textOrNull(item.decidedBy);
    case DecidedByNameRole:
        return textOrNull(item.decidedByName);
    case DecidedAtRole:
        return timeOrNull(item.decidedAt);
    case DecidedViaRole:
        return textOrNull(item.decidedVia);
    case DecidedActionRole:
        return textOrNull(item.decidedAction);
    case VersionRole:
        return item.version;
    case PendingRole:
        return item.pending;
    case PendingActionRole:
        return textOrNull(item.pendingAction);
    case ConflictTextRole:
        return item.statusText;
    case StatusTextRole:
        return item.pending ? pendingText(item.pendingAction) : item.statusText;
    case NeedsActionRole:
        return item.needsAction();
    case UnreadRole:
        return item.isUnread();
    case SectionRole:
        return dayLabel(item.createdAt);
    case FormActionsRole:
        return item.formActions;
    default:
        return {};
    }
}

QString InboxModel::dayLabel(const QDateTime &time)
{
    if (!time.isValid())
        return {};
    const QDate day = time.toLocalTime().date();
    const QDate today = QDate::currentDate();
    if (day == today)
        return tr("Today");
    if (day == today.addDays(-1))
        return tr("Yesterday");
    return QLocale().toString(day, QLocale::LongFormat);
}

bool InboxModel::isLoading() const
{
    const InboxSync *const sync = m_sync.data();
    return sync != nullptr && sync->isLoading();
}

QString InboxModel::error() const
{
    const InboxSync *const sync = m_sync.data();
    return sync != nullptr ? sync->error() : QString();
}

bool InboxModel::isOffline() const
{
    const InboxSync *const sync = m_sync.data();
    return sync != nullptr && sync->isOffline();
}

QVariantMap InboxModel::get(const QString &id) const
{
    const std::optional<InboxItem> item = m_store.item(id);
    if (!item)
        return {};
    QVariantMap map;
    const QHash<int, QByteArray> names = roleNames();
    for (auto it = names.cbegin(); it != names.cend(); ++it)
        map.insert(QString::fromLatin1(it.value()), value(*item, it.key()));
    map.insert(QStringLiteral("card"),
        item->hasCard() ? QVariant(item->card.toVariantMap()) : QVariant::fromValue(nullptr));
    map.insert(QStringLiteral("inputErrors"), item->inputErrors.toVariantList());
    // The inputs it was decided with (an object; empty when none), for the decided card.
    map.insert(QStringLiteral("decidedInputs"), item->decidedInputs.toVariantMap());
    return map;
}

bool InboxModel::requiresComment(const QString &id, const QString &action) const
{
    const std::optional<InboxItem> item = m_store.item(id);
    if (!item)
        return false;
    for (const auto &value : item->actions) {
        const QJsonObject object = value.toObject();
        if (object.value(QStringLiteral("id")).toString() == action)
            return object.value(QStringLiteral("requiresComment")).toBool();
    }
    return false;
}

void InboxModel::setFilter(Filter filter)
{
    if (m_filter == filter)
        return;
    m_filter = filter;
    m_filterChanged = true;
    Q_EMIT filterChanged();
    reload();
}

void InboxModel::setCategory(const QString &category)
{
    if (m_category == category)
        return;
    m_category = category;
    m_filterChanged = true;
    Q_EMIT filterChanged();
    reload();
}

InboxItemFilter InboxModel::storeFilter() const
{
    switch (m_filter) {
    case Filter::All:
        return {};
    case Filter::NeedsAction:
        return { InboxItemFilter::Kind::NeedsAction, {} };
    case Filter::Unread:
        return { InboxItemFilter::Kind::Unread, {} };
    case Filter::Category:
        return { InboxItemFilter::Kind::Category, m_category };
    }
    return {};
}

int InboxModel::rowOf(const QString &id) const
{
    for (int row = 0; row < m_rows.size(); ++row) {
        if (m_rows.at(row).id == id)
            return row;
    }
    return -1;
}

void InboxModel::reload()
{
    const QScopedValueRollback<bool> updating(m_updating, true);
    const InboxItemFilter filter = storeFilter();
    const int total = m_store.itemCount(filter);
    // As many rows as are loaded (at least a page; another filter's list: its first page).
    // Items new at the top push the last loaded ones out: a view fetches them again.
    const int window =
        m_filterChanged ? pageSize : std::max(static_cast<int>(m_rows.size()), pageSize);
    m_filterChanged = false;
    const QList<InboxItem> fresh = m_store.items(filter, window);
    const int unread = m_store.unreadCount();
    const int pending = m_store.pendingItemCount();
    QStringList categories = m_store.categories();
    const int before = m_total;

    // Both lists are in the store's one order (newest first), so the rows that stay keep their
    // order: remove what went, then walk the new list inserting what came and updating the rest.
    QSet<QString> freshIds;
    for (const InboxItem &item : std::as_const(fresh))
        freshIds.insert(item.id);
    for (int row = static_cast<int>(m_rows.size()) - 1; row >= 0; --row) {
        if (freshIds.contains(m_rows.at(row).id))
            continue;
        int first = row;
        while (first > 0 && !freshIds.contains(m_rows.at(first - 1).id))
            --first;
        beginRemoveRows({}, first, row);
        m_rows.remove(first, row - first + 1);
        endRemoveRows();
        row = first;
    }
    // The rows left are a subsequence of the new list, in its order; should the order have
    // changed after all, start over.
    if (!isOrderedSubsequence(m_rows, fresh)) {
        beginResetModel();
        m_rows = fresh;
        endResetModel();
    }
    for (int row = 0; row < fresh.size(); ++row) {
        const InboxItem &item = fresh.at(row);
        if (row < m_rows.size() && m_rows.at(row).id == item.id) {
            if (!sameItem(m_rows.at(row), item)) {
                m_rows[row] = item;
                Q_EMIT dataChanged(index(row), index(row));
            }
            continue;
        }
        beginInsertRows({}, row, row);
        m_rows.insert(row, item);
        endInsertRows();
    }
    m_total = total;
    if (m_total != before)
        Q_EMIT countChanged();
    if (unread != m_unread) {
        m_unread = unread;
        Q_EMIT unreadCountChanged();
    }
    if (pending != m_pending) {
        m_pending = pending;
        Q_EMIT pendingDecisionsChanged();
    }
    categories.sort(Qt::CaseInsensitive);
    if (categories != m_categories) {
        m_categories = categories;
        Q_EMIT categoriesChanged();
    }
}

QString InboxModel::approve(const QString &id, const QString &comment)
{
    return decide(id, QStringLiteral("approve"), comment);
}

QString InboxModel::reject(const QString &id, const QString &comment)
{
    return decide(id, QStringLiteral("reject"), comment);
}

QString InboxModel::decide(
    const QString &id, const QString &action, const QString &comment, const QVariantMap &inputs)
{
    DecisionOutbox *const outbox = m_outbox.data();
    if (outbox == nullptr)
        return tr("Decisions cannot be sent from here.");
    const auto refusal = outbox->decide(id, action, comment, QJsonObject::fromVariantMap(inputs));
    return refusal ? refusal->message : QString();
}

QString InboxModel::approveAll(const QStringList &ids)
{
    int needComment = 0;
    int needForm = 0;
    QStringList refusals;
    for (const QString &id : ids) {
        const std::optional<InboxItem> item = m_store.item(id);
        if (!item || !item->needsAction())
            continue;
        // A card whose approval sends inputs: the person sees the form first.
        if (item->needsForm(QStringLiteral("approve"))) {
            ++needForm;
            continue;
        }
        if (requiresComment(id, QStringLiteral("approve"))) {
            ++needComment;
            continue;
        }
        const QString refusal = approve(id);
        if (!refusal.isEmpty())
            refusals.append(item->title + QStringLiteral(": ") + refusal);
    }
    if (needComment > 0)
        refusals.prepend(needComment == 1
                ? tr("1 item asks for a comment: approve it on its own.")
                : tr("%1 items ask for a comment: approve them one by one.").arg(needComment));
    if (needForm > 0)
        refusals.prepend(needForm == 1
                ? tr("1 item needs details: open it to decide.")
                : tr("%1 items need details: open them to decide.").arg(needForm));
    return refusals.join(u'\n');
}

void InboxModel::markRead(const QString &id)
{
    if (InboxSync *const sync = m_sync.data())
        sync->markRead(id);
    else
        m_store.markReadLocally(id);
}

void InboxModel::refresh()
{
    if (InboxSync *const sync = m_sync.data())
        sync->syncNow();
    else
        reload();
}

} // namespace tessera
