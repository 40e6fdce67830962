#pragma once

#include <QByteArray>
#include <QObject>
#include <QString>

#include <functional>
#include <memory>

namespace tessera {

class Database;

// What every delta-synced cache shares: the session's database (without one the store holds
// nothing and every write fails; setDatabase(nullptr) drops it at sign-out) and the delta cursor,
// a row of a (name TEXT PRIMARY KEY, value TEXT) table of the feature's migrations, written with
// each page's rows in one transaction. Not thread-safe: use it from one thread, like Database.
class DeltaStore : public QObject
{
    Q_OBJECT
public:
    ~DeltaStore() override;

    void setDatabase(std::shared_ptr<Database> database);
    bool hasDatabase() const { return m_database != nullptr; }
    // The cursor of the last page stored (empty: none yet); a store that holds pages in memory
    // before writing them (InboxStore) answers the held cursor, the one to fetch from next.
    virtual QString cursor() const;
    // The cursor the database has (cursor() without what a store holds).
    QString storedCursor() const;

    // The server's "sync again from the start" (DeltaSync, docs/DELTA_SYNC.md), as a
    // mark-and-sweep pair over the objects table.
    // The last reset honoured (the server's resync cursor; empty: none), sent with every request.
    QString honouredReset() const;
    // A reset is under way: its pages are being read; the sweep follows the last one.
    bool isResetting() const;
    // Starts honouring reset, in one transaction: every object is marked stale (kept and shown
    // until the sweep), the cursor forgotten (the next page is a first sync's), reset kept as
    // honoured and the reset marked under way.
    bool beginReset(const QString &reset);
    // After the reset's last page (more: false), in one transaction: deletes every object still
    // stale (no page of the reset listed it: the person no longer sees it) and ends the reset;
    // changed() when it deleted any.
    bool finishReset();

Q_SIGNALS:
    // The rows changed (or the database came or went).
    void changed();

protected:
    // cursorTable: the feature's cursor table (a name from code, never outside input);
    // cursorName: this store's row in it.
    DeltaStore(std::shared_ptr<Database> database, const char *cursorTable, QString cursorName,
        QObject *parent = nullptr);
    // objectsTable: the feature's objects (a name from code), whose rows have an `id` and a
    // `stale INTEGER NOT NULL DEFAULT 0` column and are written with INSERT OR REPLACE (so that a
    // row a page writes is no longer stale). Without one a reset only starts the sync over.
    DeltaStore(std::shared_ptr<Database> database, const char *cursorTable, QString cursorName,
        const char *objectsTable, QObject *parent = nullptr);

    // Null without a database.
    Database *database() const { return m_database.get(); }
    // Called by setDatabase just before the database changes (database() is still the old one).
    virtual void databaseChanging() { }
    // Called before a reset begins or finishes: a store that holds pages in memory writes them
    // first (false: it could not, and the reset's step fails).
    virtual bool writeHeld() { return true; }
    // One page: writeRows and the cursor in one transaction (nothing changes when any of it
    // fails); changed() after the commit when changesRows.
    bool writePage(
        const QString &cursor, bool changesRows, const std::function<bool(Database &)> &writeRows);

private:
    QString value(const QString &name) const;
    bool writeValue(Database &database, const QString &name, const QString &value);

    std::shared_ptr<Database> m_database;
    const QByteArray m_cursorTable;
    const QByteArray m_objectsTable;
    const QByteArray m_selectCursor;
    const QByteArray m_writeCursor;
    const QString m_cursorName;
};

} // namespace tessera
