#include "maintenance/retention.h"

#include "base/clock.h"
#include "base/serverlogging.h"
#include "http/idempotency.h"
#include "identity/loginlockout.h"
#include "identity/tokenrepository.h"
#include "protocol/wiretime.h"
#include "storage/sqlhelpers.h"
#include "storage/storage.h"
#include "subsystemevents/eventlog.h"

#include <QSqlQuery>

namespace tessera::server {

Retention::Retention(Storage &storage, const Clock &clock)
    : m_storage(storage)
    , m_clock(clock)
{ }

bool Retention::prune(int accessLogDays, int idempotencyKeyDays, int eventDays) const
{
    QSqlDatabase db = m_storage.connection();
    QSqlQuery query(db);
    const QDateTime current = m_clock.now();
    const bool ok = sql::exec(query, QStringLiteral("DELETE FROM access_log WHERE at < ?"),
                        { wiretime::format(current.addDays(-accessLogDays)) })
        && LoginLockout(m_clock).prune(db)
        && Idempotency::prune(db, current.addDays(-idempotencyKeyDays))
        && TokenRepository(db).deleteExpired(current.addDays(-1))
        && EventLog::prune(db, wiretime::format(current.addDays(-eventDays)));
    if (ok)
        qCDebug(lcServer) << "pruned the access log, old sign-in failures, expired tokens and"
                             " idempotency keys and old sub-system events";
    return ok;
}

} // namespace tessera::server
