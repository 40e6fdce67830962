#include "selfservice/internal/cursors.h"

#include "storage/database.h"

namespace tessera::selfservice {

QString readCursor(Database &db, const QString &name)
{
    SqlStatement select = db.prepare("SELECT value FROM selfservice_cursors WHERE name = ?1");
    select.bindText(1, name);
    if (select.step() != SqlStatement::Step::Row)
        return {};
    return select.columnText(0);
}

bool writeCursor(Database &db, const QString &name, const QString &value)
{
    SqlStatement write =
        db.prepare("INSERT OR REPLACE INTO selfservice_cursors (name, value) VALUES (?1, ?2)");
    write.bindText(1, name);
    write.bindText(2, value);
    return write.exec();
}

} // namespace tessera::selfservice
