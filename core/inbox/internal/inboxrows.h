#pragma once

// The inbox cache's row helpers, shared by InboxStore's files: an item or outbox row read from
// a statement, and an item's values bound the way they are stored (times in wiretime's form,
// actions and data as compact JSON, text through a reused UTF-8 buffer).

#include "inbox/inboxitem.h"
#include "inbox/inboxstore.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonValue>
#include <QString>
#include <QStringView>

namespace tessera {

class Database;
class SqlStatement;

namespace inboxrows {

// The settings row that keeps the delta cursor.
QString cursorSetting();

// The stored form of actions (an array) and data (any value; scalars wrapped as {"v": ...},
// unwrapped when read): compact JSON.
QByteArray jsonText(const QJsonValue &value);
// A stored time column; invalid when NULL or unreadable.
QDateTime timeColumn(const SqlStatement &statement, int column);
// A row of TESSERA_INBOX_SELECT_ITEMS (the columns of TESSERA_INBOX_ITEM_COLUMNS).
InboxItem readItem(const SqlStatement &row);
// A row of the decision outbox (seq, itemId, action, comment, version, idempotencyKey,
// createdAt, attempts, nextAttemptAt, lastError).
PendingDecision readDecision(const SqlStatement &row);

// wiretime::format's form ("2026-11-29T09:05:00Z", whole seconds, UTC) as UTF-8.
QByteArray storedTime(const QDateTime &time);
void bindTimeOrNull(SqlStatement &statement, int index, const QDateTime &time);
// Text bound through a buffer reused from field to field and item to item (SQLite copies it):
// no QByteArray per field.
void bindText(SqlStatement &statement, int index, QStringView text, QByteArray &scratch);
void bindTextOrNull(SqlStatement &statement, int index, const QString &text, QByteArray &scratch);

// A statement of the cache, prepared once and run again after a reset.
SqlStatement &reuse(SqlStatement &statement, Database &database, const char *sql);

} // namespace inboxrows
} // namespace tessera
