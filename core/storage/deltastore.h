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
    // The cursor of the last page stored (empty: none yet).
    QString cursor() const;

Q_SIGNALS:
    // The rows changed (or the database came or went).
    void changed();

protected:
    // cursorTable: the feature's cursor table (a name from code, never outside input);
    // cursorName: this store's row in it.
    DeltaStore(std::shared_ptr<Database> database, const char *cursorTable, QString cursorName,
        QObject *parent = nullptr);

    // Null without a database.
    Database *database() const { return m_database.get(); }
    // One page: writeRows and the cursor in one transaction (nothing changes when any of it
    // fails); changed() after the commit when changesRows.
    bool writePage(
        const QString &cursor, bool changesRows, const std::function<bool(Database &)> &writeRows);

private:
    std::shared_ptr<Database> m_database;
    const QByteArray m_selectCursor;
    const QByteArray m_writeCursor;
    const QString m_cursorName;
};

} // namespace tessera
