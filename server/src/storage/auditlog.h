#pragma once

#include <QDateTime>
#include <QSqlDatabase>
#include <QString>

namespace tessera::server {

// One line of the audit log (every admin action, and security events such as a refresh-token
// family revoked for reuse): when, who (a user id, or "system"), what, on what, and details.
// Runs in the caller's transaction; a failure is logged, never thrown.
void writeAudit(QSqlDatabase &db, const QDateTime &at, const QString &actor, const QString &action,
    const QString &target, const QString &detail = {});

} // namespace tessera::server
