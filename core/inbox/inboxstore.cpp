#include "inbox/inboxstore.h"

#include "base/logging.h"
#include "inbox/internal/inboxrows.h"
#include "inbox/internal/inboxsql.h"
#include "storage/database.h"
#include "storage/sqlrows.h"
#include "storage/sqlstatement.h"

#include <QTimer>

// InboxStore's lifetime and its reads: items, pages of a filter, counts, categories, the
// cursor. The delta path is in inboxstoredelta.cpp, read marks and the outbox in
// inboxstoreoutbox.cpp.

namespace tessera {

using namespace inboxrows;

namespace {

// The WHERE clause of a filter (?1: the category).
const char *filterClause(const InboxItemFilter &filter)
{
    switch (filter.kind) {
    case InboxItemFilter::Kind::All:
        return "";
    case InboxItemFilter::Kind::NeedsAction:
        return " WHERE i.actionable = 1 AND i.state IN ('unread', 'read') AND o.itemId IS NULL";
    case InboxItemFilter::Kind::Unread:
        return " WHERE i.state = 'unread'";
    case InboxItemFilter::Kind::Category:
        return " WHERE i.category = ?1";
    }
    return "";
}

} // namespace

InboxStore::InboxStore(QObject *parent)
    : InboxStore(nullptr, parent)
{ }

InboxStore::InboxStore(std::shared_ptr<Database> database, QObject *parent)
    : DeltaStore(std::move(database), "settings", cursorSetting(), parent)
    , m_catchUpIdle(new QTimer(this))
{
    m_catchUpIdle->setSingleShot(true);
    m_catchUpIdle->setInterval(catchUpIdleMs);
    connect(m_catchUpIdle, &QTimer::timeout, this, &InboxStore::endCatchUp);
    m_heldTimer = new QTimer(this);
    m_heldTimer->setSingleShot(true);
    m_heldTimer->setInterval(batchMs);
    connect(m_heldTimer, &QTimer::timeout, this, [this]() { writeHeld(); });
}

InboxStore::~InboxStore()
{
    // Held pages are dropped (the next sync fetches them again from the committed cursor).
    endCatchUp(); // the database may live on with another owner
}

void InboxStore::databaseChanging()
{
    // Held pages belong to the database going away.
    m_heldItems.clear();
    m_heldCursor.clear();
    m_heldPages = 0;
    m_afterMore = false;
    m_heldLost = false;
    m_heldTimer->stop();
    endCatchUp(); // the settings of a catch-up are the connection's, not the next one's
}

void InboxStore::notifyChanged()
{
    Q_EMIT changed();
}

QList<InboxItem> InboxStore::items() const
{
    if (!database())
        return {};
    // The statement is finalized before the cards are read.
    QList<InboxItem> result =
        rowsOf(database()->prepare(TESSERA_INBOX_SELECT_ITEMS TESSERA_INBOX_ORDER), readItem,
            "reading the inbox");
    readCards(result);
    return result;
}

std::optional<InboxItem> InboxStore::item(const QString &id) const
{
    if (!database())
        return std::nullopt;
    SqlStatement statement = database()->prepare(TESSERA_INBOX_SELECT_ITEMS " WHERE i.id = ?1");
    statement.bindText(1, id);
    if (statement.step() != SqlStatement::Step::Row)
        return std::nullopt;
    InboxItem found = readItem(statement);
    statement = SqlStatement();
    readCard(&found);
    return found;
}

QList<InboxItem> InboxStore::items(const InboxItemFilter &filter, int limit, int offset) const
{
    if (!database() || limit <= 0)
        return {};
    const QByteArray sql =
        QByteArrayLiteral(TESSERA_INBOX_SELECT_ITEMS) + filterClause(filter) + TESSERA_INBOX_PAGE;
    QList<InboxItem> result;
    {
        SqlStatement statement = database()->prepare(sql);
        if (filter.kind == InboxItemFilter::Kind::Category)
            statement.bindText(1, filter.category);
        statement.bindInt64(2, limit);
        statement.bindInt64(3, std::max(offset, 0));
        result = rowsOf(statement, readItem, "reading the inbox");
    } // finalized before the forms are read
    readFormActions(result);
    return result;
}

int InboxStore::itemCount(const InboxItemFilter &filter) const
{
    if (!database())
        return 0;
    // All items: the count of the smallest index (an outbox row per item at most, so the join
    // would not change it); a filter needs the join.
    const QByteArray sql = filter.kind == InboxItemFilter::Kind::All
        ? QByteArrayLiteral(TESSERA_INBOX_COUNT_ALL)
        : QByteArrayLiteral("SELECT count(*) FROM inbox_items i LEFT JOIN decision_outbox o"
                            " ON o.itemId = i.id")
            + filterClause(filter);
    SqlStatement statement = database()->prepare(sql);
    if (filter.kind == InboxItemFilter::Kind::Category)
        statement.bindText(1, filter.category);
    if (statement.step() != SqlStatement::Step::Row)
        return 0;
    return static_cast<int>(statement.columnInt64(0));
}

qint64 InboxStore::lastArrival() const
{
    if (!database())
        return 0;
    SqlStatement statement =
        database()->prepare("SELECT COALESCE(MAX(arrival), 0) FROM inbox_items");
    if (statement.step() != SqlStatement::Step::Row)
        return 0;
    return statement.columnInt64(0);
}

QList<InboxItem> InboxStore::arrivedAfter(qint64 arrival, int limit) const
{
    if (!database() || limit <= 0)
        return {};
    QList<InboxItem> result;
    {
        // By the index on arrival (client migration 6).
        SqlStatement statement = database()->prepare(
            TESSERA_INBOX_SELECT_ITEMS " WHERE i.arrival > ?1 ORDER BY i.arrival LIMIT ?2");
        statement.bindInt64(1, arrival);
        statement.bindInt64(2, limit);
        result = rowsOf(statement, readItem, "reading the inbox's new items");
    } // finalized before the forms are read
    readFormActions(result);
    return result;
}

QStringList InboxStore::categories() const
{
    if (!database())
        return {};
    return rowsOf(database()->prepare(TESSERA_INBOX_CATEGORIES), textColumn,
        "reading the inbox's categories");
}

int InboxStore::pendingItemCount() const
{
    if (!database())
        return 0;
    SqlStatement statement = database()->prepare(TESSERA_INBOX_COUNT_PENDING);
    if (statement.step() != SqlStatement::Step::Row)
        return 0;
    return static_cast<int>(statement.columnInt64(0));
}

int InboxStore::unreadCount() const
{
    if (!database())
        return 0;
    SqlStatement statement = database()->prepare(TESSERA_INBOX_COUNT_UNREAD);
    if (statement.step() != SqlStatement::Step::Row)
        return 0;
    return static_cast<int>(statement.columnInt64(0));
}

} // namespace tessera
