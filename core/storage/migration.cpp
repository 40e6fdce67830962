#include "storage/migration.h"

#include "storage/database.h"

namespace tessera {

Migration Migration::fromSql(int version, QString description, QByteArray script)
{
    return Migration { version, std::move(description),
        [script = std::move(script)](Database &db) { return db.exec(script); } };
}

} // namespace tessera
