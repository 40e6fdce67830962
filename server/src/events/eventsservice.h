#pragma once

#include "events/eventspage.h"
#include "events/eventsrepository.h"
#include "events/eventsrequest.h"

#include <QJsonObject>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

namespace tessera::server {

class ChangeFeed;
class ChangeTransaction;
class Clock;
class FormCheck;
class NotificationService;

// Events: a sub-system puts, replaces and cancels its events and reads who answered; people read
// those of their audience since a cursor, answer them (EventRsvp) and see the counts of one. An
// event's every change (a put, a cancellation, its expiry 24 h after its end) is a change of kind
// "events" in the change feed hinting the people of its old and new audience (AudienceWrite); a
// person's answer, a move up from the waiting list and a new waiting place are changes of that
// person only. Inbox notices (a move up, a cancellation, a reminder) are notifications from the
// event's key, created through NotificationService, each with a mark written in its own
// transaction so that it goes once: a move up and a cancellation are owed (event_notices) in
// the transaction that makes them and sent after its commit, or by the events-schedule job when
// a crash came between; a reminder's mark is its sent-mark.
class EventsService
{
public:
    static constexpr int pageSize = 200;
    static constexpr int sweepBatch = 200;

    struct PutResult
    {
        enum class Outcome { Created, Replaced, Failed };
        Outcome outcome = Outcome::Failed;
        StoredEvent event;
    };
    enum class CancelOutcome { Cancelled, NotFound, Failed };
    enum class Found { Yes, NotFound, Failed };

    struct Detail
    {
        Found found = Found::Failed;
        QJsonObject json; // Event with going and spotsLeft
    };
    struct Attendees
    {
        Found found = Found::Failed;
        StoredEvent event;
        QList<StoredRsvp> attendees;
    };
    struct RsvpResult
    {
        enum class Outcome { Answered, NotFound, Closed, Failed };
        Outcome outcome = Outcome::Failed;
        QString id;
        QString answer;
        int waitingPlace = 0;
        QString closedAt; // Closed: when (empty: cancelled)
    };

    EventsService(ChangeFeed &feed, const Clock &clock, const FormCheck &formCheck,
        NotificationService &notifications);

    static QString changeKind(); // "events"

    const Clock &clock() const { return m_clock; }
    QSqlDatabase connection() const;
    // The hosts the key's events may link to; nullopt when the database fails.
    std::optional<QStringList> allowedHosts(QSqlDatabase &db, const QString &apiKeyId) const;

    PutResult put(const QString &apiKeyId, const QString &eventId, const EventsRequest &request);
    CancelOutcome cancel(const QString &apiKeyId, const QString &eventId);
    Attendees attendees(const QString &apiKeyId, const QString &eventId);
    // After the key's revocation: a change of each of its events not expired, so that the apps
    // that have them list them under removed (a revoked key's events are shown to no one);
    // false when the database failed.
    bool takeDownAllOfKey(const QString &apiKeyId);
    EventsPage changesFor(const QString &userId, qint64 since);
    Detail detail(const QString &userId, const QString &id);
    RsvpResult rsvp(const QString &userId, const QString &id, const QString &answer);
    // The scheduled job's work: records the expiries that are due and sends the reminders and
    // the notices owed that are; false when the database failed.
    bool sweep();
    // Sends the notices owed of the event (empty: of every event), each marked sent in its
    // inbox notice's transaction; false when one failed (it stays owed).
    bool sendOwed(const QString &id);

    // Told in each notice's transaction with its people: false rolls it back.
    using Mark = std::function<bool(const QStringList &people)>;
    // An inbox notice from the event's key to people (none: nothing), in notices of at most 500
    // people, mark told in each one's transaction (or alone when none of them can be told; false:
    // rolled back, no more sent); false when one failed.
    bool notify(
        const QString &id, const QStringList &people, const QString &title, const Mark &mark = {});

private:
    enum class Written { Changed, Unchanged, Failed };
    using Mutation = std::function<std::optional<StoredEvent>(
        const std::optional<StoredEvent> &existing, const QString &now)>;
    // As NewsService::write: what mutate makes of the key's event, whose audience becomes
    // audience (empty: unchanged), recorded as a broadcast change. An event that takes answers
    // afterwards moves people up from its waiting list to its capacity (*promoted).
    Written write(const QString &apiKeyId, const QString &eventId, const QString &audience,
        const Mutation &mutate, StoredEvent *written = nullptr, bool *existed = nullptr,
        QStringList *promoted = nullptr);
    bool expireDue(const QString &now);
    bool remindDue(const QString &now);
    // Sends the event's reminder (minutes before its start) to those going, once: its sent-mark
    // is written in the notice's transaction.
    bool remind(const StoredEvent &event, int minutes);
    // Sends a notice owed of kind to people of the event and marks theirs sent in its
    // transaction (a cancellation when the event was put again since: only marked).
    bool sendOwedKind(const QString &id, const QString &kind, const QStringList &people);

    ChangeFeed &m_feed;
    const Clock &m_clock;
    const FormCheck &m_formCheck;
    NotificationService &m_notifications;
};

} // namespace tessera::server
