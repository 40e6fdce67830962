#include "base/logging.h"
#include "inbox/inboxstore.h"
#include "inbox/internal/inboxrows.h"
#include "net/apiclient.h"
#include "protocol/wiretime.h"
#include "storage/database.h"
#include "storage/sqlrows.h"
#include "storage/sqlstatement.h"
#include "storage/sqltransaction.h"

// InboxStore's rows for what the person does: status texts, read marks not yet told, and the
// decision outbox.

// The outbox rows, in the order readDecision() reads them.
#define SELECT_DECISIONS                                                                           \
    "SELECT seq, itemId, action, comment, version, idempotencyKey, createdAt, attempts,"           \
    " nextAttemptAt, lastError FROM decision_outbox"

namespace tessera {

using namespace inboxrows;

bool InboxStore::setStatusText(const QString &itemId, const QString &text)
{
    if (!database())
        return false;
    writeHeld(); // a delta page held before this write goes first (its failure is logged)
    SqlStatement statement =
        database()->prepare("UPDATE inbox_items SET statusText = ?2 WHERE id = ?1");
    statement.bindText(1, itemId);
    if (text.isEmpty())
        statement.bindNull(2);
    else
        statement.bindText(2, text);
    if (!statement.exec())
        return false;
    notifyChanged();
    return true;
}

bool InboxStore::markReadLocally(const QString &itemId)
{
    if (!database())
        return false;
    writeHeld(); // a delta page held before this write goes first (its failure is logged)
    SqlStatement statement =
        database()->prepare("UPDATE inbox_items SET state = 'read', readPending = 1 WHERE id = ?1 "
                            "AND state = 'unread'");
    statement.bindText(1, itemId);
    if (!statement.exec() || database()->changes() != 1)
        return false;
    notifyChanged();
    return true;
}

QStringList InboxStore::pendingReads() const
{
    if (!database())
        return {};
    return rowsOf(
        database()->prepare("SELECT id FROM inbox_items WHERE readPending = 1 ORDER BY id"),
        textColumn, "reading the read marks");
}

bool InboxStore::confirmRead(const InboxItem &item)
{
    if (!database())
        return false;
    writeHeld(); // a delta page held before this write goes first (its failure is logged)
    {
        SqlTransaction transaction(*database());
        if (!transaction.isActive())
            return false;
        SqlStatement told =
            database()->prepare("UPDATE inbox_items SET readPending = 0 WHERE id = ?1");
        told.bindText(1, item.id);
        if (!told.exec() || !writeItem(item) || !transaction.commit())
            return false;
    }
    notifyChanged();
    return true;
}

std::optional<PendingDecision> InboxStore::enqueueDecision(const QString &itemId,
    const QString &action, const QString &comment, const std::optional<QJsonObject> &inputs)
{
    if (!database())
        return std::nullopt;
    writeHeld(); // a delta page held before this write goes first (its failure is logged)
    const std::optional<InboxItem> current = item(itemId);
    if (!current || current->pending)
        return std::nullopt;
    PendingDecision decision;
    decision.itemId = itemId;
    decision.action = action;
    decision.comment = comment;
    decision.version = current->version;
    decision.idempotencyKey = ApiClient::newIdempotencyKey();
    decision.createdAt = QDateTime::currentDateTimeUtc();
    decision.inputs = inputs;
    {
        SqlTransaction transaction(*database());
        if (!transaction.isActive())
            return std::nullopt;
        SqlStatement insert = database()->prepare(
            "INSERT INTO decision_outbox (itemId, action, comment, version, idempotencyKey,"
            " createdAt) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
        insert.bindText(1, itemId);
        insert.bindText(2, action);
        if (comment.isEmpty())
            insert.bindNull(3);
        else
            insert.bindText(3, comment);
        insert.bindInt64(4, decision.version);
        insert.bindText(5, QString::fromLatin1(decision.idempotencyKey));
        insert.bindText(6, wiretime::format(decision.createdAt));
        if (!insert.exec()) {
            qCWarning(lcInbox).noquote() << "outbox:" << insert.error().message;
            return std::nullopt;
        }
        decision.seq = database()->lastInsertRowId();
        // A new decision: the words about an earlier one go.
        SqlStatement clear =
            database()->prepare("UPDATE inbox_items SET statusText = NULL WHERE id = ?1");
        clear.bindText(1, itemId);
        if (!clear.exec() || (inputs && !setPendingInputs(itemId, *inputs))
            || !transaction.commit())
            return std::nullopt;
    }
    notifyChanged();
    return decision;
}

QList<PendingDecision> InboxStore::pendingDecisions() const
{
    if (!database())
        return {};
    // The statement is finalized before the inputs are read.
    QList<PendingDecision> result = rowsOf(
        database()->prepare(SELECT_DECISIONS " ORDER BY seq"), readDecision, "reading the outbox");
    for (PendingDecision &decision : result)
        decision.inputs = pendingInputs(decision.itemId);
    return result;
}

int InboxStore::pendingDecisionCount() const
{
    if (!database())
        return 0;
    SqlStatement statement = database()->prepare("SELECT count(*) FROM decision_outbox");
    if (statement.step() != SqlStatement::Step::Row)
        return 0;
    return static_cast<int>(statement.columnInt64(0));
}

bool InboxStore::recordAttempt(qint64 seq, const QDateTime &nextAttemptAt, const QString &error)
{
    if (!database())
        return false;
    SqlStatement statement = database()->prepare(
        "UPDATE decision_outbox SET attempts = attempts + 1, nextAttemptAt = ?2, lastError = ?3"
        " WHERE seq = ?1");
    statement.bindInt64(1, seq);
    bindTimeOrNull(statement, 2, nextAttemptAt);
    statement.bindText(3, error);
    return statement.exec();
}

bool InboxStore::makeDecisionsDue()
{
    return database() && database()->exec("UPDATE decision_outbox SET nextAttemptAt = NULL");
}

bool InboxStore::finishDecision(qint64 seq, const std::optional<InboxItem> &current,
    const QString &statusText, const QJsonArray &inputErrors)
{
    if (!database())
        return false;
    writeHeld(); // a delta page held before this write goes first (its failure is logged)
    {
        SqlTransaction transaction(*database());
        if (!transaction.isActive())
            return false;
        SqlStatement find =
            database()->prepare("SELECT itemId FROM decision_outbox WHERE seq = ?1");
        find.bindInt64(1, seq);
        if (find.step() != SqlStatement::Step::Row)
            return false;
        const QString itemId = find.columnText(0);
        find = SqlStatement();
        if (current && !writeItem(*current))
            return false;
        SqlStatement remove = database()->prepare("DELETE FROM decision_outbox WHERE seq = ?1");
        remove.bindInt64(1, seq);
        SqlStatement text =
            database()->prepare("UPDATE inbox_items SET statusText = ?2 WHERE id = ?1");
        text.bindText(1, itemId);
        if (statusText.isEmpty())
            text.bindNull(2);
        else
            text.bindText(2, statusText);
        if (!remove.exec() || !text.exec() || !finishInputs(itemId, inputErrors)
            || !transaction.commit())
            return false;
    }
    notifyChanged();
    return true;
}

} // namespace tessera
