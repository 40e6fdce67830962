#pragma once

#include "home/homecard.h"

#include <QDateTime>
#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

namespace tessera {

class Database;

// Home's cache in the session's SQLCipher database (the "home" feature's tables): the cards by
// the server's id and the delta cursor, written together. Without a database every read answers
// nothing and every write fails; setDatabase(nullptr) drops it (sign-out deletes the file). Not
// thread-safe: use it from one thread, like Database.
class HomeStore : public QObject
{
    Q_OBJECT
public:
    explicit HomeStore(QObject *parent = nullptr);
    HomeStore(std::shared_ptr<Database> database, QObject *parent = nullptr);
    ~HomeStore() override;

    void setDatabase(std::shared_ptr<Database> database);
    bool hasDatabase() const { return m_database != nullptr; }

    // The cards not expired at now, in the server's order (order, then id).
    QList<HomeCard> cards(const QDateTime &now = QDateTime::currentDateTimeUtc()) const;
    std::optional<HomeCard> card(const QString &id) const;
    // The earliest expiry after now of a stored card (invalid: none), when a list changes next.
    QDateTime nextExpiry(const QDateTime &now = QDateTime::currentDateTimeUtc()) const;

    // One page of a delta: its cards upserted, its removed ids dropped and the cursor stored, in
    // one transaction (nothing changes when any of it fails). A card that CardParser refuses is
    // never stored (skipped here with a warning; upsert() answers false).
    bool applyDelta(
        const QList<HomeCard> &cards, const QStringList &removed, const QString &cursor);
    bool upsert(const HomeCard &card);
    bool remove(const QString &id);
    // The cursor of the last delta stored (empty: none yet).
    QString cursor() const;

Q_SIGNALS:
    // The cards changed (or the database came or went).
    void changed();

private:
    bool write(const HomeCard &card);
    bool drop(const QString &id);
    bool putCursor(const QString &cursor);

    std::shared_ptr<Database> m_database;
};

} // namespace tessera
