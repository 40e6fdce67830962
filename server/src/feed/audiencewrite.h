#pragma once

#include <QSqlDatabase>
#include <QStringList>

#include <functional>
#include <optional>

namespace tessera::server {

class ChangeFeed;
class ChangeTransaction;

// A write to an object shown to an audience (a card, a post, an event, a survey), recorded in the
// change feed with the people whose view of it changes. Those people are resolved against the
// people table before the transaction, so the feed's lock is not held while the whole table is
// read. When another writer changed the object's audience between that read and the
// transaction's own read, the step answers Stale: the transaction rolls back and the people are
// resolved again, at most maxAttempts times. The delta read is what counts; the hint only says
// "look".
class AudienceWrite
{
public:
    static constexpr int maxAttempts = 5;

    enum class Step {
        Done, // the step ended the write (committed, or decided that nothing is to be written)
        Stale, // the object's audience is not the one the people were resolved for: again
        Failed, // the database failed
    };

    // Outside the lock: reads the object and answers the audiences (as stored text) whose
    // members hear of the write (its stored audience and its new one); nullopt when the
    // database fails.
    using Audiences = std::function<std::optional<QStringList>(QSqlDatabase &db)>;
    // Inside the open transaction, given those audiences' enabled members: reads the object
    // again, answers Stale when its audience changed since Audiences read it, else writes,
    // records the change, commits and answers Done.
    using Write = std::function<Step(ChangeTransaction &transaction, const QStringList &people)>;

    // False when the database failed or the audience kept changing.
    static bool run(ChangeFeed &feed, const Audiences &audiences, const Write &write);
};

} // namespace tessera::server
