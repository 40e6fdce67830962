#pragma once

#include "events/eventitem.h"
#include "storage/deltastore.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>
#include <optional>

namespace tessera {

class Database;
class SqlStatement;

// One stored event as the app shows it: the server's event with the person's answer that waits
// in the RSVP outbox laid over it (rsvpPending: myAnswer is that answer, not yet taken), and the
// server's reason when it refused the last answer for good (rsvpProblem).
struct StoredEvent
{
    EventItem item;
    bool rsvpPending = false;
    QString rsvpProblem;
};

// One answer in the RSVP outbox, as it goes to PUT /v1/events/{id}/rsvp.
struct RsvpEntry
{
    QString eventId;
    QString answer;
    QString idempotencyKey;
    int attempts = 0;
};

// Events' cache in the session's SQLCipher database (the "events" feature's tables): the events
// by the server's id with the delta cursor (events_sync), written together (DeltaStore), and the
// RSVP outbox: rsvp() shows the answer at once (pending, it survives a restart) and queues it with
// a new Idempotency-Key; EventRsvpOutbox sends it and reports the server's answer here (applied
// to the event), a retry (deferred) or a final refusal (the answer reverts to the server's, the
// reason is kept). Without a database every read answers nothing and every write fails. Not
// thread-safe: use it from one thread, like Database.
class EventStore : public DeltaStore
{
    Q_OBJECT
public:
    enum class RsvpResult { Queued, UnknownEvent, Closed, InvalidAnswer, NotStored };

    explicit EventStore(QObject *parent = nullptr);
    EventStore(std::shared_ptr<Database> database, QObject *parent = nullptr);
    ~EventStore() override;

    // Upcoming first (those not ended at now, by start), then those that ended (latest first).
    QList<StoredEvent> events(const QDateTime &now = QDateTime::currentDateTimeUtc()) const;
    std::optional<StoredEvent> find(const QString &id) const;

    // One page of a delta: its events upserted, its removed ids dropped (with their outbox rows)
    // and the cursor stored, in one transaction (nothing changes when any of it fails).
    bool applyDelta(
        const QList<EventItem> &events, const QStringList &removed, const QString &cursor);

    // Queues the person's answer (going, maybe or no) for a stored event whose RSVPs are open at
    // now; it replaces an answer still waiting (with a new key) or a refusal.
    RsvpResult rsvp(const QString &eventId, const QString &answer,
        const QDateTime &now = QDateTime::currentDateTimeUtc());

    // The outbox: answers due at now (oldest first), how many wait, the earliest next attempt
    // (invalid: none waits).
    QList<RsvpEntry> dueRsvps(const QDateTime &now) const;
    int pendingRsvpCount() const;
    QDateTime nextRsvpAttempt() const;
    bool makeRsvpsDue();
    // The server took the entry: its answer and waiting place (0: none) become the event's; the
    // entry leaves the outbox unless a newer answer replaced it meanwhile.
    bool rsvpAnswered(const RsvpEntry &entry, const QString &answer, int waitingPlace);
    bool rsvpDeferred(const RsvpEntry &entry, const QDateTime &nextAttemptAt);
    // The server refused it for good: the event shows the server's answer again, with reason.
    bool rsvpRefused(const RsvpEntry &entry, const QString &reason);

Q_SIGNALS:
    // rsvp() queued an answer: the outbox has something to send.
    void rsvpQueued();

private:
    bool exec(const char *sql, const std::function<void(SqlStatement &)> &bind);
    static bool write(Database &database, const EventItem &event);
    static bool drop(Database &database, const QString &id);
};

} // namespace tessera
