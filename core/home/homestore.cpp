#include "home/homestore.h"

#include "cards/cardparser.h"
#include "home/internal/homelogging.h"
#include "protocol/wiretime.h"
#include "storage/database.h"
#include "storage/sqlstatement.h"

#include <QJsonDocument>

namespace tessera {

namespace {

#define TESSERA_HOME_SELECT_CARDS                                                                  \
    "SELECT id, card, sortOrder, expiresAt, version, updatedAt, source FROM home_cards"

HomeCard readCard(const SqlStatement &row)
{
    HomeCard card;
    card.id = row.columnText(0);
    card.card = QJsonDocument::fromJson(row.columnUtf8(1)).object();
    card.order = static_cast<int>(row.columnInt64(2));
    if (!row.isNull(3))
        card.expiresAt = QDateTime::fromMSecsSinceEpoch(row.columnInt64(3), Qt::UTC);
    card.version = row.columnInt64(4);
    card.updatedAt = wiretime::parse(row.columnText(5)).value_or(QDateTime());
    card.source = row.columnText(6);
    return card;
}

// The card parses (CardParser, any https host): what the app could show.
bool parses(const HomeCard &card)
{
    if (cards::CardParser().parse(card.card).isValid())
        return true;
    qCWarning(lcHome).noquote() << "card" << card.id << "does not parse: not stored";
    return false;
}

} // namespace

HomeStore::HomeStore(QObject *parent)
    : HomeStore(nullptr, parent)
{ }

HomeStore::HomeStore(std::shared_ptr<Database> database, QObject *parent)
    : DeltaStore(std::move(database), "home_sync", QStringLiteral("cursor"), "home_cards", parent)
{ }

HomeStore::~HomeStore() = default;

QList<HomeCard> HomeStore::cards(const QDateTime &now) const
{
    QList<HomeCard> result;
    if (!database())
        return result;
    SqlStatement statement = database()->prepare(TESSERA_HOME_SELECT_CARDS
        " WHERE expiresAt IS NULL OR expiresAt > ?1 ORDER BY sortOrder, id");
    statement.bindInt64(1, now.toMSecsSinceEpoch());
    SqlStatement::Step step = SqlStatement::Step::Done;
    while ((step = statement.step()) == SqlStatement::Step::Row)
        result.append(readCard(statement));
    if (step == SqlStatement::Step::Error)
        qCWarning(lcHome).noquote() << "reading the cards:" << statement.error().message;
    return result;
}

std::optional<HomeCard> HomeStore::card(const QString &id) const
{
    if (!database())
        return std::nullopt;
    SqlStatement statement = database()->prepare(TESSERA_HOME_SELECT_CARDS " WHERE id = ?1");
    statement.bindText(1, id);
    if (statement.step() != SqlStatement::Step::Row)
        return std::nullopt;
    return readCard(statement);
}

bool HomeStore::write(Database &database, const HomeCard &card)
{
    SqlStatement statement =
        database.prepare("INSERT OR REPLACE INTO home_cards (id, card, sortOrder, expiresAt,"
                         " version, updatedAt, source) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    statement.bindText(1, card.id);
    statement.bindUtf8(2, QJsonDocument(card.card).toJson(QJsonDocument::Compact));
    statement.bindInt64(3, card.order);
    if (card.expiresAt.isValid())
        statement.bindInt64(4, card.expiresAt.toMSecsSinceEpoch());
    else
        statement.bindNull(4);
    statement.bindInt64(5, card.version);
    statement.bindText(6, wiretime::format(card.updatedAt));
    statement.bindText(7, card.source);
    if (statement.exec())
        return true;
    qCWarning(lcHome).noquote() << "storing card" << card.id << ":" << statement.error().message;
    return false;
}

bool HomeStore::drop(Database &database, const QString &id)
{
    SqlStatement statement = database.prepare("DELETE FROM home_cards WHERE id = ?1");
    statement.bindText(1, id);
    if (statement.exec())
        return true;
    qCWarning(lcHome).noquote() << "removing card" << id << ":" << statement.error().message;
    return false;
}

bool HomeStore::applyDelta(
    const QList<HomeCard> &cards, const QStringList &removed, const QString &cursor)
{
    if (cursor.isEmpty())
        return false;
    const bool changesRows = !cards.isEmpty() || !removed.isEmpty();
    return writePage(cursor, changesRows, [&cards, &removed](Database &database) {
        for (const HomeCard &card : cards)
            if (parses(card) && !write(database, card))
                return false;
        for (const QString &id : removed)
            if (!drop(database, id))
                return false;
        return true;
    });
}

bool HomeStore::upsert(const HomeCard &card)
{
    if (!database() || !parses(card) || !write(*database(), card))
        return false;
    Q_EMIT changed();
    return true;
}

bool HomeStore::remove(const QString &id)
{
    if (!database() || !drop(*database(), id))
        return false;
    Q_EMIT changed();
    return true;
}

} // namespace tessera
