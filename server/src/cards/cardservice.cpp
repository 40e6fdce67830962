#include "cards/cardservice.h"

#include "audience/audience.h"
#include "audience/audiencehistory.h"
#include "audience/audiencemember.h"
#include "base/clock.h"
#include "base/serverlogging.h"
#include "cards/cardhosts.h"
#include "crypto/randomtokens.h"
#include "feed/audiencewrite.h"
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

// A broadcast: its row carries the audience (DESIGN decision 3), the people are only hinted.
// Who they are is resolved by AudienceWrite for the audience the card had and its new one.
std::optional<qint64> CardService::record(ChangeTransaction &transaction, const QStringList &people,
    const QString &before, const QString &after)
{
    return transaction.record(Change { changeKind(), people, after.isEmpty() ? before : after, 0 });
}

CardService::PutResult CardService::put(
    const QString &apiKeyId, const QString &cardId, const CardRequest &request)
{
    const QString audience = request.audience.toText();
    QString previous; // the stored audience the people were resolved for
    PutResult result;
    const auto audiences = [&](QSqlDatabase &db) -> std::optional<QStringList> {
        std::optional<StoredCard> seen;
        if (!CardStore::find(db, apiKeyId, cardId, &seen))
            return std::nullopt;
        previous = seen ? seen->audience : QString();
        return QStringList { previous, audience };
    };
    const auto step = [&](ChangeTransaction &transaction, const QStringList &people) {
        QSqlDatabase &tdb = transaction.db();
        std::optional<StoredCard> existing;
        if (!CardStore::find(tdb, apiKeyId, cardId, &existing))
            return AudienceWrite::Step::Failed;
        if ((existing ? existing->audience : QString()) != previous)
            return AudienceWrite::Step::Stale;
        const QString now = wiretime::format(m_clock.now());
        const bool wasLive = existing && existing->isLive(now);
        if (!wasLive) {
            const std::optional<int> live = CardStore::liveCount(tdb, apiKeyId, now);
            if (!live)
                return AudienceWrite::Step::Failed;
            if (*live >= maxLiveCardsPerKey) {
                result = PutResult { PutResult::Outcome::TooMany, {} };
                return AudienceWrite::Step::Done;
            }
        }
        // A card put again after its deletion keeps its id: an app that still shows it replaces
        // it.
        StoredCard card = existing.value_or(StoredCard {});
        if (!existing) {
            card.id = randomtokens::urlSafe(QStringLiteral("crd_"), 12);
            card.apiKeyId = apiKeyId;
            card.cardId = cardId;
        }
        card.previousAudience = previous;
        card.card = QString::fromUtf8(QJsonDocument(request.card).toJson(QJsonDocument::Compact));
        card.audience = audience;
        card.order = request.order;
        card.expiresAt = request.expiresAt ? wiretime::format(*request.expiresAt) : QString();
        card.version += 1;
        card.updatedAt = now;
        card.deleted = false;
        const std::optional<qint64> cursor =
            record(transaction, people, card.previousAudience, card.audience);
        if (!cursor)
            return AudienceWrite::Step::Failed;
        card.cursor = *cursor;
        if (!CardStore::write(tdb, card, existing.has_value())
            || (m_writeHook && !m_writeHook(tdb, card)) || !transaction.commit())
            return AudienceWrite::Step::Failed;
        result = PutResult { wasLive ? PutResult::Outcome::Replaced : PutResult::Outcome::Created,
            card };
        return AudienceWrite::Step::Done;
    };
    return AudienceWrite::run(m_feed, audiences, step) ? result : PutResult {};
}

CardService::RemoveOutcome CardService::remove(const QString &apiKeyId, const QString &cardId)
{
    QString previous; // the stored audience the people were resolved for
    RemoveOutcome outcome = RemoveOutcome::Failed;
    const auto audiences = [&](QSqlDatabase &db) -> std::optional<QStringList> {
        std::optional<StoredCard> seen;
        if (!CardStore::find(db, apiKeyId, cardId, &seen))
            return std::nullopt;
        if (!seen || seen->deleted) {
            outcome = RemoveOutcome::NotFound; // nothing to write: no transaction is opened
            return std::nullopt;
        }
        previous = seen->audience;
        return QStringList { previous };
    };
    const auto step = [&](ChangeTransaction &transaction, const QStringList &people) {
        QSqlDatabase &tdb = transaction.db();
        std::optional<StoredCard> card;
        if (!CardStore::find(tdb, apiKeyId, cardId, &card))
            return AudienceWrite::Step::Failed;
        if (!card || card->deleted) {
            outcome = RemoveOutcome::NotFound;
            return AudienceWrite::Step::Done;
        }
        if (card->audience != previous)
            return AudienceWrite::Step::Stale;
        // The tombstone keeps no content: the id, for the removed lists, and who it was for.
        card->previousAudience = card->audience;
        card->card = QStringLiteral("{}");
        card->version += 1;
        card->updatedAt = wiretime::format(m_clock.now());
        card->deleted = true;
        const std::optional<qint64> cursor = record(transaction, people, card->audience, {});
        if (!cursor)
            return AudienceWrite::Step::Failed;
        card->cursor = *cursor;
        if (!CardStore::write(tdb, *card, true) || (m_writeHook && !m_writeHook(tdb, *card))
            || !transaction.commit())
            return AudienceWrite::Step::Failed;
        outcome = RemoveOutcome::Removed;
        return AudienceWrite::Step::Done;
    };
    if (AudienceWrite::run(m_feed, audiences, step))
        return outcome;
    return outcome == RemoveOutcome::NotFound ? outcome : RemoveOutcome::Failed;
}

bool CardService::removeAllOfKey(const QString &apiKeyId)
{
    QSqlDatabase db = connection();
    const std::optional<QStringList> ids = CardStore::undeletedIdsOfKey(db, apiKeyId);
    if (!ids)
        return false;
    bool ok = true;
    for (const QString &cardId : *ids)
        ok = remove(apiKeyId, cardId) != RemoveOutcome::Failed && ok;
    return ok;
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
    // Whom a card not shown is removed from: a person in an audience it has had (a first sync
    // has nothing to remove).
    QStringList ids;
    for (const StoredCard &card : *rows)
        ids.append(card.id);
    const auto histories = since > 0 ? AudienceHistory::load(db, "cards", ids)
                                     : std::optional(QHash<QString, AudienceHistory>());
    if (!histories)
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
            // Deleted, expired, or (now) for others: an app that shows it drops it. Only a person
            // who could have had it hears of it: the ids of cards for others are not theirs.
            isRemoved = since > 0 && histories->value(card.id).reaches(*person);
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
