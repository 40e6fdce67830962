#include "events/eventrsvp.h"

#include "audience/audience.h"
#include "audience/audiencemember.h"
#include "feed/changefeed.h"
#include "feed/changetransaction.h"

#include <algorithm>

namespace tessera::server {

namespace {

// Records a change of the people still waiting (their places moved) and stamps their rows.
bool restampWaiting(ChangeTransaction &transaction, const QString &kind, const QString &eventId)
{
    QSqlDatabase &db = transaction.db();
    const std::optional<QStringList> waiting = EventsRepository::waiting(db, eventId);
    if (!waiting)
        return false;
    if (waiting->isEmpty())
        return true;
    const std::optional<qint64> cursor = transaction.record(Change::of(kind, *waiting));
    return cursor && EventsRepository::stampWaiting(db, eventId, *cursor);
}

} // namespace

bool EventRsvp::promote(ChangeTransaction &transaction, const QString &kind,
    const StoredEvent &event, const QString &now, QStringList *promoted)
{
    QSqlDatabase &db = transaction.db();
    const std::optional<int> goingCount = EventsRepository::countAnswer(db, event.id, going());
    const std::optional<QStringList> waiting = EventsRepository::waiting(db, event.id);
    if (!goingCount || !waiting)
        return false;
    const qsizetype free = event.capacity > 0 ? event.capacity - *goingCount : waiting->size();
    const qsizetype moving = std::clamp<qsizetype>(free, 0, waiting->size());
    for (qsizetype i = 0; i < moving; ++i) {
        const QString &person = waiting->at(i);
        const std::optional<qint64> cursor = transaction.record(Change::of(kind, { person }));
        if (!cursor
            || !EventsRepository::writeRsvp(
                db, StoredRsvp { event.id, person, going(), 0, now, *cursor, 0, {} }, true))
            return false;
        promoted->append(person);
    }
    return moving == 0
        || (EventsRepository::oweNotices(
                db, event.id, waiting->mid(0, moving), movedUpNotice(), now)
            && restampWaiting(transaction, kind, event.id));
}

EventRsvp::Result EventRsvp::answer(ChangeFeed &feed, const QString &kind, const QString &userId,
    const QString &id, const QString &answer, const QString &now)
{
    ChangeTransaction transaction(feed);
    if (!transaction.isActive())
        return {};
    Result result = answerIn(transaction, kind, userId, id, answer, now);
    if (result.outcome == Result::Outcome::Answered && !transaction.commit())
        return {};
    return result;
}

EventRsvp::Result EventRsvp::answerIn(ChangeTransaction &transaction, const QString &kind,
    const QString &userId, const QString &id, const QString &answer, const QString &now)
{
    QSqlDatabase &db = transaction.db();
    const bool lockRow = db.driverName() == QLatin1String("QPSQL");
    std::optional<StoredEvent> event;
    if (!EventsRepository::findById(db, id, lockRow, &event))
        return {};
    const std::optional<AudienceMember> person = AudienceMember::loadOne(db, userId);
    if (!person)
        return {};
    const std::optional<Audience> audience =
        event ? Audience::fromText(event->audience) : std::nullopt;
    Result result;
    if (!event || !event->isShown(now) || !audience || !audience->contains(*person)) {
        result.outcome = Result::Outcome::NotFound;
        return result;
    }
    result.event = *event;
    if (!event->isOpen(now)) {
        result.outcome = Result::Outcome::Closed;
        return result;
    }
    std::optional<StoredRsvp> existing;
    if (!EventsRepository::rsvpOf(db, id, userId, &existing))
        return {};
    const bool same = existing
        && (existing->answer == answer
            || (answer == going() && existing->answer == waitingAnswer()));
    if (same) { // nothing changes (a waiting person keeps their place)
        result.outcome = Result::Outcome::Answered;
        result.answer = existing->answer;
        result.waitingPlace = existing->waitingPlace;
        return result;
    }
    StoredRsvp row { id, userId, answer, 0, now, 0, 0, {} };
    if (answer == going() && event->capacity > 0) {
        const std::optional<int> goingCount = EventsRepository::countAnswer(db, id, going());
        if (!goingCount)
            return {};
        if (*goingCount >= event->capacity) {
            const std::optional<qint64> last = EventsRepository::lastWaitingSeq(db, id);
            if (!last)
                return {};
            row.answer = waitingAnswer();
            row.waitingSeq = *last + 1;
        }
    }
    const std::optional<qint64> cursor = transaction.record(Change::of(kind, { userId }));
    if (!cursor)
        return {};
    row.cursor = *cursor;
    if (!EventsRepository::writeRsvp(db, row, existing.has_value()))
        return {};
    // Leaving "going" frees a place; leaving the waiting list moves those behind up a place.
    if (existing && existing->answer == going()
        && !promote(transaction, kind, *event, now, &result.promoted))
        return {};
    if (existing && existing->answer == waitingAnswer() && !restampWaiting(transaction, kind, id))
        return {};
    std::optional<StoredRsvp> written;
    if (!EventsRepository::rsvpOf(db, id, userId, &written) || !written)
        return {};
    result.outcome = Result::Outcome::Answered;
    result.answer = written->answer;
    result.waitingPlace = written->waitingPlace;
    return result;
}

} // namespace tessera::server
