#include "base/logging.h"
#include "inbox/inboxstore.h"
#include "inbox/internal/inboxrows.h"
#include "inbox/internal/inboxsql.h"
#include "storage/database.h"
#include "storage/sqlstatement.h"

#include <QDeadlineTimer>
#include <QTimer>

#include <utility>

// InboxStore's write path for items: a delta page (and the catch-up settings a long one turns
// on) and single items from answers.

namespace tessera {

using namespace inboxrows;

void InboxStore::beginCatchUp()
{
    m_catchUpIdle->start();
    if (m_catchUp)
        return;
    // Set outside a transaction; a failure only costs speed.
    const QByteArray settings = QByteArrayLiteral("PRAGMA cache_size = -")
        + QByteArray::number(catchUpCacheKiB) + QByteArrayLiteral("; PRAGMA wal_autocheckpoint = ")
        + QByteArray::number(catchUpCheckpointPages)
        + QByteArrayLiteral("; PRAGMA journal_size_limit = -1");
    m_catchUp = database()->exec(settings);
    if (!m_catchUp)
        qCWarning(lcInbox).noquote() << "catch-up settings:" << database()->lastError().message;
}

void InboxStore::endCatchUp()
{
    m_catchUpIdle->stop();
    if (!m_catchUp)
        return;
    m_catchUp = false;
    if (!database())
        return;
    // The smaller cache frees the pages above it. The WAL is copied into the file now (PASSIVE:
    // no waiting for readers); the next write cuts its file back to journal_size_limit.
    const QByteArray settings = QByteArrayLiteral("PRAGMA cache_size = -")
        + QByteArray::number(Database::cacheKiB)
        + QByteArrayLiteral("; PRAGMA wal_autocheckpoint = ")
        + QByteArray::number(Database::walCheckpointPages)
        + QByteArrayLiteral("; PRAGMA journal_size_limit = ")
        + QByteArray::number(Database::walSizeLimitBytes)
        + QByteArrayLiteral("; PRAGMA wal_checkpoint(PASSIVE)");
    if (!database()->exec(settings))
        qCWarning(lcInbox).noquote() << "ending a catch-up:" << database()->lastError().message;
}

struct InboxStore::ItemStatements
{
    SqlStatement lookup;
    SqlStatement update;
    SqlStatement insert;
    SqlStatement card;
    SqlStatement cardInputs;
    QByteArray scratch; // UTF-8 of one value at a time
};

bool InboxStore::writeItem(const InboxItem &item)
{
    ItemStatements statements;
    return writeItem(item, statements);
}

bool InboxStore::writeItem(const InboxItem &item, ItemStatements &statements)
{
    // SQLite 3.15: no UPSERT. Update first (keeping the local columns), insert when new.
    SqlStatement &current = reuse(statements.lookup, *database(), TESSERA_INBOX_LOOKUP);
    bindText(current, 1, item.id, statements.scratch);
    const SqlStatement::Step found = current.step();
    if (found == SqlStatement::Step::Error) {
        qCWarning(lcInbox).noquote()
            << "looking up item" << item.id << ":" << current.error().message;
        return false;
    }
    const bool exists = found == SqlStatement::Step::Row;
    const bool readPending = exists && current.columnBool(0);
    current.reset();

    QString state = item.state;
    bool keepReadPending = readPending;
    if (readPending) {
        if (state == u"unread")
            state = QStringLiteral("read"); // the server has not heard of the read mark yet
        else if (state == u"read")
            keepReadPending = false; // it has
    }
    SqlStatement &statement = exists
        ? reuse(statements.update, *database(),
            "UPDATE inbox_items SET subsystem = ?2, title = ?3, body = ?4, category = ?5,"
            " priority = ?6, createdAt = ?7, expiresAt = ?8, actionable = ?9, actions = ?10,"
            " data = ?11, state = ?12, decidedBy = ?13, decidedByName = ?14, decidedAt = ?15,"
            " decidedVia = ?16, decidedAction = ?17, version = ?18, readPending = ?19,"
            " statusText = CASE WHEN ?18 > version THEN NULL ELSE statusText END"
            " WHERE id = ?1")
        : reuse(statements.insert, *database(), TESSERA_INBOX_INSERT);
    QByteArray &scratch = statements.scratch;
    bindText(statement, 1, item.id, scratch);
    bindText(statement, 2, item.subsystem, scratch);
    bindText(statement, 3, item.title, scratch);
    bindText(statement, 4, item.body, scratch);
    bindText(statement, 5, item.category, scratch);
    bindText(statement, 6, item.priority, scratch);
    statement.bindUtf8(7, storedTime(item.createdAt));
    bindTimeOrNull(statement, 8, item.expiresAt);
    statement.bindBool(9, item.actionable);
    statement.bindUtf8(10, jsonText(item.actions));
    statement.bindUtf8(11, jsonText(item.data));
    bindText(statement, 12, state, scratch);
    bindTextOrNull(statement, 13, item.decidedBy, scratch);
    bindTextOrNull(statement, 14, item.decidedByName, scratch);
    bindTimeOrNull(statement, 15, item.decidedAt);
    bindTextOrNull(statement, 16, item.decidedVia, scratch);
    bindTextOrNull(statement, 17, item.decidedAction, scratch);
    statement.bindInt64(18, item.version);
    statement.bindBool(19, keepReadPending);
    const bool ok = statement.exec();
    if (!ok)
        qCWarning(lcInbox).noquote()
            << "storing item" << item.id << ":" << statement.error().message;
    statement.reset();
    return ok && writeCard(item, statements.card, statements.cardInputs, statements.scratch);
}

bool InboxStore::applyDelta(const QList<InboxItem> &items, const QString &cursor, bool more)
{
    if (!database())
        return false;
    if (std::exchange(m_heldLost, false)) {
        // Held pages could not be written: this page, asked for after them, must not be stored
        // over the gap. The sync fails and starts again from the committed cursor.
        m_afterMore = false;
        return false;
    }
    // A catch-up's pages after its first are held and written together (the header says when).
    const bool hold = more && m_afterMore;
    m_afterMore = more;
    if (hold) {
        if (m_heldPages == 0) {
            m_heldSinceMs = QDeadlineTimer::current().deadline();
            m_heldTimer->start();
        }
        m_heldItems.append(items);
        m_heldCursor = cursor;
        ++m_heldPages;
        if (items.size() >= catchUpItems)
            beginCatchUp();
        else
            endCatchUp();
        if (m_heldPages < m_batchPages
            && QDeadlineTimer::current().deadline() - m_heldSinceMs < batchMs)
            return true;
        return writeHeld();
    }
    // The page that ends a batch: the held pages first, as the catch-up they belong to (what
    // watches changed() and inCatchUp(), InboxNotifier, takes them as a catch-up's), then this
    // page as before, which ends the catch-up when it is small.
    if (!writeHeld())
        return false;
    return writeDelta(items, cursor, items.size() >= catchUpItems);
}

bool InboxStore::writeHeld()
{
    if (m_heldPages == 0)
        return true;
    const QList<InboxItem> batch = std::exchange(m_heldItems, {});
    const QString cursor = std::exchange(m_heldCursor, {});
    m_heldPages = 0;
    m_heldTimer->stop();
    // A failure drops them: the sync fetches them again from the committed cursor.
    // Several small pages together are as many items as one large page: a catch-up's, then.
    const std::optional<bool> catchUp =
        batch.size() >= catchUpItems ? std::optional<bool>(true) : std::nullopt;
    if (!writeDelta(batch, cursor, catchUp)) {
        m_afterMore = false;
        m_heldLost = true;
        return false;
    }
    return true;
}

bool InboxStore::endBatch()
{
    m_afterMore = false;
    const bool written = writeHeld();
    m_heldLost = false; // the next sync asks from the committed cursor
    return written;
}

QString InboxStore::cursor() const
{
    return m_heldPages > 0 ? m_heldCursor : storedCursor();
}

bool InboxStore::writeDelta(
    const QList<InboxItem> &items, const QString &cursor, std::optional<bool> catchUp)
{
    {
        // A delta page is only what the server has, with its cursor, in one transaction: a power
        // cut may lose it as a whole (WAL), and it is fetched again. So its commit does not wait
        // for the disk (synchronous = NORMAL); the decisions and read marks the person makes
        // keep FULL. Set outside the transaction, as SQLite requires, and set back on every path.
        struct RelaxedSync
        {
            Database &db;
            explicit RelaxedSync(Database &database)
                : db(database)
            {
                db.exec("PRAGMA synchronous = NORMAL");
            }
            ~RelaxedSync() { db.exec("PRAGMA synchronous = FULL"); }
            RelaxedSync(const RelaxedSync &) = delete;
            RelaxedSync &operator=(const RelaxedSync &) = delete;
        } relaxed(*database());
        if (catchUp == true)
            beginCatchUp();
        else if (catchUp == false)
            endCatchUp();
        // The items and the cursor in one transaction (DeltaStore); changed() once the relaxed
        // setting is back, so that what reacts to it writes with FULL.
        const bool written = writePage(cursor, false, [this, &items](Database &) {
            // Destroyed before the commit: prepared once for the page, finalized before the
            // commit or rollback is over.
            ItemStatements statements;
            for (const InboxItem &item : items) {
                if (!writeItem(item, statements))
                    return false;
            }
            return true;
        });
        if (!written)
            return false;
    }
    if (!items.isEmpty())
        notifyChanged();
    return true;
}

bool InboxStore::upsert(const InboxItem &item)
{
    if (!database())
        return false;
    writeHeld(); // the held pages first: they are older than this answer
    if (!writeItem(item))
        return false;
    notifyChanged();
    return true;
}

} // namespace tessera
