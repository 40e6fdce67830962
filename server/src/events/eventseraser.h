#pragma once

namespace tessera::server {

class ChangeTransaction;
struct PersonalSubject;

// A person's erasure in events (DESIGN.md, decision 9): each place they hold (going, or waiting)
// is given up as their own "no" gives it up (EventRsvp::answerIn), so the first waiting person
// moves up, is told through the notice owed (sent by the events-schedule job within seconds), and
// those behind them move up a place. The answers themselves go with the declared statements.
class EventsEraser
{
public:
    // In the erasure's transaction; true when the person holds no place (or was erased before).
    static bool erase(ChangeTransaction &transaction, const PersonalSubject &person);
};

} // namespace tessera::server
