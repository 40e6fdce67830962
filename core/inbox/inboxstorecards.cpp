#include "base/logging.h"
#include "inbox/inboxstore.h"
#include "inbox/internal/inboxrows.h"
#include "storage/database.h"
#include "storage/sqlstatement.h"

#include <QHash>
#include <QJsonDocument>

// InboxStore's cards of items (the "inbox" feature's table inbox_cards, inboxmigrations.cpp):
// the card an item came with, the card's inputs of the decision waiting in the outbox, and what
// the server said of the last decision's inputs, the inputs it was decided with and the card's
// actions that send inputs (formActions). In a database opened with base alone the table
// is missing: a card is then not kept (the plain body shows) and nothing else changes.

namespace tessera {

using namespace inboxrows;

namespace {

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QByteArray compact(const QJsonArray &array)
{
    return QJsonDocument(array).toJson(QJsonDocument::Compact);
}

// The stored form actions (a JSON array of action ids).
QStringList storedFormActions(const QByteArray &stored)
{
    QStringList ids;
    const QJsonArray array = QJsonDocument::fromJson(stored).array();
    for (const auto &value : array)
        ids.append(value.toString());
    return ids;
}

} // namespace

bool InboxStore::writeCard(
    const InboxItem &item, SqlStatement &insert, SqlStatement &inputs, QByteArray &scratch)
{
    if (!item.hasCard())
        return true;
    // The server never changes an item's card: the first one stays, with its inputs and its form
    // actions. SQLite 3.15: no UPSERT, so the decided inputs (which come when it is decided)
    // are set by an UPDATE after.
    SqlStatement &statement = reuse(insert, *database(),
        "INSERT OR IGNORE INTO inbox_cards (itemId, card, formActions) VALUES (?1, ?2, ?3)");
    if (!statement.isValid()) {
        qCWarning(lcInbox).noquote()
            << "item" << item.id << "card not kept:" << statement.error().message;
        return true;
    }
    bindText(statement, 1, item.id, scratch);
    statement.bindUtf8(2, compact(item.card));
    // From fromJson()'s parse of the card: not parsed again for each write.
    statement.bindUtf8(3, compact(QJsonArray::fromStringList(item.formActions)));
    bool ok = statement.exec();
    if (!ok)
        qCWarning(lcInbox).noquote()
            << "storing the card of" << item.id << ":" << statement.error().message;
    statement.reset();
    if (!ok)
        return false;
    SqlStatement &decided =
        reuse(inputs, *database(), "UPDATE inbox_cards SET decidedInputs = ?2 WHERE itemId = ?1");
    bindText(decided, 1, item.id, scratch);
    if (item.decidedInputs.isEmpty())
        decided.bindNull(2);
    else
        decided.bindUtf8(2, compact(item.decidedInputs));
    ok = decided.exec();
    if (!ok)
        qCWarning(lcInbox).noquote()
            << "storing the decided inputs of" << item.id << ":" << decided.error().message;
    decided.reset();
    return ok;
}

void InboxStore::readCard(InboxItem *item) const
{
    SqlStatement statement = database()->prepare("SELECT card, inputErrors, decidedInputs,"
                                                 " formActions FROM inbox_cards WHERE itemId = ?1");
    if (!statement.isValid())
        return;
    statement.bindText(1, item->id);
    if (statement.step() != SqlStatement::Step::Row)
        return;
    item->card = QJsonDocument::fromJson(statement.columnUtf8(0)).object();
    if (!statement.isNull(1))
        item->inputErrors = QJsonDocument::fromJson(statement.columnUtf8(1)).array();
    if (!statement.isNull(2))
        item->decidedInputs = QJsonDocument::fromJson(statement.columnUtf8(2)).object();
    item->formActions = storedFormActions(statement.columnUtf8(3));
}

void InboxStore::readCards(QList<InboxItem> &items) const
{
    SqlStatement statement =
        database()->prepare("SELECT itemId, card, decidedInputs, formActions FROM inbox_cards");
    if (!statement.isValid())
        return; // a database without cards
    QHash<QString, qsizetype> rows;
    for (qsizetype row = 0; row < items.size(); ++row)
        rows.insert(items.at(row).id, row);
    while (statement.step() == SqlStatement::Step::Row) {
        const auto found = rows.constFind(statement.columnText(0));
        if (found == rows.cend())
            continue;
        InboxItem &item = items[*found];
        item.card = QJsonDocument::fromJson(statement.columnUtf8(1)).object();
        if (!statement.isNull(2))
            item.decidedInputs = QJsonDocument::fromJson(statement.columnUtf8(2)).object();
        item.formActions = storedFormActions(statement.columnUtf8(3));
    }
}

void InboxStore::readFormActions(QList<InboxItem> &items) const
{
    // The few open items with a form (by the cache's index on inbox_cards' key), for the page.
    SqlStatement statement = database()->prepare(
        "SELECT c.itemId, c.formActions FROM inbox_cards c JOIN inbox_items i ON i.id = c.itemId"
        " WHERE i.state IN ('unread', 'read') AND c.formActions IS NOT NULL"
        " AND c.formActions <> '[]'");
    if (!statement.isValid())
        return; // a database without cards
    QHash<QString, QStringList> forms;
    while (statement.step() == SqlStatement::Step::Row)
        forms.insert(statement.columnText(0), storedFormActions(statement.columnUtf8(1)));
    if (forms.isEmpty())
        return;
    for (InboxItem &item : items) {
        const auto found = forms.constFind(item.id);
        if (found != forms.cend())
            item.formActions = *found;
    }
}

std::optional<QJsonObject> InboxStore::pendingInputs(const QString &itemId) const
{
    SqlStatement statement =
        database()->prepare("SELECT pendingInputs FROM inbox_cards WHERE itemId = ?1");
    if (!statement.isValid())
        return std::nullopt;
    statement.bindText(1, itemId);
    if (statement.step() != SqlStatement::Step::Row || statement.isNull(0))
        return std::nullopt;
    return QJsonDocument::fromJson(statement.columnUtf8(0)).object();
}

bool InboxStore::setPendingInputs(const QString &itemId, const QJsonObject &inputs)
{
    // Only an item with a card takes inputs: it has its row.
    SqlStatement statement = database()->prepare(
        "UPDATE inbox_cards SET pendingInputs = ?2, inputErrors = NULL WHERE itemId = ?1");
    if (!statement.isValid())
        return false;
    statement.bindText(1, itemId);
    statement.bindUtf8(2, compact(inputs));
    if (!statement.exec() || database()->changes() != 1) {
        qCWarning(lcInbox).noquote() << "outbox: the inputs of" << itemId << "not stored";
        return false;
    }
    return true;
}

bool InboxStore::finishInputs(const QString &itemId, const QJsonArray &inputErrors)
{
    SqlStatement statement = database()->prepare(
        "UPDATE inbox_cards SET pendingInputs = NULL, inputErrors = ?2 WHERE itemId = ?1");
    if (!statement.isValid())
        return true; // no cards here: nothing to finish
    statement.bindText(1, itemId);
    if (inputErrors.isEmpty())
        statement.bindNull(2);
    else
        statement.bindUtf8(2, compact(inputErrors));
    return statement.exec();
}

} // namespace tessera
