#pragma once

#include "inbox/inboxitem.h"
#include "storage/deltastore.h"

#include <QList>
#include <QObject>
#include <QString>

#include <memory>
#include <optional>

class QTimer;

namespace tessera {

class Database;
class SqlStatement;

// One decision in the outbox: written before anything is sent, kept until the server has
// answered it for good. The idempotency key is made once and used for every retry.
struct PendingDecision
{
    qint64 seq = 0;
    QString itemId;
    QString action;
    QString comment; // empty: none
    qint64 version = 0;
    QByteArray idempotencyKey;
    QDateTime createdAt;
    int attempts = 0;
    QDateTime nextAttemptAt; // invalid: at once
    QString lastError; // the last failure's code, for logs and the status line
    // The item's card's inputs sent with it (kept encrypted with it until it is answered);
    // nullopt: none (an item without a card).
    std::optional<QJsonObject> inputs;
};

// Which items a list shows (the inbox model's filters): InboxStore::items(filter, limit).
struct InboxItemFilter
{
    enum class Kind {
        All,
        NeedsAction, // open, actionable, no decision waiting in the outbox
        Unread,
        Category, // the items of one category
    };
    Kind kind = Kind::All;
    QString category; // for Category
};

// The inbox cache in the session's SQLCipher database: items by id (upserted from deltas and
// answers), the delta cursor (a DeltaStore's, in the settings table, kept in the transaction of
// the items it came with), read marks not yet told to the server, and the decision outbox.
// Without a database every read answers nothing and every write fails; setDatabase(nullptr)
// drops the database (sign-out deletes it). changed(): items, read marks, status texts or the
// outbox changed (or the database came or went). Not thread-safe: use it from one thread, like
// Database.
class InboxStore : public DeltaStore
{
    Q_OBJECT
public:
    explicit InboxStore(QObject *parent = nullptr);
    InboxStore(std::shared_ptr<Database> database, QObject *parent = nullptr);
    ~InboxStore() override;

    // --- items ---
    // Every item, newest first (createdAt; within a second, the later to arrive first), with
    // the outbox's pending state and its card (with the inputs it was decided with).
    QList<InboxItem> items() const;
    std::optional<InboxItem> item(const QString &id) const;
    // limit items of items() that the filter shows, from the offset-th on (a screenful: by the
    // index on createdAt, arrival, without reading the rest), and how many it shows in all.
    QList<InboxItem> items(const InboxItemFilter &filter, int limit, int offset = 0) const;
    int itemCount(const InboxItemFilter &filter) const;
    // Arrival numbers: each item gets the next one when it first comes into the cache (a delta
    // page, an answer), whatever its createdAt; an update keeps it. lastArrival(): the highest
    // (0: none). arrivedAfter(): the items that came after arrival, in the order they came, at
    // most limit (the notifications of new items: what a sync brought, not the newest by date).
    qint64 lastArrival() const;
    QList<InboxItem> arrivedAfter(qint64 arrival, int limit) const;
    // Every category of an item (none empty), unsorted.
    QStringList categories() const;
    // The items with a decision waiting in the outbox.
    int pendingItemCount() const;
    // One page of a delta and its cursor, in one transaction. Local read marks win over an
    // "unread" from the server until the server has been told.
    //
    // A page of at least catchUpItems items is part of a catch-up (a first sync, a long time
    // offline): from it on the connection keeps a page cache of catchUpCacheKiB and checkpoints
    // its WAL every catchUpCheckpointPages pages, so that the key index's pages, which the
    // random ids of the next pages hit again, stay decrypted in memory, and a page of the file
    // written by several delta pages is copied from the WAL once. The catch-up ends, and
    // Database's settings come back (the cache's pages freed, a checkpoint), at the first
    // smaller page (the last of a catch-up, a live change) or catchUpIdleMs after the last
    // large one (through the event loop). Encryption, HMAC and the durability rules are the same.
    //
    // more: the server said that more pages follow. Such a page, unless it is the first of a
    // catch-up (the page after one without more), is held in memory and written with the pages
    // held with it in one transaction with the last one's cursor: when batchPages() pages are
    // held, batchMs after the first was held (a timer, or the next page), before the page
    // without more (which is then written as before, its own transaction), at endBatch(), and
    // before any other write of this store (a decision, a read mark, an answer's item, a reset), so
    // that what the person does is never ordered before a page the server sent earlier. Each commit
    // rewrites the key index's leaves its ids fall on, so several pages a commit write far fewer
    // (docs/PERFORMANCE.md, bench_cache). Held pages are not in the database: a crash loses them,
    // and the sync fetches them again from the cursor committed (cursor() answers the held one
    // meanwhile, storedCursor() the committed). A held page answers true; when a held batch cannot
    // be written, the next page is refused (false: the sync fails and asks again from the committed
    // cursor, never over the gap).
    bool applyDelta(const QList<InboxItem> &items, const QString &cursor, bool more = false);
    static constexpr int defaultBatchPages = 4;
    int batchPages() const { return m_batchPages; }
    void setBatchPages(int pages) { m_batchPages = pages < 1 ? 1 : pages; }
    static constexpr int batchMs = 1000;
    // Writes the held pages (true when none are held) and ends the catch-up's batch: the next
    // page with more is written alone again. InboxSync calls it when a sync ends.
    bool endBatch();
    int heldItemCount() const { return int(m_heldItems.size()); }
    QString cursor() const override;
    static constexpr int catchUpItems = 50;
    static constexpr int catchUpCacheKiB = 8192;
    static constexpr int catchUpCheckpointPages = 4096;
    static constexpr int catchUpIdleMs = 3000;
    bool inCatchUp() const { return m_catchUp; }
    // One item as an answer gave it (a decision, a read mark, a conflict's "current").
    bool upsert(const InboxItem &item);
    int unreadCount() const;

    // The words about the last decision on an item (a conflict, a refusal); empty clears it.
    bool setStatusText(const QString &itemId, const QString &text);

    // --- read marks ---
    // Marks an unread item read here and remembers to tell the server. False when it is not
    // unread (or unknown).
    bool markReadLocally(const QString &itemId);
    QStringList pendingReads() const;
    // The server's answer to a read mark: stores the item, the mark is told.
    bool confirmRead(const InboxItem &item);

    // --- the decision outbox ---
    // Writes a decision (with a new idempotency key) and answers it; nullopt when the item is
    // unknown, already has a decision waiting, or the database refused.
    // inputs: the card's inputs sent with it (an item with a card; they clear the input errors
    // of an earlier decision).
    std::optional<PendingDecision> enqueueDecision(const QString &itemId, const QString &action,
        const QString &comment, const std::optional<QJsonObject> &inputs = std::nullopt);
    QList<PendingDecision> pendingDecisions() const;
    int pendingDecisionCount() const;
    bool recordAttempt(qint64 seq, const QDateTime &nextAttemptAt, const QString &error);
    // Every waiting decision is due now (its backoff is over).
    bool makeDecisionsDue();
    // The decision has an answer for good: drops it (and its inputs) from the outbox and, in the
    // same transaction, stores the item the answer carried (when there is one), the status text
    // and what the server said of the inputs (422 invalid_inputs' errors; empty: nothing).
    bool finishDecision(qint64 seq, const std::optional<InboxItem> &current,
        const QString &statusText, const QJsonArray &inputErrors = {});

    // --- announced marks (InboxNotifier's one place against notifying an item twice) ---
    // The ids of the items notified (by the stream or a push), oldest first, as the database's
    // settings keep them (across restarts; the caller bounds the list); empty without a database.
    // A cache that has none yet gives the ids PushClient kept before this list existed.
    QStringList announcedItems() const;
    // Keeps ids as the list (and forgets PushClient's old one); false without a database or when
    // it refused.
    bool setAnnouncedItems(const QStringList &ids);

protected:
    void databaseChanging() override;
    bool writeHeld() override;

private:
    struct ItemStatements;
    // The cards of items (inboxstorecards.cpp), in the "inbox" feature's table inbox_cards. A
    // database opened with base alone (tests, the cache benchmark) has none: cards are then not
    // kept, and nothing else changes.
    // insert, inputs: prepared once and reused (a delta page's); scratch: UTF-8 of one value.
    bool writeCard(
        const InboxItem &item, SqlStatement &insert, SqlStatement &inputs, QByteArray &scratch);
    void readCard(InboxItem *item) const;
    // Sets the card, decidedInputs and formActions of each of items that has a card.
    void readCards(QList<InboxItem> &items) const;
    // Sets the formActions of the open items among items (a page of a list).
    void readFormActions(QList<InboxItem> &items) const;
    std::optional<QJsonObject> pendingInputs(const QString &itemId) const;
    bool setPendingInputs(const QString &itemId, const QJsonObject &inputs);
    bool finishInputs(const QString &itemId, const QJsonArray &inputErrors);
    // Writes one item with statements prepared once and reused (for a delta page, once per page).
    bool writeItem(const InboxItem &item, ItemStatements &statements);
    bool writeItem(const InboxItem &item);
    void notifyChanged();
    void beginCatchUp();
    void endCatchUp();

    // The items and cursor of one or more delta pages in items, in one transaction; catchUp:
    // begin or end a catch-up (the last page's size), nullopt: leave it as it is.
    bool writeDelta(
        const QList<InboxItem> &items, const QString &cursor, std::optional<bool> catchUp);

    bool m_catchUp = false;
    QTimer *m_catchUpIdle = nullptr;
    // Delta pages held for one transaction (applyDelta's more), their last cursor, whether the
    // last page said more (the next is not a catch-up's first) and when the first was held.
    QList<InboxItem> m_heldItems;
    QString m_heldCursor;
    int m_heldPages = 0;
    int m_batchPages = defaultBatchPages;
    bool m_afterMore = false;
    bool m_heldLost = false; // a write of held pages failed: the next page is refused
    QTimer *m_heldTimer = nullptr;
    qint64 m_heldSinceMs = 0;
};

} // namespace tessera
