#pragma once

#include "feed/change.h"

#include <QHash>
#include <QList>
#include <QMutex>
#include <QSet>
#include <QSqlDatabase>
#include <QString>

#include <functional>
#include <optional>

namespace tessera::server {

class Clock;
class Storage;

// The change feed: one ordered counter for everything a person syncs, and the changes since a
// cursor. A feature registers its change kind at start; its writes then go through a
// ChangeTransaction, which takes a cursor per change under the feed's lock. The lock (a process
// mutex, and on PostgreSQL a transaction-level advisory lock for several servers) is held until
// the transaction commits, so commit order is cursor order and a delta read by cursor never
// skips a change that commits later. After each commit the listeners hear, per kind, every
// touched person's newest cursor (the stream hub sends its hints from that).
class ChangeFeed
{
public:
    // Told (on the committing thread) after a commit: kind -> person -> newest cursor.
    using Listener =
        std::function<void(const QString &kind, const QHash<QString, qint64> &cursors)>;

    ChangeFeed(Storage &storage, const Clock &clock);

    // At start, before any write: the kinds of change a feature records.
    void registerKind(const QString &kind);
    bool hasKind(const QString &kind) const;
    // At start, before any write.
    void addListener(Listener listener);

    // The changes after cursor in cursor order, at most limit of them, of kind when it is not
    // empty; nullopt when the database fails. Runs without the lock: what it reads committed.
    std::optional<QList<Change>> changesSince(
        qint64 cursor, int limit, const QString &kind = {}) const;

    Storage &storage() const { return m_storage; }

    // PostgreSQL: the channel every node's FeedListener listens on. Each commit sends, inside its
    // transaction (so only a commit delivers it), one NOTIFY per kind it touched:
    // {"n":node id,"k":kind,"c":newest cursor,"u":[the people, at most notifyPeople]}, or "a":true
    // instead of "u" when more people or a broadcast (every stream of that node is hinted).
    static constexpr const char *notifyChannel = "tessera_feed";
    static constexpr int notifyPeople = 50;
    // PostgreSQL refuses (and aborts the transaction for) a payload of 8,000 bytes or more.
    static constexpr int maxNotifyBytes = 7900;
    // This process's id in the notifications: its own are already hinted locally.
    QString nodeId() const { return m_nodeId; }
    // The payloads a commit of changes sends (public for the tests).
    QList<QByteArray> notifyPayloads(const QList<Change> &changes) const;

private:
    friend class ChangeTransaction;

    QMutex &mutex() { return m_mutex; }
    // Inside the open transaction, with the mutex held: the advisory lock on PostgreSQL.
    bool lockDatabase(QSqlDatabase &db) const;
    // Inside the locked transaction: the next cursor, with change's row.
    std::optional<qint64> take(QSqlDatabase &db, const Change &change) const;
    void published(const QList<Change> &changes) const;
    // Inside the transaction, before its commit: the NOTIFYs (PostgreSQL; SQLite: nothing).
    bool notifyNodes(QSqlDatabase &db, const QList<Change> &changes) const;

    Storage &m_storage;
    const Clock &m_clock;
    QMutex m_mutex;
    QSet<QString> m_kinds;
    QList<Listener> m_listeners;
    QString m_nodeId;
};

} // namespace tessera::server
