#include "inbox/inboxmigrations.h"

#include "inbox/inboxitem.h"
#include "storage/database.h"
#include "storage/sqlstatement.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QPair>

namespace tessera {

namespace {

// Migration 2: the decided inputs and each card's form actions (computed here for the cards kept
// before, as InboxStore writes them for the cards that come after).
bool addDecidedInputs(Database &db)
{
    if (!db.exec("ALTER TABLE inbox_cards ADD COLUMN decidedInputs TEXT;"
                 " ALTER TABLE inbox_cards ADD COLUMN formActions TEXT;"))
        return false;
    QList<QPair<QString, QByteArray>> computed;
    {
        SqlStatement cards = db.prepare("SELECT itemId, card FROM inbox_cards");
        if (!cards.isValid())
            return false;
        SqlStatement::Step step = SqlStatement::Step::Done;
        while ((step = cards.step()) == SqlStatement::Step::Row) {
            const QJsonObject card = QJsonDocument::fromJson(cards.columnUtf8(1)).object();
            computed.append({ cards.columnText(0),
                QJsonDocument(QJsonArray::fromStringList(InboxItem::formActionsOf(card)))
                    .toJson(QJsonDocument::Compact) });
        }
        if (step == SqlStatement::Step::Error)
            return false;
    }
    SqlStatement update = db.prepare("UPDATE inbox_cards SET formActions = ?2 WHERE itemId = ?1");
    if (!update.isValid())
        return false;
    for (const auto &[itemId, actions] : std::as_const(computed)) {
        update.bindText(1, itemId);
        update.bindUtf8(2, actions);
        if (!update.exec())
            return false;
        update.reset();
    }
    return true;
}

} // namespace

QList<Migration> inboxMigrations()
{
    return {
        // An item's Adaptive Card (compact JSON, checked with CardParser when it came; the
        // server never changes it), the card's inputs of the decision waiting in the outbox
        // (pendingInputs, a JSON object; NULL when none waits) and what the server said of the
        // last decision's inputs (inputErrors, 422 invalid_inputs' [{input, message}]).
        Migration::fromSql(1, QStringLiteral("the cards of inbox items and their decision inputs"),
            QByteArrayLiteral("CREATE TABLE inbox_cards ("
                              " itemId TEXT PRIMARY KEY NOT NULL,"
                              " card TEXT NOT NULL,"
                              " pendingInputs TEXT,"
                              " inputErrors TEXT);")),
        // The inputs the item was decided with (decidedInputs, a JSON object, whoever decided;
        // NULL: none) and the ids of the card's actions that send inputs (formActions, a JSON
        // array: InboxItem::formActionsOf), so a list row knows which quick actions need the form.
        Migration { 2, QStringLiteral("the decided inputs and form actions of inbox cards"),
            addDecidedInputs },
    };
}

} // namespace tessera
