#include "events/eventsrepository.h"

#include "audience/audiencehistory.h"
#include "storage/sqlhelpers.h"

#include <QSqlQuery>

namespace tessera::server {

namespace {

const QString columns = QStringLiteral(
    "e.id, e.api_key_id, e.event_id, e.title, e.description, e.starts_at, e.ends_at,"
    " e.time_zone, e.has_place, e.site, e.room, e.online_url, e.capacity, e.rsvp_closes_at,"
    " e.reminders, e.audience, e.previous_audience, e.version, e.updated_at, e.cancelled,"
    " e.expires_at, e.expired, e.change_id");
constexpr int columnCount = 23;

const QString withKey =
    QStringLiteral(", k.subsystem, CASE WHEN k.revoked_at IS NULL THEN 0 ELSE 1 END"
                   " FROM events e JOIN api_keys k ON k.id = e.api_key_id");

QList<int> remindersOf(const QString &text)
{
    QList<int> minutes;
    for (const QString &each : text.split(QLatin1Char(','), Qt::SkipEmptyParts))
        minutes.append(each.toInt());
    return minutes;
}

QString remindersText(const QList<int> &minutes)
{
    QStringList parts;
    for (const int each : minutes)
        parts.append(QString::number(each));
    // Never a null string for the NOT NULL column: QtSql binds a null QString as NULL.
    return parts.isEmpty() ? QStringLiteral("") : parts.join(QLatin1Char(','));
}

StoredEvent readRow(const QSqlQuery &query, bool hasKey)
{
    StoredEvent event;
    event.id = query.value(0).toString();
    event.apiKeyId = query.value(1).toString();
    event.eventId = query.value(2).toString();
    event.title = query.value(3).toString();
    event.description = query.value(4).toString();
    event.start = query.value(5).toString();
    event.end = query.value(6).toString();
    event.timeZone = query.value(7).toString();
    event.hasPlace = query.value(8).toInt() != 0;
    event.site = query.value(9).toString();
    event.room = query.value(10).toString();
    event.onlineUrl = query.value(11).toString();
    event.capacity = query.value(12).isNull() ? 0 : query.value(12).toInt();
    event.rsvpClosesAt = query.value(13).toString();
    event.reminders = remindersOf(query.value(14).toString());
    event.audience = query.value(15).toString();
    event.previousAudience = query.value(16).toString();
    event.version = query.value(17).toInt();
    event.updatedAt = query.value(18).toString();
    event.cancelled = query.value(19).toInt() != 0;
    event.expiresAt = query.value(20).toString();
    event.expired = query.value(21).toInt() != 0;
    event.cursor = query.value(22).toLongLong();
    if (hasKey) {
        event.source = query.value(columnCount).toString();
        event.keyRevoked = query.value(columnCount + 1).toInt() != 0;
    }
    return event;
}

std::optional<QList<StoredEvent>> events(
    QSqlDatabase &db, const QString &statement, const QVariantList &values, bool hasKey)
{
    QSqlQuery query(db);
    if (!sql::exec(query, statement, values))
        return std::nullopt;
    QList<StoredEvent> result;
    while (query.next())
        result.append(readRow(query, hasKey));
    return result;
}

bool one(QSqlDatabase &db, const QString &statement, const QVariantList &values, bool hasKey,
    std::optional<StoredEvent> *event)
{
    const auto found = events(db, statement, values, hasKey);
    if (!found)
        return false;
    *event = found->isEmpty() ? std::nullopt : std::optional<StoredEvent>(found->constFirst());
    return true;
}

std::optional<qint64> number(QSqlDatabase &db, const QString &statement, const QVariantList &values)
{
    QSqlQuery query(db);
    if (!sql::exec(query, statement, values) || !query.next())
        return std::nullopt;
    return query.value(0).toLongLong();
}

// The waiting place of the row's person (1 = next) as a column.
const QString placeColumn =
    QStringLiteral("CASE WHEN r.answer = 'waiting' THEN (SELECT COUNT(*) FROM event_rsvps w"
                   " WHERE w.event_id = r.event_id AND w.answer = 'waiting' AND"
                   " w.waiting_seq <= r.waiting_seq) ELSE 0 END");

} // namespace

bool EventsRepository::find(QSqlDatabase &db, const QString &apiKeyId, const QString &eventId,
    std::optional<StoredEvent> *event)
{
    return one(db,
        QStringLiteral("SELECT %1 FROM events e WHERE e.api_key_id = ? AND e.event_id = ?")
            .arg(columns),
        { apiKeyId, eventId }, false, event);
}

bool EventsRepository::findById(
    QSqlDatabase &db, const QString &id, bool forUpdate, std::optional<StoredEvent> *event)
{
    return one(db,
        QStringLiteral("SELECT %1%2 WHERE e.id = ?%3")
            .arg(columns, withKey,
                forUpdate ? QStringLiteral(" FOR UPDATE OF e") : QStringLiteral("")),
        { id }, true, event);
}

bool EventsRepository::write(QSqlDatabase &db, const StoredEvent &event, bool update)
{
    QSqlQuery query(db);
    const auto text = [](const QString &value) {
        return value.isNull() ? QStringLiteral("") : value;
    };
    const QVariantList changing { text(event.title), text(event.description), event.start,
        event.end, event.timeZone, event.hasPlace ? 1 : 0, text(event.site), text(event.room),
        sql::textOrNull(event.onlineUrl),
        event.capacity > 0 ? QVariant(event.capacity) : QVariant(QMetaType::fromType<int>()),
        event.rsvpClosesAt, remindersText(event.reminders), event.audience,
        sql::textOrNull(event.previousAudience), event.version, event.updatedAt,
        event.cancelled ? 1 : 0, event.expiresAt, event.expired ? 1 : 0, event.cursor };
    const bool written = update
        ? sql::exec(query,
            QStringLiteral("UPDATE events SET title = ?, description = ?, starts_at = ?,"
                           " ends_at = ?, time_zone = ?, has_place = ?, site = ?, room = ?,"
                           " online_url = ?, capacity = ?, rsvp_closes_at = ?, reminders = ?,"
                           " audience = ?, previous_audience = ?, version = ?, updated_at = ?,"
                           " cancelled = ?, expires_at = ?, expired = ?, change_id = ?"
                           " WHERE id = ?"),
            changing + QVariantList { event.id })
        : sql::exec(query,
            QStringLiteral(
                "INSERT INTO events (id, api_key_id, event_id, title, description,"
                " starts_at, ends_at, time_zone, has_place, site, room, online_url,"
                " capacity, rsvp_closes_at, reminders, audience, previous_audience,"
                " version, updated_at, cancelled, expires_at, expired, change_id) VALUES"
                " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
            QVariantList { event.id, event.apiKeyId, event.eventId } + changing);
    // Every audience the event has had: who may be told that it is removed.
    return written && AudienceHistory::remember(db, "events", event.id, event.audience);
}

std::optional<QStringList> EventsRepository::unexpiredIdsOfKey(
    QSqlDatabase &db, const QString &apiKeyId)
{
    return sql::strings(db,
        QStringLiteral("SELECT event_id FROM events WHERE api_key_id = ? AND expired = 0"
                       " ORDER BY event_id"),
        { apiKeyId });
}

std::optional<QList<StoredEvent>> EventsRepository::withIds(
    QSqlDatabase &db, const QStringList &ids)
{
    if (ids.isEmpty())
        return QList<StoredEvent>();
    return events(db,
        QStringLiteral("SELECT %1%2 WHERE e.id IN (%3)")
            .arg(columns, withKey, sql::placeholders(ids.size())),
        sql::values(ids), true);
}

std::optional<QList<StoredEvent>> EventsRepository::changedSince(
    QSqlDatabase &db, qint64 since, int limit, bool liveOnly, const QString &now)
{
    QString statement = QStringLiteral("SELECT %1%2 WHERE e.change_id > ?").arg(columns, withKey);
    QVariantList values { since };
    if (liveOnly) {
        statement +=
            QStringLiteral(" AND e.expired = 0 AND k.revoked_at IS NULL AND e.expires_at > ?");
        values.append(now);
    }
    statement += QStringLiteral(" ORDER BY e.change_id LIMIT ") + QString::number(limit);
    return events(db, statement, values, true);
}

std::optional<QList<StoredEvent>> EventsRepository::dueToExpire(
    QSqlDatabase &db, const QString &now, int limit)
{
    return events(db,
        QStringLiteral("SELECT %1 FROM events e WHERE e.expired = 0 AND e.expires_at <= ?"
                       " ORDER BY e.expires_at, e.id LIMIT %2")
            .arg(columns)
            .arg(limit),
        { now }, false);
}

std::optional<QList<StoredEvent>> EventsRepository::withRemindersBetween(
    QSqlDatabase &db, const QString &now, const QString &until)
{
    return events(db,
        QStringLiteral("SELECT %1%2 WHERE e.expired = 0 AND e.cancelled = 0 AND"
                       " e.reminders <> '' AND k.revoked_at IS NULL AND e.starts_at > ? AND"
                       " e.starts_at <= ?"
                       " ORDER BY e.starts_at, e.id")
            .arg(columns, withKey),
        { now, until }, true);
}

std::optional<QStringList> EventsRepository::remindersSent(
    QSqlDatabase &db, const QString &id, const QString &start)
{
    return sql::strings(db,
        QStringLiteral("SELECT minutes FROM event_reminders_sent WHERE event_id = ? AND"
                       " starts_at = ?"),
        { id, start });
}

bool EventsRepository::markReminderSent(QSqlDatabase &db, const QString &id, int minutes,
    const QString &start, const QString &at, bool *inserted)
{
    QSqlQuery query(db);
    if (!sql::exec(query,
            QStringLiteral("INSERT INTO event_reminders_sent (event_id, minutes, starts_at,"
                           " sent_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING"),
            { id, minutes, start, at }))
        return false;
    *inserted = query.numRowsAffected() == 1;
    return true;
}

bool EventsRepository::oweNotices(QSqlDatabase &db, const QString &eventId,
    const QStringList &people, const QString &kind, const QString &at)
{
    for (const QString &person : people) {
        QSqlQuery query(db);
        if (!sql::exec(query,
                QStringLiteral("INSERT INTO event_notices (event_id, user_id, kind, owed_at, sent)"
                               " VALUES (?, ?, ?, ?, 0) ON CONFLICT (event_id, user_id, kind)"
                               " DO UPDATE SET owed_at = excluded.owed_at, sent = 0"),
                { eventId, person, kind, at }))
            return false;
    }
    return true;
}

std::optional<QList<EventsRepository::PendingNotice>> EventsRepository::pendingNotices(
    QSqlDatabase &db, const QString &eventId, int limit)
{
    QSqlQuery query(db);
    const bool one = !eventId.isEmpty();
    if (!sql::exec(query,
            QStringLiteral("SELECT event_id, user_id, kind FROM event_notices WHERE sent = 0%1"
                           " ORDER BY event_id, kind, user_id LIMIT ?")
                .arg(one ? QStringLiteral(" AND event_id = ?") : QString()),
            one ? QVariantList { eventId, limit } : QVariantList { limit }))
        return std::nullopt;
    QList<PendingNotice> pending;
    while (query.next())
        pending.append(
            { query.value(0).toString(), query.value(1).toString(), query.value(2).toString() });
    return pending;
}

bool EventsRepository::markNoticesSent(QSqlDatabase &db, const QString &eventId,
    const QString &kind, const QStringList &people, bool *all)
{
    QSqlQuery query(db);
    if (!sql::exec(query,
            QStringLiteral("UPDATE event_notices SET sent = 1 WHERE event_id = ? AND kind = ? AND"
                           " sent = 0 AND user_id IN (%1)")
                .arg(sql::placeholders(people.size())),
            QVariantList { eventId, kind } + sql::values(people)))
        return false;
    *all = query.numRowsAffected() == people.size();
    return true;
}

bool EventsRepository::rsvpOf(QSqlDatabase &db, const QString &eventId, const QString &userId,
    std::optional<StoredRsvp> *rsvp)
{
    QSqlQuery query(db);
    if (!sql::exec(query,
            QStringLiteral("SELECT r.answer, r.waiting_seq, r.answered_at, r.change_id, %1"
                           " FROM event_rsvps r WHERE r.event_id = ? AND r.user_id = ?")
                .arg(placeColumn),
            { eventId, userId }))
        return false;
    *rsvp = std::nullopt;
    if (query.next()) {
        *rsvp = StoredRsvp { eventId, userId, query.value(0).toString(),
            query.value(1).toLongLong(), query.value(2).toString(), query.value(3).toLongLong(),
            query.value(4).toInt(), {} };
    }
    return true;
}

std::optional<int> EventsRepository::countAnswer(
    QSqlDatabase &db, const QString &eventId, const QString &answer)
{
    const auto count = number(db,
        QStringLiteral("SELECT COUNT(*) FROM event_rsvps WHERE event_id = ? AND answer = ?"),
        { eventId, answer });
    return count ? std::optional<int>(int(*count)) : std::nullopt;
}

std::optional<QStringList> EventsRepository::waiting(QSqlDatabase &db, const QString &eventId)
{
    return sql::strings(db,
        QStringLiteral("SELECT user_id FROM event_rsvps WHERE event_id = ? AND"
                       " answer = 'waiting' ORDER BY waiting_seq"),
        { eventId });
}

std::optional<qint64> EventsRepository::lastWaitingSeq(QSqlDatabase &db, const QString &eventId)
{
    return number(db,
        QStringLiteral("SELECT COALESCE(MAX(waiting_seq), 0) FROM event_rsvps WHERE event_id = ?"),
        { eventId });
}

bool EventsRepository::writeRsvp(QSqlDatabase &db, const StoredRsvp &rsvp, bool update)
{
    QSqlQuery query(db);
    const QVariant seq =
        rsvp.waitingSeq > 0 ? QVariant(rsvp.waitingSeq) : QVariant(QMetaType::fromType<qint64>());
    if (update) {
        return sql::exec(query,
            QStringLiteral("UPDATE event_rsvps SET answer = ?, waiting_seq = ?, answered_at = ?,"
                           " change_id = ? WHERE event_id = ? AND user_id = ?"),
            { rsvp.answer, seq, rsvp.answeredAt, rsvp.cursor, rsvp.eventId, rsvp.userId });
    }
    return sql::exec(query,
        QStringLiteral("INSERT INTO event_rsvps (event_id, user_id, answer, waiting_seq,"
                       " answered_at, change_id) VALUES (?, ?, ?, ?, ?, ?)"),
        { rsvp.eventId, rsvp.userId, rsvp.answer, seq, rsvp.answeredAt, rsvp.cursor });
}

bool EventsRepository::stampWaiting(QSqlDatabase &db, const QString &eventId, qint64 cursor)
{
    QSqlQuery query(db);
    return sql::exec(query,
        QStringLiteral("UPDATE event_rsvps SET change_id = ? WHERE event_id = ? AND"
                       " answer = 'waiting'"),
        { cursor, eventId });
}

std::optional<QStringList> EventsRepository::peopleAnswering(
    QSqlDatabase &db, const QString &eventId, const QStringList &answers)
{
    return sql::strings(db,
        QStringLiteral("SELECT user_id FROM event_rsvps WHERE event_id = ? AND answer IN (%1)"
                       " ORDER BY user_id")
            .arg(sql::placeholders(answers.size())),
        QVariantList { eventId } + sql::values(answers));
}

std::optional<QList<EventsRepository::RsvpChange>> EventsRepository::rsvpsSince(
    QSqlDatabase &db, const QString &userId, qint64 since, int limit)
{
    QSqlQuery query(db);
    if (!sql::exec(query,
            QStringLiteral("SELECT event_id, change_id FROM event_rsvps WHERE user_id = ? AND"
                           " change_id > ? ORDER BY change_id LIMIT ")
                + QString::number(limit),
            { userId, since }))
        return std::nullopt;
    QList<RsvpChange> changes;
    while (query.next())
        changes.append({ query.value(0).toString(), query.value(1).toLongLong() });
    return changes;
}

std::optional<QHash<QString, StoredRsvp>> EventsRepository::answersAmong(
    QSqlDatabase &db, const QString &userId, const QStringList &eventIds)
{
    QHash<QString, StoredRsvp> answers;
    if (eventIds.isEmpty())
        return answers;
    QSqlQuery query(db);
    if (!sql::exec(query,
            QStringLiteral("SELECT r.event_id, r.answer, r.answered_at, %1 FROM event_rsvps r"
                           " WHERE r.user_id = ? AND r.event_id IN (%2)")
                .arg(placeColumn, sql::placeholders(eventIds.size())),
            QVariantList { userId } + sql::values(eventIds)))
        return std::nullopt;
    while (query.next()) {
        StoredRsvp rsvp;
        rsvp.eventId = query.value(0).toString();
        rsvp.userId = userId;
        rsvp.answer = query.value(1).toString();
        rsvp.answeredAt = query.value(2).toString();
        rsvp.waitingPlace = query.value(3).toInt();
        answers.insert(rsvp.eventId, rsvp);
    }
    return answers;
}

std::optional<QList<StoredRsvp>> EventsRepository::attendees(
    QSqlDatabase &db, const QString &eventId)
{
    QSqlQuery query(db);
    if (!sql::exec(query,
            QStringLiteral("SELECT r.user_id, COALESCE(u.display_name, ''), r.answer,"
                           " r.answered_at, %1 FROM event_rsvps r LEFT JOIN users u ON"
                           " u.id = r.user_id WHERE r.event_id = ? ORDER BY CASE r.answer"
                           " WHEN 'going' THEN 0 WHEN 'waiting' THEN 1 WHEN 'maybe' THEN 2"
                           " ELSE 3 END, r.waiting_seq, r.answered_at, r.user_id")
                .arg(placeColumn),
            { eventId }))
        return std::nullopt;
    QList<StoredRsvp> list;
    while (query.next()) {
        StoredRsvp rsvp;
        rsvp.eventId = eventId;
        rsvp.userId = query.value(0).toString();
        rsvp.displayName = query.value(1).toString();
        rsvp.answer = query.value(2).toString();
        rsvp.answeredAt = query.value(3).toString();
        rsvp.waitingPlace = query.value(4).toInt();
        list.append(rsvp);
    }
    return list;
}

} // namespace tessera::server
