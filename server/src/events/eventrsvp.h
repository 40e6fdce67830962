#pragma once

#include "events/eventsrepository.h"

#include <QString>
#include <QStringList>

namespace tessera::server {

class ChangeFeed;
class ChangeTransaction;

// A person's answer to an event and the waiting list, each in one transaction of the change
// feed with the event's row locked (SELECT ... FOR UPDATE on PostgreSQL; SQLite's write lock),
// so that concurrent answers never book more people than the capacity.
class EventRsvp
{
public:
    static QString going() { return QStringLiteral("going"); }
    static QString waitingAnswer() { return QStringLiteral("waiting"); }
    // The kinds of the notices owed (EventsRepository::oweNotices): a move up, a cancellation.
    static QString movedUpNotice() { return QStringLiteral("movedUp"); }
    static QString cancelledNotice() { return QStringLiteral("cancelled"); }

    struct Result
    {
        enum class Outcome { Answered, NotFound, Closed, Failed };
        Outcome outcome = Outcome::Failed;
        StoredEvent event;
        QString answer;
        int waitingPlace = 0;
        QStringList promoted; // moved up to going by this answer (each to be told)
    };

    // userId answers id ("going", "maybe", "no") at now: "going" when full joins the waiting
    // list; the same answer again changes nothing; leaving "going" moves the first waiting
    // person up. NotFound: unknown, expired or outside its audience; Closed: cancelled or past
    // its rsvpClosesAt.
    static Result answer(ChangeFeed &feed, const QString &kind, const QString &userId,
        const QString &id, const QString &answer, const QString &now);
    // The same inside transaction, which the caller commits (an erasure: the person's places
    // given up as their own "no" gives them up).
    static Result answerIn(ChangeTransaction &transaction, const QString &kind,
        const QString &userId, const QString &id, const QString &answer, const QString &now);
    // Inside transaction: moves people from event's waiting list up to its capacity (all of
    // them when it has none), each a change of their own and a notice owed to them, and the
    // rest a change of their new places; *promoted gets those moved up. false when the
    // database failed.
    static bool promote(ChangeTransaction &transaction, const QString &kind,
        const StoredEvent &event, const QString &now, QStringList *promoted);
};

} // namespace tessera::server
