#include "events/eventsmigrations.h"

namespace tessera::server {

const QList<Migration> &eventsMigrations()
{
    static const QList<Migration> migrations = {
        { 1, QStringLiteral("Events, the answers of people who answered, reminders sent"),
            {
                // A sub-system's event (EventsRepository): ONE row per event, its audience as
                // Audience::toText however many people it reaches. id is the server's
                // ("evt_..."), event_id the sub-system's own, unique per key. Times are RFC 3339
                // UTC text; capacity NULL: unlimited; reminders the minutes before the start,
                // separated by commas. cancelled: kept (shown with cancelled: true) until its
                // expiry; expires_at is 24 h after the end, expired once the expiry is in the
                // change feed; change_id the change feed's cursor of its last change.
                QStringLiteral("CREATE TABLE events ("
                               " id TEXT PRIMARY KEY,"
                               " api_key_id TEXT NOT NULL REFERENCES api_keys(id),"
                               " event_id TEXT NOT NULL,"
                               " title TEXT NOT NULL,"
                               " description TEXT NOT NULL,"
                               " starts_at TEXT NOT NULL,"
                               " ends_at TEXT NOT NULL,"
                               " time_zone TEXT NOT NULL,"
                               " has_place INTEGER NOT NULL DEFAULT 0,"
                               " site TEXT NOT NULL,"
                               " room TEXT NOT NULL,"
                               " online_url TEXT,"
                               " capacity INTEGER,"
                               " rsvp_closes_at TEXT NOT NULL,"
                               " reminders TEXT NOT NULL,"
                               " audience TEXT NOT NULL,"
                               " previous_audience TEXT,"
                               " version INTEGER NOT NULL,"
                               " updated_at TEXT NOT NULL,"
                               " cancelled INTEGER NOT NULL DEFAULT 0,"
                               " expires_at TEXT NOT NULL,"
                               " expired INTEGER NOT NULL DEFAULT 0,"
                               " change_id BIGINT NOT NULL DEFAULT 0)"),
                QStringLiteral(
                    "CREATE UNIQUE INDEX events_key_event ON events (api_key_id, event_id)"),
                QStringLiteral("CREATE INDEX events_changes ON events (change_id)"),
                QStringLiteral("CREATE INDEX events_due ON events (expired, expires_at)"),
                QStringLiteral("CREATE INDEX events_starts ON events (expired, starts_at)"),
                // A person's answer: a row only for those who answered (going, maybe, no or
                // waiting). waiting_seq orders the waiting list (place 1 is the lowest);
                // change_id is the cursor of the person's own change (their answer, a move up,
                // a new waiting place).
                QStringLiteral("CREATE TABLE event_rsvps ("
                               " event_id TEXT NOT NULL REFERENCES events(id),"
                               " user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
                               " answer TEXT NOT NULL,"
                               " waiting_seq BIGINT,"
                               " answered_at TEXT NOT NULL,"
                               " change_id BIGINT NOT NULL,"
                               " PRIMARY KEY (event_id, user_id))"),
                QStringLiteral(
                    "CREATE INDEX event_rsvps_person ON event_rsvps (user_id, change_id)"),
                // One row per reminder sent (an event's reminder for its start at the time):
                // written in the transaction of its inbox notice, so it goes once.
                QStringLiteral("CREATE TABLE event_reminders_sent ("
                               " event_id TEXT NOT NULL REFERENCES events(id),"
                               " minutes INTEGER NOT NULL,"
                               " starts_at TEXT NOT NULL,"
                               " sent_at TEXT NOT NULL,"
                               " PRIMARY KEY (event_id, minutes, starts_at))"),
            } },
        { 2, QStringLiteral("Events' pending notices: a move up and a cancellation, sent once"),
            {
                // A notice owed to a person (kind "movedUp" or "cancelled"), written in the
                // transaction that moved them up or cancelled the event; sent (1) is written in
                // the transaction of its inbox notice, so it goes once even after a crash (the
                // events-schedule job sends those still pending). Owed again: sent back to 0.
                QStringLiteral("CREATE TABLE event_notices ("
                               " event_id TEXT NOT NULL REFERENCES events(id),"
                               " user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
                               " kind TEXT NOT NULL,"
                               " owed_at TEXT NOT NULL,"
                               " sent INTEGER NOT NULL DEFAULT 0,"
                               " PRIMARY KEY (event_id, user_id, kind))"),
                QStringLiteral(
                    "CREATE INDEX event_notices_pending ON event_notices (sent, event_id)"),
            } },
        { 3, QStringLiteral("the audiences an event has had"),
            {
                // The distinct audiences the event has had (AudienceHistory: a JSON array of
                // Audience::toText objects, at most 16, or "*" past them): a delta read names it
                // under removed only to a person in one of them. Filled from what a row knows: its
                // audience and the one before its last change.
                QStringLiteral("ALTER TABLE events ADD COLUMN audiences TEXT"),
                QStringLiteral("UPDATE events SET audiences = CASE WHEN previous_audience IS NULL"
                               " OR previous_audience = '' OR previous_audience = audience"
                               " THEN '[' || audience || ']'"
                               " ELSE '[' || previous_audience || ',' || audience || ']' END"),
            } },
    };
    return migrations;
}

} // namespace tessera::server
