#include "feed/keytakedown.h"

namespace tessera::server {

bool KeyTakedown::run(QSqlDatabase db, const Ids &ids, const TakeDown &takeDown)
{
    const std::optional<QStringList> up = ids(db);
    if (!up)
        return false;
    bool ok = true;
    for (const QString &id : *up)
        ok = takeDown(id) && ok;
    return ok;
}

} // namespace tessera::server
