#include "events/eventscachemigrations.h"

namespace tessera {

QList<Migration> eventsCacheMigrations()
{
    return {
        // The events as the server last gave them (times in ms since the epoch; capacity 0:
        // unlimited; myAnswer NULL: not answered; waitingPlace 0 unless waiting), listed by
        // start; the delta cursor of GET /v1/events in events_sync; the RSVP outbox: one answer
        // per event, sent with its Idempotency-Key (kept for every retry) to
        // PUT /v1/events/{id}/rsvp; state pending (to send; nextAttemptAt NULL: due now) or
        // refused (the server's final no, its reason kept for the event's page). stale: marked by
        // a reset of the server's (DeltaStore::beginReset) until a page lists the event again
        // (INSERT OR REPLACE writes the default); the sweep deletes the rest.
        Migration::fromSql(1, QStringLiteral("Events, their sync cursor and RSVP outbox"),
            QByteArrayLiteral("CREATE TABLE events_items ("
                              " id TEXT PRIMARY KEY NOT NULL,"
                              " title TEXT NOT NULL,"
                              " description TEXT NOT NULL,"
                              " startAt INTEGER NOT NULL,"
                              " endAt INTEGER NOT NULL,"
                              " timeZone TEXT NOT NULL,"
                              " hasPlace INTEGER NOT NULL,"
                              " site TEXT NOT NULL,"
                              " room TEXT NOT NULL,"
                              " onlineUrl TEXT NOT NULL,"
                              " capacity INTEGER NOT NULL,"
                              " rsvpClosesAt INTEGER NOT NULL,"
                              " cancelled INTEGER NOT NULL,"
                              " version INTEGER NOT NULL,"
                              " sequence INTEGER NOT NULL,"
                              " myAnswer TEXT,"
                              " waitingPlace INTEGER NOT NULL,"
                              " source TEXT NOT NULL,"
                              " stale INTEGER NOT NULL DEFAULT 0);"
                              "CREATE INDEX events_items_start ON events_items (startAt, id);"
                              "CREATE TABLE events_sync ("
                              " name TEXT PRIMARY KEY NOT NULL,"
                              " value TEXT NOT NULL);"
                              "CREATE TABLE events_rsvp_outbox ("
                              " id TEXT PRIMARY KEY NOT NULL,"
                              " answer TEXT NOT NULL,"
                              " idempotencyKey TEXT NOT NULL,"
                              " state TEXT NOT NULL,"
                              " reason TEXT,"
                              " queuedAt INTEGER NOT NULL,"
                              " attempts INTEGER NOT NULL,"
                              " nextAttemptAt INTEGER);")),
    };
}

} // namespace tessera
