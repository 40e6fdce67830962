#include "cards/cardservice.h"

#include "audience/audience.h"
#include "audience/audiencemember.h"
#include "base/clock.h"
#include "base/serverlogging.h"
#include "cards/cardhosts.h"
#include "crypto/randomtokens.h"
#include "feed/changefeed.h"
#include "feed/changetransaction.h"
#include "feed/pagebudget.h"
#include "protocol/wiretime.h"
#include "storage/sqlhelpers.h"
#include "storage/storage.h"

#include <QJsonDocument>
#include <QSqlQuery>

namespace tessera::server {

namespace {

QJsonValue nullOr(const QString &text)
{
    return text.isEmpty() ? QJsonValue() : QJsonValue(text);
}

QJsonObject objectOf(const QString &json)
{
    return QJsonDocument::fromJson(json.toUtf8()).object();
}

} // namespace

CardService::CardService(ChangeFeed &feed, const Clock &clock, QStringList ownHosts)
    : m_feed(feed)
    , m_clock(clock)
    , m_ownHosts(std::move(ownHosts))
{
    m_feed.registerKind(changeKind());
}

QString CardService::changeKind()
{
    return QStringLiteral("cards");
}

QSqlDatabase CardService::connection() const
{
    return m_feed.storage().connection();
}

std::optional<QStringList> CardService::allowedHosts(
    QSqlDatabase &db, const QString &apiKeyId) const
{
    const std::optional<QStringList> keyHosts = CardHosts::ofKey(db, apiKeyId);
    if (!keyHosts)
        return std::nullopt;
    return m_ownHosts + *keyHosts;
}

// Resolved against the people table at write time: every enabled person's facts are read (in
// chunks of 500, AudienceMember::load) and matched, so a write costs a read of the whole table.
// That is bounded by the directory's size (tens of thousands of people is a few hundred
// milliseconds); the change row then names the people to hint. Past that, the hub should match
// the audience against the people it has streams for instead.
std::optional<QStringList> CardService::peopleToHint(
    QSqlDatabase &db, const QString &before, const QString &after)
{
    std::optional<Audience> audiences[2] = { before.isEmpty() ? std::nullopt
                                                              : Audience::fromText(before),
        after.isEmpty() ? std::nullopt : Audience::fromText(after) };
    QSqlQuery query(db);
    if (!sql::exec(query, QStringLiteral("SELECT id FROM users WHERE disabled = 0 ORDER BY id")))
        return std::nullopt;
    QStringList ids;
    while (query.next())
        ids.append(query.value(0).toString());
    const auto people = AudienceMember::load(db, ids);
    if (!people)
        return std::nullopt;
    QStringList hinted;
    for (const AudienceMember &person : *people) {
        if ((audiences[0] && audiences[0]->contains(person))
            || (audiences[1] && audiences[1]->contains(person)))
            hinted.append(person.id);
    }
    return hinted;
}

std::optional<qint64> CardService::record(
    ChangeTransaction &transaction, const QString &before, const QString &after)
{
    const std::optional<QStringList> people = peopleToHint(transaction.db(), before, after);
    if (!people)
        return std::nullopt;
    // A broadcast: its row carries the audience (DESIGN decision 3), the people are only hinted.
    return transaction.record(
        Change { changeKind(), *people, after.isEmpty() ? before : after, 0 });
}

CardService::PutResult CardService::put(
    const QString &apiKeyId, const QString &cardId, const CardRequest &request)
{
    ChangeTransaction transaction(m_feed);
    if (!transaction.isActive())
        return {};
    QSqlDatabase &db = transaction.db();
    std::optional<StoredCard> existing;
    if (!CardStore::find(db, apiKeyId, cardId, &existing))
        return {};
    const QString now = wiretime::format(m_clock.now());
    const bool wasLive = existing && existing->isLive(now);
    if (!wasLive) {
        const std::optional<int> live = CardStore::liveCount(db, apiKeyId, now);
        if (!live)
            return {};
        if (*live >= maxLiveCardsPerKey)
            return PutResult { PutResult::Outcome::TooMany, {} };
    }
    // A card put again after its deletion keeps its id: an app that still shows it replaces it.
    StoredCard card = existing.value_or(StoredCard {});
    if (!existing) {
        card.id = randomtokens::urlSafe(QStringLiteral("crd_"), 12);
        card.apiKeyId = apiKeyId;
        card.cardId = cardId;
    }
    card.previousAudience = existing ? existing->audience : QString();
    card.card = QString::fromUtf8(QJsonDocument(request.card).toJson(QJsonDocument::Compact));
    card.audience = request.audience.toText();
    card.order = request.order;
    card.expiresAt = request.expiresAt ? wiretime::format(*request.expiresAt) : QString();
    card.version += 1;
    card.updatedAt = now;
    card.deleted = false;
    const std::optional<qint64> cursor = record(transaction, card.previousAudience, card.audience);
    if (!cursor)
        return {};
    card.cursor = *cursor;
    if (!CardStore::write(db, card, existing.has_value()) || !transaction.commit())
        return {};
    return PutResult { wasLive ? PutResult::Outcome::Replaced : PutResult::Outcome::Created, card };
}

CardService::RemoveOutcome CardService::remove(const QString &apiKeyId, const QString &cardId)
{
    ChangeTransaction transaction(m_feed);
    if (!transaction.isActive())
        return RemoveOutcome::Failed;
    QSqlDatabase &db = transaction.db();
    std::optional<StoredCard> card;
    if (!CardStore::find(db, apiKeyId, cardId, &card))
        return RemoveOutcome::Failed;
    if (!card || card->deleted)
        return RemoveOutcome::NotFound;
    // The tombstone keeps no content: the id, for the removed lists, and who it was for.
    card->previousAudience = card->audience;
    card->card = QStringLiteral("{}");
    card->version += 1;
    card->updatedAt = wiretime::format(m_clock.now());
    card->deleted = true;
    const std::optional<qint64> cursor = record(transaction, card->audience, {});
    if (!cursor)
        return RemoveOutcome::Failed;
    card->cursor = *cursor;
    if (!CardStore::write(db, *card, true) || !transaction.commit())
        return RemoveOutcome::Failed;
    return RemoveOutcome::Removed;
}

std::optional<QJsonArray> CardService::list(const QString &apiKeyId)
{
    QSqlDatabase db = connection();
    const auto cards = CardStore::liveOfKey(db, apiKeyId, wiretime::format(m_clock.now()));
    if (!cards)
        return std::nullopt;
    QJsonArray list;
    for (const StoredCard &card : *cards) {
        list.append(QJsonObject {
            { QStringLiteral("id"), card.id },
            { QStringLiteral("cardId"), card.cardId },
            { QStringLiteral("audience"), objectOf(card.audience) },
            { QStringLiteral("order"), card.order },
            { QStringLiteral("expiresAt"), nullOr(card.expiresAt) },
            { QStringLiteral("version"), card.version },
            { QStringLiteral("updatedAt"), card.updatedAt },
        });
    }
    return list;
}

CardService::Page CardService::changesFor(const QString &userId, qint64 since)
{
    QSqlDatabase db = connection();
    const std::optional<AudienceMember> person = AudienceMember::loadOne(db, userId);
    if (!person)
        return {};
    const QString now = wiretime::format(m_clock.now());
    const auto rows = CardStore::changedSince(db, since, pageSize + 1, since == 0, now);
    if (!rows)
        return {};
    Page page { true, {}, {}, since, false };
    PageBudget budget(pageSize);
    for (const StoredCard &card : *rows) {
        const std::optional<Audience> audience = Audience::fromText(card.audience);
        QJsonObject shown;
        bool isRemoved = false;
        if (card.isLive(now) && audience && audience->contains(*person)) {
            shown = QJsonObject {
                { QStringLiteral("id"), card.id },
                { QStringLiteral("card"), objectOf(card.card) },
                { QStringLiteral("order"), card.order },
                { QStringLiteral("expiresAt"), nullOr(card.expiresAt) },
                { QStringLiteral("version"), card.version },
                { QStringLiteral("updatedAt"), card.updatedAt },
                { QStringLiteral("source"),
                    QJsonObject { { QStringLiteral("name"), card.source } } },
            };
        } else {
            // Deleted, expired, or (now) for others: an app that shows it drops it; one that
            // never had it drops nothing.
            isRemoved = since > 0;
        }
        const qsizetype bytes = !shown.isEmpty() ? PageBudget::sizeOf(shown)
            : isRemoved                          ? PageBudget::sizeOf(card.id)
                                                 : 0;
        if (!budget.take(bytes)) {
            page.more = true;
            break;
        }
        page.cursor = card.cursor;
        if (!shown.isEmpty())
            page.cards.append(shown);
        else if (isRemoved)
            page.removed.append(card.id);
    }
    return page;
}

} // namespace tessera::server
