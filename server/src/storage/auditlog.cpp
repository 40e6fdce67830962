#include "storage/auditlog.h"

#include "protocol/wiretime.h"
#include "storage/sqlhelpers.h"

#include <QSqlQuery>

namespace tessera::server {

void writeAudit(QSqlDatabase &db, const QDateTime &at, const QString &actor, const QString &action,
    const QString &target, const QString &detail)
{
    QSqlQuery query(db);
    sql::exec(query,
        QStringLiteral("INSERT INTO audit_log (at, actor, action, target, detail)"
                       " VALUES (?, ?, ?, ?, ?)"),
        { wiretime::format(at), actor, action, sql::textOrNull(target), sql::textOrNull(detail) });
}

} // namespace tessera::server
