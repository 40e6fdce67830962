#include "events/eventseraser.h"

#include "events/eventrsvp.h"
#include "events/eventsservice.h"
#include "feed/changetransaction.h"
#include "privacy/personaldata.h"
#include "storage/sqlhelpers.h"

#include <QSqlQuery>

namespace tessera::server {

bool EventsEraser::erase(ChangeTransaction &transaction, const PersonalSubject &person)
{
    QSqlQuery query(transaction.db());
    if (!sql::exec(query,
            QStringLiteral("SELECT event_id FROM event_rsvps WHERE user_id = ? AND answer IN"
                           " (?, ?) ORDER BY event_id"),
            { person.userId, EventRsvp::going(), EventRsvp::waitingAnswer() }))
        return false;
    QStringList events;
    while (query.next())
        events.append(query.value(0).toString());
    for (const QString &id : std::as_const(events)) {
        // Closed (cancelled, or past its answers' end) or no longer theirs to see: the place
        // stays as their own "no" would leave it; the row goes with the declared statements.
        const EventRsvp::Result given = EventRsvp::answerIn(transaction,
            EventsService::changeKind(), person.userId, id, QStringLiteral("no"), person.now);
        if (given.outcome == EventRsvp::Result::Outcome::Failed)
            return false;
    }
    return true;
}

} // namespace tessera::server
