#pragma once

#include "home/homecard.h"
#include "storage/deltastore.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

namespace tessera {

class Database;

// Home's cache in the session's SQLCipher database (the "home" feature's tables): the cards by
// the server's id and the delta cursor (home_sync), written together (DeltaStore: setDatabase,
// hasDatabase, cursor, changed). Without a database every read answers nothing and every write
// fails; setDatabase(nullptr) drops it (sign-out deletes the file). Not thread-safe: use it from
// one thread, like Database.
class HomeStore : public DeltaStore
{
    Q_OBJECT
public:
    explicit HomeStore(QObject *parent = nullptr);
    HomeStore(std::shared_ptr<Database> database, QObject *parent = nullptr);
    ~HomeStore() override;

    // The cards not expired at now, in the server's order (order, then id).
    QList<HomeCard> cards(const QDateTime &now = QDateTime::currentDateTimeUtc()) const;
    std::optional<HomeCard> card(const QString &id) const;

    // One page of a delta: its cards upserted, its removed ids dropped and the cursor stored, in
    // one transaction (nothing changes when any of it fails). A card that CardParser refuses is
    // never stored (skipped here with a warning; upsert() answers false).
    bool applyDelta(
        const QList<HomeCard> &cards, const QStringList &removed, const QString &cursor);
    bool upsert(const HomeCard &card);
    bool remove(const QString &id);

private:
    static bool write(Database &database, const HomeCard &card);
    static bool drop(Database &database, const QString &id);
};

} // namespace tessera
