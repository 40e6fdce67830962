#include "events/eventstore.h"

#include "events/internal/eventslogging.h"
#include "net/apiclient.h"
#include "storage/database.h"
#include "storage/sqlrows.h"
#include "storage/sqlstatement.h"
#include "storage/sqltransaction.h"

namespace tessera {

namespace {

#define TESSERA_EVENTS_SELECT                                                                      \
    "SELECT e.id, e.title, e.description, e.startAt, e.endAt, e.timeZone, e.hasPlace, e.site,"     \
    " e.room, e.onlineUrl, e.capacity, e.rsvpClosesAt, e.cancelled, e.version, e.sequence,"        \
    " e.myAnswer, e.waitingPlace, e.source, o.state, o.answer, o.reason FROM events_items e"       \
    " LEFT JOIN events_rsvp_outbox o ON o.id = e.id"

QDateTime utc(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
}

StoredEvent readEvent(const SqlStatement &row)
{
    StoredEvent stored;
    EventItem &event = stored.item;
    event.id = row.columnText(0);
    event.title = row.columnText(1);
    event.description = row.columnText(2);
    event.start = utc(row.columnInt64(3));
    event.end = utc(row.columnInt64(4));
    event.timeZone = row.columnText(5);
    event.hasPlace = row.columnBool(6);
    event.site = row.columnText(7);
    event.room = row.columnText(8);
    event.onlineUrl = row.columnText(9);
    event.capacity = int(row.columnInt64(10));
    event.rsvpClosesAt = utc(row.columnInt64(11));
    event.cancelled = row.columnBool(12);
    event.version = row.columnInt64(13);
    event.sequence = row.columnInt64(14);
    event.myAnswer = row.isNull(15) ? QString() : row.columnText(15);
    event.waitingPlace = int(row.columnInt64(16));
    event.source = row.columnText(17);
    const QString state = row.isNull(18) ? QString() : row.columnText(18);
    if (state == u"pending") {
        stored.rsvpPending = true;
        event.myAnswer = row.columnText(19);
        event.waitingPlace = 0;
    } else if (state == u"refused") {
        stored.rsvpProblem = row.columnText(20);
    }
    return stored;
}

} // namespace

EventStore::EventStore(QObject *parent)
    : EventStore(nullptr, parent)
{ }

EventStore::EventStore(std::shared_ptr<Database> database, QObject *parent)
    : DeltaStore(
        std::move(database), "events_sync", QStringLiteral("cursor"), "events_items", parent)
{ }

EventStore::~EventStore() = default;

QList<StoredEvent> EventStore::events(const QDateTime &now) const
{
    QList<StoredEvent> result;
    if (!database())
        return result;
    SqlStatement statement = database()->prepare(TESSERA_EVENTS_SELECT
        " ORDER BY e.endAt <= ?1, CASE WHEN e.endAt <= ?1 THEN -e.startAt ELSE e.startAt END,"
        " e.id");
    statement.bindInt64(1, now.toMSecsSinceEpoch());
    SqlStatement::Step step = SqlStatement::Step::Done;
    while ((step = statement.step()) == SqlStatement::Step::Row)
        result.append(readEvent(statement));
    if (step == SqlStatement::Step::Error)
        qCWarning(lcEvents).noquote() << "reading the events:" << statement.error().message;
    return result;
}

std::optional<StoredEvent> EventStore::find(const QString &id) const
{
    if (!database())
        return std::nullopt;
    SqlStatement statement = database()->prepare(TESSERA_EVENTS_SELECT " WHERE e.id = ?1");
    statement.bindText(1, id);
    if (statement.step() != SqlStatement::Step::Row)
        return std::nullopt;
    return readEvent(statement);
}

bool EventStore::write(Database &database, const EventItem &event)
{
    SqlStatement statement = database.prepare(
        "INSERT OR REPLACE INTO events_items (id, title, description, startAt, endAt, timeZone,"
        " hasPlace, site, room, onlineUrl, capacity, rsvpClosesAt, cancelled, version, sequence,"
        " myAnswer, waitingPlace, source) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11,"
        " ?12, ?13, ?14, ?15, ?16, ?17, ?18)");
    statement.bindText(1, event.id);
    statement.bindText(2, event.title);
    statement.bindText(3, event.description);
    statement.bindInt64(4, event.start.toMSecsSinceEpoch());
    statement.bindInt64(5, event.end.toMSecsSinceEpoch());
    statement.bindText(6, event.timeZone);
    statement.bindBool(7, event.hasPlace);
    statement.bindText(8, event.site);
    statement.bindText(9, event.room);
    statement.bindText(10, event.onlineUrl);
    statement.bindInt64(11, event.capacity);
    statement.bindInt64(12, event.rsvpClosesAt.toMSecsSinceEpoch());
    statement.bindBool(13, event.cancelled);
    statement.bindInt64(14, event.version);
    statement.bindInt64(15, event.sequence);
    if (event.myAnswer.isEmpty())
        statement.bindNull(16);
    else
        statement.bindText(16, event.myAnswer);
    statement.bindInt64(17, event.waitingPlace);
    statement.bindText(18, event.source);
    if (statement.exec())
        return true;
    qCWarning(lcEvents).noquote() << "storing event" << event.id << ":"
                                  << statement.error().message;
    return false;
}

bool EventStore::drop(Database &database, const QString &id)
{
    for (const char *sql : { "DELETE FROM events_items WHERE id = ?1",
             "DELETE FROM events_rsvp_outbox WHERE id = ?1" }) {
        SqlStatement statement = database.prepare(sql);
        statement.bindText(1, id);
        if (!statement.exec()) {
            qCWarning(lcEvents).noquote()
                << "removing event" << id << ":" << statement.error().message;
            return false;
        }
    }
    return true;
}

bool EventStore::applyDelta(
    const QList<EventItem> &events, const QStringList &removed, const QString &cursor)
{
    if (cursor.isEmpty())
        return false;
    const bool changesRows = !events.isEmpty() || !removed.isEmpty();
    return writePage(cursor, changesRows, [&events, &removed](Database &database) {
        for (const EventItem &event : events)
            if (!write(database, event))
                return false;
        for (const QString &id : removed)
            if (!drop(database, id))
                return false;
        return true;
    });
}

EventStore::RsvpResult EventStore::rsvp(
    const QString &eventId, const QString &answer, const QDateTime &now)
{
    if (!EventItem::isRequestAnswer(answer))
        return RsvpResult::InvalidAnswer;
    const std::optional<StoredEvent> stored = find(eventId);
    if (!stored)
        return RsvpResult::UnknownEvent;
    if (!stored->item.rsvpOpenAt(now))
        return RsvpResult::Closed;
    const bool ok = exec("INSERT OR REPLACE INTO events_rsvp_outbox (id, answer, idempotencyKey,"
                         " state, reason, queuedAt, attempts, nextAttemptAt) VALUES (?1, ?2, ?3,"
                         " 'pending', NULL, ?4, 0, NULL)",
        [&](SqlStatement &statement) {
            statement.bindText(1, eventId);
            statement.bindText(2, answer);
            statement.bindText(3, QString::fromLatin1(ApiClient::newIdempotencyKey()));
            statement.bindInt64(4, QDateTime::currentMSecsSinceEpoch());
        });
    if (!ok)
        return RsvpResult::NotStored;
    qCInfo(lcEvents) << "answer queued for" << eventId;
    Q_EMIT changed();
    Q_EMIT rsvpQueued();
    return RsvpResult::Queued;
}

bool EventStore::exec(const char *sql, const std::function<void(SqlStatement &)> &bind)
{
    if (!database())
        return false;
    SqlStatement statement = database()->prepare(sql);
    bind(statement);
    if (statement.exec())
        return true;
    qCWarning(lcEvents).noquote() << "the RSVP outbox:" << statement.error().message;
    return false;
}

QList<RsvpEntry> EventStore::dueRsvps(const QDateTime &now) const
{
    if (!database())
        return {};
    SqlStatement statement = database()->prepare(
        "SELECT id, answer, idempotencyKey, attempts FROM events_rsvp_outbox WHERE state ="
        " 'pending' AND (nextAttemptAt IS NULL OR nextAttemptAt <= ?1) ORDER BY queuedAt, id");
    statement.bindInt64(1, now.toMSecsSinceEpoch());
    return rowsOf(
        statement,
        [](const SqlStatement &row) {
            return RsvpEntry { row.columnText(0), row.columnText(1), row.columnText(2),
                int(row.columnInt64(3)) };
        },
        "reading the RSVP outbox");
}

int EventStore::pendingRsvpCount() const
{
    if (!database())
        return 0;
    SqlStatement statement =
        database()->prepare("SELECT count(*) FROM events_rsvp_outbox WHERE state = 'pending'");
    return statement.step() == SqlStatement::Step::Row ? int(statement.columnInt64(0)) : 0;
}

QDateTime EventStore::nextRsvpAttempt() const
{
    if (!database())
        return {};
    SqlStatement statement = database()->prepare("SELECT count(*), MIN(COALESCE(nextAttemptAt,"
                                                 " 0)) FROM events_rsvp_outbox WHERE state ="
                                                 " 'pending'");
    if (statement.step() != SqlStatement::Step::Row || statement.columnInt64(0) == 0)
        return {};
    return utc(statement.columnInt64(1));
}

bool EventStore::makeRsvpsDue()
{
    return exec("UPDATE events_rsvp_outbox SET nextAttemptAt = NULL WHERE state = 'pending'",
        [](SqlStatement &) {});
}

bool EventStore::rsvpAnswered(const RsvpEntry &entry, const QString &answer, int waitingPlace)
{
    if (!database() || !EventItem::isAnswer(answer))
        return false;
    Database &db = *database();
    SqlTransaction transaction(db);
    SqlStatement apply =
        db.prepare("UPDATE events_items SET myAnswer = ?2, waitingPlace = ?3 WHERE id = ?1");
    apply.bindText(1, entry.eventId);
    apply.bindText(2, answer);
    apply.bindInt64(3, answer == u"waiting" ? std::max(waitingPlace, 1) : 0);
    SqlStatement done =
        db.prepare("DELETE FROM events_rsvp_outbox WHERE id = ?1 AND idempotencyKey = ?2");
    done.bindText(1, entry.eventId);
    done.bindText(2, entry.idempotencyKey);
    if (!transaction.isActive() || !apply.exec() || !done.exec() || !transaction.commit()) {
        qCWarning(lcEvents).noquote() << "storing the answer for" << entry.eventId;
        return false;
    }
    Q_EMIT changed();
    return true;
}

bool EventStore::rsvpDeferred(const RsvpEntry &entry, const QDateTime &nextAttemptAt)
{
    return exec("UPDATE events_rsvp_outbox SET attempts = attempts + 1, nextAttemptAt = ?3"
                " WHERE id = ?1 AND idempotencyKey = ?2",
        [&](SqlStatement &statement) {
            statement.bindText(1, entry.eventId);
            statement.bindText(2, entry.idempotencyKey);
            statement.bindInt64(3, nextAttemptAt.toMSecsSinceEpoch());
        });
}

bool EventStore::rsvpRefused(const RsvpEntry &entry, const QString &reason)
{
    const bool ok = exec("UPDATE events_rsvp_outbox SET state = 'refused', reason = ?3,"
                         " nextAttemptAt = NULL WHERE id = ?1 AND idempotencyKey = ?2",
        [&](SqlStatement &statement) {
            statement.bindText(1, entry.eventId);
            statement.bindText(2, entry.idempotencyKey);
            statement.bindText(3, reason);
        });
    if (ok)
        Q_EMIT changed();
    return ok;
}

} // namespace tessera
