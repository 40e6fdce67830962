#include "base/logging.h"
#include "inbox/inboxstore.h"
#include "inbox/internal/inboxrows.h"
#include "storage/database.h"
#include "storage/sqlstatement.h"

#include <QJsonDocument>

// InboxStore's cards of items (the "inbox" feature's table inbox_cards, inboxmigrations.cpp):
// the card an item came with, the card's inputs of the decision waiting in the outbox, and what
// the server said of the last decision's inputs. In a database opened with base alone the table
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

} // namespace

bool InboxStore::writeCard(const InboxItem &item, SqlStatement &reused, QByteArray &scratch)
{
    if (!item.hasCard())
        return true;
    // The server never changes an item's card: the first one stays, with its inputs.
    SqlStatement &statement = reuse(
        reused, *m_database, "INSERT OR IGNORE INTO inbox_cards (itemId, card) VALUES (?1, ?2)");
    if (!statement.isValid()) {
        qCWarning(lcInbox).noquote()
            << "item" << item.id << "card not kept:" << statement.error().message;
        return true;
    }
    bindText(statement, 1, item.id, scratch);
    statement.bindUtf8(2, compact(item.card));
    const bool ok = statement.exec();
    if (!ok)
        qCWarning(lcInbox).noquote()
            << "storing the card of" << item.id << ":" << statement.error().message;
    statement.reset();
    return ok;
}

void InboxStore::readCard(InboxItem *item) const
{
    SqlStatement statement =
        m_database->prepare("SELECT card, inputErrors FROM inbox_cards WHERE itemId = ?1");
    if (!statement.isValid())
        return;
    statement.bindText(1, item->id);
    if (statement.step() != SqlStatement::Step::Row)
        return;
    item->card = QJsonDocument::fromJson(statement.columnUtf8(0)).object();
    if (!statement.isNull(1))
        item->inputErrors = QJsonDocument::fromJson(statement.columnUtf8(1)).array();
}

std::optional<QJsonObject> InboxStore::pendingInputs(const QString &itemId) const
{
    SqlStatement statement =
        m_database->prepare("SELECT pendingInputs FROM inbox_cards WHERE itemId = ?1");
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
    SqlStatement statement = m_database->prepare(
        "UPDATE inbox_cards SET pendingInputs = ?2, inputErrors = NULL WHERE itemId = ?1");
    if (!statement.isValid())
        return false;
    statement.bindText(1, itemId);
    statement.bindUtf8(2, compact(inputs));
    if (!statement.exec() || m_database->changes() != 1) {
        qCWarning(lcInbox).noquote() << "outbox: the inputs of" << itemId << "not stored";
        return false;
    }
    return true;
}

bool InboxStore::finishInputs(const QString &itemId, const QJsonArray &inputErrors)
{
    SqlStatement statement = m_database->prepare(
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
