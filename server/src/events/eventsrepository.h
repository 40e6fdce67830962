#pragma once

#include <QHash>
#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

#include <optional>

namespace tessera::server {

// One row of events: a sub-system's event, scheduled, cancelled or expired.
struct StoredEvent
{
    QString id; // the server's, "evt_..."
    QString apiKeyId;
    QString eventId; // the sub-system's
    QString title;
    QString description;
    QString start; // RFC 3339 UTC
    QString end;
    QString timeZone;
    bool hasPlace = false;
    QString site;
    QString room;
    QString onlineUrl; // empty: none
    int capacity = 0; // 0: unlimited
    QString rsvpClosesAt;
    QList<int> reminders; // minutes before the start
    QString audience; // Audience::toText
    QString previousAudience; // before the last change; empty for a new event
    int version = 0;
    QString updatedAt;
    bool cancelled = false;
    QString expiresAt; // 24 h after the end
    bool expired = false; // its expiry is in the change feed
    qint64 cursor = 0;
    QString source; // the key's sub-system name (read with the key)
    bool keyRevoked = false; // (read with the key only)

    // In its audience's feeds at now (RFC 3339 UTC text, compared as text): until its expiry,
    // cancelled or not, while its key is not revoked.
    bool isShown(const QString &now) const { return !expired && !keyRevoked && expiresAt > now; }
    // Taking answers at now.
    bool isOpen(const QString &now) const { return !cancelled && now < rsvpClosesAt; }
};

// One person's answer to an event (a row only for those who answered).
struct StoredRsvp
{
    QString eventId; // the server's
    QString userId;
    QString answer; // going, maybe, no, waiting
    qint64 waitingSeq = 0; // its order on the waiting list; 0 unless waiting
    QString answeredAt;
    qint64 cursor = 0;
    int waitingPlace = 0; // 1 = next; 0 unless waiting (computed when read)
    QString displayName; // (attendees only)
};

// The SQL of events, event_rsvps, event_reminders_sent and event_notices; runs in the caller's
// transaction where there is one. Every read answers nullopt (or false) when the database fails.
class EventsRepository
{
public:
    static bool find(QSqlDatabase &db, const QString &apiKeyId, const QString &eventId,
        std::optional<StoredEvent> *event);
    // The event with the server's id, with its key; forUpdate: its row locked until the
    // transaction ends (PostgreSQL's FOR UPDATE; SQLite's write lock is the database's).
    static bool findById(
        QSqlDatabase &db, const QString &id, bool forUpdate, std::optional<StoredEvent> *event);
    static bool write(QSqlDatabase &db, const StoredEvent &event, bool update);
    // The event ids of the key's events not yet expired.
    static std::optional<QStringList> unexpiredIdsOfKey(QSqlDatabase &db, const QString &apiKeyId);
    static std::optional<QList<StoredEvent>> withIds(QSqlDatabase &db, const QStringList &ids);
    // Events whose last change is after since, in cursor order, at most limit, with their key;
    // liveOnly: only those shown at now.
    static std::optional<QList<StoredEvent>> changedSince(
        QSqlDatabase &db, qint64 since, int limit, bool liveOnly, const QString &now);
    // Not expired, expiry reached at now: at most limit, oldest first.
    static std::optional<QList<StoredEvent>> dueToExpire(
        QSqlDatabase &db, const QString &now, int limit);
    // Not cancelled nor expired, with reminders, starting after now and not after until.
    static std::optional<QList<StoredEvent>> withRemindersBetween(
        QSqlDatabase &db, const QString &now, const QString &until);
    // The minutes of the event's reminders sent for its start at start.
    static std::optional<QStringList> remindersSent(
        QSqlDatabase &db, const QString &id, const QString &start);
    // The reminder's sent-mark; *inserted false when it was there already.
    static bool markReminderSent(QSqlDatabase &db, const QString &id, int minutes,
        const QString &start, const QString &at, bool *inserted);

    // Notices owed to people (event_notices), pending until marked sent: owe writes them
    // (pending again when sent before), pending reads at most limit (of eventId; empty: of
    // every event) by event and kind, markSent marks those of people still pending, *all false
    // when some were not (sent by another run or node).
    struct PendingNotice
    {
        QString eventId;
        QString userId;
        QString kind;
    };
    static bool oweNotices(QSqlDatabase &db, const QString &eventId, const QStringList &people,
        const QString &kind, const QString &at);
    static std::optional<QList<PendingNotice>> pendingNotices(
        QSqlDatabase &db, const QString &eventId, int limit);
    static bool markNoticesSent(QSqlDatabase &db, const QString &eventId, const QString &kind,
        const QStringList &people, bool *all);

    static bool rsvpOf(QSqlDatabase &db, const QString &eventId, const QString &userId,
        std::optional<StoredRsvp> *rsvp);
    static std::optional<int> countAnswer(
        QSqlDatabase &db, const QString &eventId, const QString &answer);
    // The waiting list in order.
    static std::optional<QStringList> waiting(QSqlDatabase &db, const QString &eventId);
    static std::optional<qint64> lastWaitingSeq(QSqlDatabase &db, const QString &eventId);
    static bool writeRsvp(QSqlDatabase &db, const StoredRsvp &rsvp, bool update);
    // Stamps every waiting person's row with cursor (their places moved).
    static bool stampWaiting(QSqlDatabase &db, const QString &eventId, qint64 cursor);
    // The people whose answer is one of answers.
    static std::optional<QStringList> peopleAnswering(
        QSqlDatabase &db, const QString &eventId, const QStringList &answers);

    struct RsvpChange
    {
        QString eventId;
        qint64 cursor = 0;
    };
    // userId's answers changed after since, in cursor order, at most limit.
    static std::optional<QList<RsvpChange>> rsvpsSince(
        QSqlDatabase &db, const QString &userId, qint64 since, int limit);
    // userId's answers to eventIds (with waiting places), by event id.
    static std::optional<QHash<QString, StoredRsvp>> answersAmong(
        QSqlDatabase &db, const QString &userId, const QStringList &eventIds);
    // Every answer to the event with the person's display name: going, waiting in order,
    // maybe, no.
    static std::optional<QList<StoredRsvp>> attendees(QSqlDatabase &db, const QString &eventId);
};

} // namespace tessera::server
