#pragma once

#include <QSqlDatabase>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

namespace tessera::server {

// What a revoked API key had shown to audiences (news posts, events, surveys), taken down one
// object at a time, each in its own audience write (AudienceWrite) so that its audience hears of
// it: the one loop of every feature's "...AllOfKey". It goes on past an object that failed, so
// that one bad row does not keep the others up.
class KeyTakedown
{
public:
    // The ids of the key's objects still up; nullopt when the database failed.
    using Ids = std::function<std::optional<QStringList>(QSqlDatabase &db)>;
    // Takes one down (a tombstone, an expiry); false when the database failed (an object gone
    // meanwhile is no failure).
    using TakeDown = std::function<bool(const QString &id)>;

    // False when the ids could not be read or any take-down failed.
    static bool run(QSqlDatabase db, const Ids &ids, const TakeDown &takeDown);
};

} // namespace tessera::server
