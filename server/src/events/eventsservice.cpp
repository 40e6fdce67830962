#include "events/eventsservice.h"

#include "audience/audience.h"
#include "audience/audiencemember.h"
#include "base/clock.h"
#include "base/serverlogging.h"
#include "cards/formcheck.h"
#include "crypto/randomtokens.h"
#include "events/eventrsvp.h"
#include "feed/audiencewrite.h"
#include "feed/changefeed.h"
#include "feed/changetransaction.h"
#include "feed/keytakedown.h"
#include "notifications/notificationservice.h"
#include "protocol/wiretime.h"
#include "storage/storage.h"

#include <QTimeZone>

namespace tessera::server {

namespace {

constexpr qint64 expirySeconds = qint64(24) * 3600;
// Notices go to at most this many people each (a cancellation of a large event: several).
constexpr qsizetype recipientsPerNotice = 500;
// The notices owed read at once (sendOwed reads again while each page is sent).
constexpr int owedPage = 1000;

// The event's start as the people see it: local time in its time zone.
QString localStart(const StoredEvent &event)
{
    const std::optional<QDateTime> start = wiretime::parse(event.start);
    return start ? start->toTimeZone(QTimeZone(event.timeZone.toUtf8()))
                       .toString(QStringLiteral("yyyy-MM-dd HH:mm"))
                 : event.start;
}

} // namespace

EventsService::EventsService(ChangeFeed &feed, const Clock &clock, const FormCheck &formCheck,
    NotificationService &notifications)
    : m_feed(feed)
    , m_clock(clock)
    , m_formCheck(formCheck)
    , m_notifications(notifications)
{
    m_feed.registerKind(changeKind());
}

QString EventsService::changeKind()
{
    return QStringLiteral("events");
}

QSqlDatabase EventsService::connection() const
{
    return m_feed.storage().connection();
}

std::optional<QStringList> EventsService::allowedHosts(
    QSqlDatabase &db, const QString &apiKeyId) const
{
    return m_formCheck.allowedHosts(db, apiKeyId);
}

EventsService::Written EventsService::write(const QString &apiKeyId, const QString &eventId,
    const QString &audience, const Mutation &mutate, StoredEvent *written, bool *existed,
    QStringList *promoted)
{
    QString previous; // the stored audience the people were resolved for
    Written result = Written::Failed;
    const auto audiences = [&](QSqlDatabase &db) -> std::optional<QStringList> {
        std::optional<StoredEvent> seen;
        if (!EventsRepository::find(db, apiKeyId, eventId, &seen))
            return std::nullopt;
        previous = seen ? seen->audience : QString();
        return QStringList { previous, audience.isEmpty() ? previous : audience };
    };
    const auto step = [&](ChangeTransaction &transaction, const QStringList &people) {
        QSqlDatabase &tdb = transaction.db();
        std::optional<StoredEvent> existing;
        if (!EventsRepository::find(tdb, apiKeyId, eventId, &existing))
            return AudienceWrite::Step::Failed;
        if ((existing ? existing->audience : QString()) != previous)
            return AudienceWrite::Step::Stale;
        const QString now = wiretime::format(m_clock.now());
        std::optional<StoredEvent> event = mutate(existing, now);
        if (!event) {
            result = Written::Unchanged;
            return AudienceWrite::Step::Done;
        }
        event->previousAudience = previous;
        const std::optional<qint64> cursor = transaction.record(Change {
            changeKind(), people, event->audience.isEmpty() ? previous : event->audience, 0 });
        if (!cursor)
            return AudienceWrite::Step::Failed;
        event->cursor = *cursor;
        QStringList moved;
        // Cancelled now: a notice owed to those going, maybe going or waiting.
        const bool cancelling = event->cancelled && existing && !existing->cancelled;
        std::optional<QStringList> told = QStringList();
        if (cancelling)
            told = EventsRepository::peopleAnswering(tdb, event->id,
                { EventRsvp::going(), QStringLiteral("maybe"), EventRsvp::waitingAnswer() });
        if (!told || !EventsRepository::write(tdb, *event, existing.has_value())
            || (event->isOpen(now) && existing
                && !EventRsvp::promote(transaction, changeKind(), *event, now, &moved))
            || !EventsRepository::oweNotices(
                tdb, event->id, *told, EventRsvp::cancelledNotice(), now)
            || !transaction.commit())
            return AudienceWrite::Step::Failed;
        if (written)
            *written = *event;
        if (existed)
            *existed = existing && !existing->cancelled;
        if (promoted)
            *promoted = moved;
        result = Written::Changed;
        return AudienceWrite::Step::Done;
    };
    return AudienceWrite::run(m_feed, audiences, step) ? result : Written::Failed;
}

EventsService::PutResult EventsService::put(
    const QString &apiKeyId, const QString &eventId, const EventsRequest &request)
{
    const QString audience = request.audience.toText();
    const Mutation mutate = [&](const std::optional<StoredEvent> &existing, const QString &now) {
        // An event put again after its cancellation keeps its id (and its answers).
        StoredEvent event = existing.value_or(StoredEvent {});
        if (!existing) {
            event.id = randomtokens::urlSafe(QStringLiteral("evt_"), 12);
            event.apiKeyId = apiKeyId;
            event.eventId = eventId;
        }
        event.title = request.title;
        event.description = request.description;
        event.start = wiretime::format(request.start);
        event.end = wiretime::format(request.end);
        event.timeZone = request.timeZone;
        event.hasPlace = request.hasPlace;
        event.site = request.site;
        event.room = request.room;
        event.onlineUrl = request.onlineUrl;
        event.capacity = request.capacity.value_or(0);
        event.rsvpClosesAt = wiretime::format(request.rsvpClosesAt);
        event.reminders = request.reminders;
        event.audience = audience;
        event.version += 1;
        event.updatedAt = now;
        event.cancelled = false;
        event.expiresAt = wiretime::format(request.end.addSecs(expirySeconds));
        event.expired = false;
        return std::optional<StoredEvent>(event);
    };
    PutResult result;
    bool existed = false;
    QStringList promoted;
    if (write(apiKeyId, eventId, audience, mutate, &result.event, &existed, &promoted)
        == Written::Changed) {
        result.outcome = existed ? PutResult::Outcome::Replaced : PutResult::Outcome::Created;
        if (!promoted.isEmpty() && !sendOwed(result.event.id))
            qCWarning(lcServer) << "events: notices owed on" << result.event.id
                                << "left to the events-schedule job";
    }
    return result;
}

EventsService::CancelOutcome EventsService::cancel(const QString &apiKeyId, const QString &eventId)
{
    const Mutation mutate = [](const std::optional<StoredEvent> &existing, const QString &now) {
        if (!existing || existing->cancelled || existing->expired)
            return std::optional<StoredEvent>();
        StoredEvent event = *existing;
        event.cancelled = true;
        event.version += 1;
        event.updatedAt = now;
        return std::optional<StoredEvent>(event);
    };
    StoredEvent event;
    switch (write(apiKeyId, eventId, {}, mutate, &event)) {
    case Written::Changed:
        if (!sendOwed(event.id))
            qCWarning(lcServer) << "events: notices owed on" << event.id
                                << "left to the events-schedule job";
        return CancelOutcome::Cancelled;
    case Written::Unchanged:
        return CancelOutcome::NotFound;
    case Written::Failed:
        break;
    }
    return CancelOutcome::Failed;
}

bool EventsService::takeDownAllOfKey(const QString &apiKeyId)
{
    // Not a tombstone: the event's key is revoked, so every read leaves it out; the write is
    // its audience's change.
    const Mutation touch = [](const std::optional<StoredEvent> &existing, const QString &now) {
        if (!existing || existing->expired)
            return std::optional<StoredEvent>();
        StoredEvent event = *existing;
        event.updatedAt = now;
        return std::optional<StoredEvent>(event);
    };
    return KeyTakedown::run(
        connection(),
        [&apiKeyId](QSqlDatabase &db) { return EventsRepository::unexpiredIdsOfKey(db, apiKeyId); },
        [&](const QString &eventId) {
            return write(apiKeyId, eventId, {}, touch) != Written::Failed;
        });
}

EventsService::Attendees EventsService::attendees(const QString &apiKeyId, const QString &eventId)
{
    QSqlDatabase db = connection();
    std::optional<StoredEvent> event;
    if (!EventsRepository::find(db, apiKeyId, eventId, &event))
        return {};
    if (!event)
        return Attendees { Found::NotFound, {}, {} };
    const auto list = EventsRepository::attendees(db, event->id);
    if (!list)
        return {};
    return Attendees { Found::Yes, *event, *list };
}

EventsPage EventsService::changesFor(const QString &userId, qint64 since)
{
    QSqlDatabase db = connection();
    return EventsPage::read(db, userId, since, wiretime::format(m_clock.now()), pageSize);
}

EventsService::Detail EventsService::detail(const QString &userId, const QString &id)
{
    QSqlDatabase db = connection();
    const QString now = wiretime::format(m_clock.now());
    std::optional<StoredEvent> event;
    if (!EventsRepository::findById(db, id, false, &event))
        return {};
    const std::optional<AudienceMember> person = AudienceMember::loadOne(db, userId);
    if (!person)
        return {};
    const std::optional<Audience> audience =
        event ? Audience::fromText(event->audience) : std::nullopt;
    if (!event || !event->isShown(now) || !audience || !audience->contains(*person))
        return Detail { Found::NotFound, {} };
    std::optional<StoredRsvp> rsvp;
    const std::optional<int> going = EventsRepository::countAnswer(db, id, EventRsvp::going());
    if (!going || !EventsRepository::rsvpOf(db, id, userId, &rsvp))
        return {};
    QJsonObject json = EventsPage::eventJson(*event, rsvp);
    json.insert(QStringLiteral("going"), *going);
    json.insert(QStringLiteral("spotsLeft"),
        event->capacity > 0 ? QJsonValue(std::max(0, event->capacity - *going)) : QJsonValue());
    return Detail { Found::Yes, json };
}

EventsService::RsvpResult EventsService::rsvp(
    const QString &userId, const QString &id, const QString &answer)
{
    const EventRsvp::Result result = EventRsvp::answer(
        m_feed, changeKind(), userId, id, answer, wiretime::format(m_clock.now()));
    using Outcome = EventRsvp::Result::Outcome;
    switch (result.outcome) {
    case Outcome::Answered:
        if (!result.promoted.isEmpty() && !sendOwed(id))
            qCWarning(lcServer) << "events: notices owed on" << id
                                << "left to the events-schedule job";
        return RsvpResult { RsvpResult::Outcome::Answered, id, result.answer, result.waitingPlace,
            {} };
    case Outcome::NotFound:
        return RsvpResult { RsvpResult::Outcome::NotFound, id, {}, 0, {} };
    case Outcome::Closed:
        return RsvpResult { RsvpResult::Outcome::Closed, id, {}, 0,
            result.event.cancelled ? QString() : result.event.rsvpClosesAt };
    case Outcome::Failed:
        break;
    }
    return {};
}

bool EventsService::notify(
    const QString &id, const QStringList &people, const QString &title, const Mark &mark)
{
    if (people.isEmpty())
        return true;
    QSqlDatabase db = connection();
    std::optional<StoredEvent> event;
    if (!EventsRepository::findById(db, id, false, &event) || !event)
        return false;
    const QString local = localStart(*event);
    bool ok = true;
    for (qsizetype from = 0; from < people.size(); from += recipientsPerNotice) {
        NewNotification notice;
        notice.recipients.users = people.mid(from, recipientsPerNotice);
        notice.title = title;
        notice.body = QStringLiteral("%1, %2 (%3)").arg(event->title, local, event->timeZone);
        notice.category = QStringLiteral("events");
        notice.priority = QStringLiteral("normal");
        notice.reference = event->id;
        const QStringList &batch = notice.recipients.users;
        const CreateResult created = m_notifications.create(event->apiKeyId, event->source, notice,
            mark ? [&mark, &batch](const CreateResult &) { return mark(batch); }
                 : NotificationService::BeforeCommit<CreateResult>());
        // None of them can be told (all disabled): marked all the same, or it would stay owed.
        ok = created.outcome == CreateResult::Outcome::Created
            || (created.outcome == CreateResult::Outcome::NoRecipients && (!mark || mark(batch)));
        if (!ok)
            break;
    }
    return ok;
}

bool EventsService::sweep()
{
    const QString now = wiretime::format(m_clock.now());
    const bool expired = expireDue(now);
    const bool reminded = remindDue(now);
    return sendOwed({}) && reminded && expired;
}

bool EventsService::sendOwed(const QString &id)
{
    QSqlDatabase db = connection();
    for (;;) {
        const auto pending = EventsRepository::pendingNotices(db, id, owedPage);
        if (!pending)
            return false;
        // In the order read: one notice per event and kind; one that fails stays owed and the
        // others go (the next page only when all of this one went, so that this ends).
        bool ok = true;
        for (qsizetype from = 0; from < pending->size();) {
            const EventsRepository::PendingNotice &first = pending->at(from);
            QStringList people;
            qsizetype to = from;
            for (; to < pending->size() && pending->at(to).eventId == first.eventId
                 && pending->at(to).kind == first.kind;
                 ++to)
                people.append(pending->at(to).userId);
            ok = sendOwedKind(first.eventId, first.kind, people) && ok;
            from = to;
        }
        if (!ok || pending->size() < owedPage)
            return ok;
    }
}

bool EventsService::sendOwedKind(const QString &id, const QString &kind, const QStringList &people)
{
    QSqlDatabase db = connection();
    std::optional<StoredEvent> event;
    if (!EventsRepository::findById(db, id, false, &event) || !event)
        return false;
    // The mark of the notice's people, in its transaction: all of them still owed, or another
    // run (or node) sent it and this one rolls back.
    const Mark mark = [&](const QStringList &batch) {
        QSqlDatabase tdb = connection(); // this thread's, in the notice's transaction
        bool all = false;
        return EventsRepository::markNoticesSent(tdb, id, kind, batch, &all) && all;
    };
    if (kind == EventRsvp::cancelledNotice()) {
        if (!event->cancelled) // put again since: nothing to tell
            return mark(people);
        return notify(id, people, QStringLiteral("Cancelled: ") + event->title, mark);
    }
    if (kind == EventRsvp::movedUpNotice())
        return notify(id, people, QStringLiteral("You have a place: ") + event->title, mark);
    qCWarning(lcServer) << "events: a notice owed of unknown kind" << kind << "on" << id;
    return false;
}

bool EventsService::expireDue(const QString &now)
{
    QSqlDatabase db = connection();
    const auto due = EventsRepository::dueToExpire(db, now, sweepBatch);
    if (!due)
        return false;
    bool ok = true;
    for (const StoredEvent &event : *due) {
        ok = write(event.apiKeyId, event.eventId, {},
                 [](const std::optional<StoredEvent> &existing, const QString &at) {
                     if (!existing || existing->expired || existing->expiresAt > at)
                         return std::optional<StoredEvent>();
                     StoredEvent expiring = *existing;
                     expiring.expired = true;
                     return std::optional<StoredEvent>(expiring);
                 })
                != Written::Failed
            && ok;
    }
    if (!due->isEmpty())
        qCInfo(lcServer) << "events: expired" << due->size() << "events";
    return ok;
}

bool EventsService::remindDue(const QString &now)
{
    QSqlDatabase db = connection();
    const QDateTime at = *wiretime::parse(now);
    const auto events = EventsRepository::withRemindersBetween(
        db, now, wiretime::format(at.addSecs(qint64(EventsRequest::maxReminder) * 60)));
    if (!events)
        return false;
    bool ok = true;
    for (const StoredEvent &event : *events) {
        const std::optional<QDateTime> start = wiretime::parse(event.start);
        const std::optional<QStringList> sent =
            EventsRepository::remindersSent(db, event.id, event.start);
        if (!start || !sent) {
            ok = false;
            continue;
        }
        for (const int minutes : event.reminders) {
            if (start->addSecs(-qint64(minutes) * 60) <= at
                && !sent->contains(QString::number(minutes)))
                ok = remind(event, minutes) && ok;
        }
    }
    return ok;
}

bool EventsService::remind(const StoredEvent &event, int minutes)
{
    QSqlDatabase db = connection();
    const QString now = wiretime::format(m_clock.now());
    const std::optional<QStringList> going =
        EventsRepository::peopleAnswering(db, event.id, { EventRsvp::going() });
    if (!going)
        return false;
    bool inserted = false;
    if (going->isEmpty())
        return EventsRepository::markReminderSent(
            db, event.id, minutes, event.start, now, &inserted);
    // The mark goes with the first notice: a second run (or node) finds it and sends nothing.
    bool first = true;
    bool duplicate = false;
    const Mark mark = [&](const QStringList &) {
        if (!first)
            return true;
        first = false;
        QSqlDatabase tdb = connection(); // this thread's, in the notice's transaction
        if (!EventsRepository::markReminderSent(
                tdb, event.id, minutes, event.start, now, &inserted))
            return false;
        duplicate = !inserted;
        return inserted;
    };
    const bool sent = notify(event.id, *going,
        QStringLiteral("Reminder: %1 at %2 (%3)")
            .arg(event.title, localStart(event), event.timeZone),
        mark);
    return sent || duplicate;
}

} // namespace tessera::server
