#pragma once

// The SQL text of InboxStore's statements, in a header of its own so that the cache benchmark's
// peers (tests/bench/cache_peer.cpp: plain SQLite and SQLCipher, in processes of their own, which
// cannot link the core) run exactly these statements. String-literal macros, so that they
// concatenate at compile time and prepare() gets them as they are.

// The item columns, in the order InboxStore::readItem() reads them.
#define TESSERA_INBOX_ITEM_COLUMNS                                                                 \
    "i.id, i.subsystem, i.title, i.body, i.category, i.priority, i.createdAt, i.expiresAt,"        \
    " i.actionable, i.actions, i.data, i.state, i.decidedBy, i.decidedByName, i.decidedAt,"        \
    " i.decidedVia, i.decidedAction, i.version, i.readPending, i.statusText, o.action"

#define TESSERA_INBOX_SELECT_ITEMS                                                                 \
    "SELECT " TESSERA_INBOX_ITEM_COLUMNS " FROM inbox_items i LEFT JOIN decision_outbox o"         \
    " ON o.itemId = i.id"

// Newest first; the arrival number orders items created in the same millisecond.
#define TESSERA_INBOX_ORDER " ORDER BY i.createdAt DESC, i.arrival DESC"
// A page: ?2 rows from ?3 (?1 is a filter's category).
#define TESSERA_INBOX_PAGE TESSERA_INBOX_ORDER " LIMIT ?2 OFFSET ?3"

// The first screen's counts (InboxModel through InboxStore).
#define TESSERA_INBOX_COUNT_ALL "SELECT count(*) FROM inbox_items"
#define TESSERA_INBOX_COUNT_UNREAD "SELECT count(*) FROM inbox_items WHERE state = 'unread'"
// From the outbox (a few rows) into the items, not the other way round.
#define TESSERA_INBOX_COUNT_PENDING                                                                \
    "SELECT count(*) FROM decision_outbox o CROSS JOIN inbox_items i ON i.id = o.itemId"
#define TESSERA_INBOX_CATEGORIES "SELECT DISTINCT category FROM inbox_items WHERE category <> ''"

// A delta page's statements for each item: is it there, and insert it when it is new (the next
// arrival number comes from the index inbox_items_arrival, client migration 6).
#define TESSERA_INBOX_LOOKUP "SELECT readPending FROM inbox_items WHERE id = ?1"
#define TESSERA_INBOX_INSERT                                                                       \
    "INSERT INTO inbox_items (id, subsystem, title, body, category, priority,"                     \
    " createdAt, expiresAt, actionable, actions, data, state, decidedBy, decidedByName,"           \
    " decidedAt, decidedVia, decidedAction, version, readPending, arrival)"                        \
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,"              \
    " ?17, ?18, ?19, (SELECT COALESCE(MAX(arrival), 0) + 1 FROM inbox_items))"
// The delta cursor, in the settings table (as DeltaStore writes it; the cache benchmark's peer).
#define TESSERA_SETTING_PUT "INSERT OR REPLACE INTO settings (name, value) VALUES (?1, ?2)"
