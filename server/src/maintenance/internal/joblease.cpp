#include "maintenance/internal/joblease.h"

#include "protocol/wiretime.h"
#include "storage/sqlhelpers.h"

#include <QSqlQuery>

namespace tessera::server {

JobLease::JobLease(const QSqlDatabase &db, const QString &name, const QString &holder)
    : m_db(db)
    , m_name(name)
    , m_holder(holder)
{ }

bool JobLease::ensureRow()
{
    QSqlQuery query(m_db);
    return sql::exec(query,
        QStringLiteral("INSERT INTO job_leases (name) VALUES (?) ON CONFLICT (name) DO NOTHING"),
        { m_name });
}

JobLease::Take JobLease::take(const QDateTime &now, const QDateTime &until,
    const std::optional<std::chrono::milliseconds> &interval)
{
    const QString at = wiretime::format(now);
    const qint64 intervalMs = interval ? interval->count() : 0;
    const QString runBy = wiretime::format(now.addMSecs(-intervalMs));
    const QString runAfter = wiretime::format(now.addMSecs(intervalMs));
    // A read first: most polls find the job not due, and a read takes no write lock (SQLite).
    QSqlQuery read(m_db);
    if (!sql::exec(read,
            QStringLiteral(
                "SELECT holder, lease_until, last_run_at FROM job_leases WHERE name = ?"),
            { m_name }))
        return Take::Failed;
    if (!read.next()) {
        if (!ensureRow())
            return Take::Failed;
    } else {
        const QString holder = read.value(0).toString();
        const QString leaseUntil = read.value(1).toString();
        const QString lastRun = read.value(2).toString();
        if (!leaseUntil.isEmpty() && leaseUntil >= at && holder != m_holder) {
            m_heldUntil = leaseUntil;
            return Take::Held;
        }
        if (interval && !lastRun.isEmpty() && lastRun > runBy && lastRun <= runAfter)
            return Take::NotDue;
    }
    read.finish();
    // The same conditions again, in the statement that takes it: of two nodes, one wins.
    QSqlQuery take(m_db);
    if (!sql::exec(take,
            QStringLiteral("UPDATE job_leases SET holder = ?, lease_until = ?, last_run_at = ?,"
                           " runs = runs + 1 WHERE name = ? AND (lease_until IS NULL OR"
                           " lease_until < ? OR holder = ?) AND (? = 0 OR last_run_at IS NULL OR"
                           " last_run_at <= ? OR last_run_at > ?)"),
            { m_holder, wiretime::format(until), at, m_name, at, m_holder, interval ? 1 : 0, runBy,
                runAfter }))
        return Take::Failed;
    return take.numRowsAffected() == 1 ? Take::Taken : Take::Held;
}

std::optional<bool> JobLease::confirm(const QDateTime &now, const QDateTime &until)
{
    QSqlQuery query(m_db);
    if (!sql::exec(query,
            QStringLiteral("UPDATE job_leases SET lease_until = ? WHERE name = ? AND"
                           " holder = ? AND lease_until >= ?"),
            { wiretime::format(until), m_name, m_holder, wiretime::format(now) }))
        return std::nullopt;
    return query.numRowsAffected() == 1;
}

bool JobLease::release(const QDateTime &now, const QString &error)
{
    QSqlQuery query(m_db);
    const bool ok = error.isEmpty()
        ? sql::exec(query,
            QStringLiteral("UPDATE job_leases SET lease_until = NULL, last_ok_at = ?,"
                           " last_error = NULL WHERE name = ? AND holder = ?"),
            { wiretime::format(now), m_name, m_holder })
        : sql::exec(query,
            QStringLiteral("UPDATE job_leases SET lease_until = NULL, last_error = ? WHERE"
                           " name = ? AND holder = ?"),
            { QStringLiteral("%1: %2").arg(wiretime::format(now), error), m_name, m_holder });
    return ok && query.numRowsAffected() == 1;
}

bool JobLease::freeAll(const QSqlDatabase &db)
{
    QSqlQuery query(db);
    return sql::exec(query, QStringLiteral("UPDATE job_leases SET lease_until = NULL"), {});
}

} // namespace tessera::server
