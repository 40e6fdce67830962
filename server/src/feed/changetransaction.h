#pragma once

#include "feed/change.h"
#include "storage/sqlhelpers.h"

#include <QList>
#include <QMutexLocker>
#include <QSqlDatabase>

#include <optional>

namespace tessera::server {

class ChangeFeed;

// A database transaction that records changes in the feed. It holds the feed's lock from its
// start to its end, so that a cursor taken inside it commits before any later one; record()
// takes each change's cursor, commit() commits, lets the lock go and then tells the feed's
// listeners. Destroyed without commit(), it rolls back and tells no one.
// Record a change once its rows are written (as late as possible before commit) and stamp the
// rows with the cursor it returns. One change touches each person at most once: a person's
// rows never share a cursor, so a delta page never ends in the middle of one.
class ChangeTransaction
{
public:
    explicit ChangeTransaction(ChangeFeed &feed);
    ~ChangeTransaction();
    ChangeTransaction(const ChangeTransaction &) = delete;
    ChangeTransaction &operator=(const ChangeTransaction &) = delete;

    // The calling thread's connection, in the transaction.
    QSqlDatabase &db() { return m_db; }
    // Begun, and the lock taken.
    bool isActive() const { return m_active; }
    // The next cursor for change (its kind registered); nullopt when the database fails.
    std::optional<qint64> record(Change change);
    bool commit();

private:
    ChangeFeed &m_feed;
    QSqlDatabase m_db;
    QMutexLocker<QMutex> m_locker;
    std::optional<sql::Transaction> m_transaction;
    QList<Change> m_changes;
    bool m_active = false;
};

} // namespace tessera::server
