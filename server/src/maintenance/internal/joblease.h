#pragma once

#include <QDateTime>
#include <QSqlDatabase>
#include <QString>

#include <chrono>
#include <optional>

namespace tessera::server {

// One scheduled job's row in job_leases, seen by one node (holder): taken by a short UPDATE
// that changes the row only when nobody holds it (or its lease lapsed, or this node holds it),
// released when the run ends. Each statement commits on its own, so no transaction is open
// while the job runs; confirm() is the exception: the job calls it inside its own transaction.
// Not thread-safe: one per connection and call.
class JobLease
{
public:
    enum class Take { Taken, Held, NotDue, Failed };

    JobLease(const QSqlDatabase &db, const QString &name, const QString &holder);

    // Holds the lease until `until` and counts a run. interval: taken only when the last run
    // began at least that long before now, or more than that after it (the clock was moved
    // back); nullopt: whenever the lease is free, as an admin's demand.
    Take take(const QDateTime &now, const QDateTime &until,
        const std::optional<std::chrono::milliseconds> &interval);
    // After take() answered Held: when the other holder's lease lapses (wire time; the holder
    // may have stopped mid-run), or empty when another node took it between read and update.
    const QString &heldUntil() const { return m_heldUntil; }
    // Inside the job's transaction: true when this node still holds the lease, which then
    // lasts until `until`; false when it lapsed (another node may be running the job);
    // nullopt when the database refused.
    std::optional<bool> confirm(const QDateTime &now, const QDateTime &until);
    // Ends this node's lease; error is empty when the run went well (last_ok_at), else kept in
    // last_error. false when the database refused or the lease was no longer this node's.
    bool release(const QDateTime &now, const QString &error);
    // Every job's lease ends, whoever holds it: for a node that knows it is the only one (a
    // SQLite database) at its start, when any lease left is its own former process's.
    static bool freeAll(const QSqlDatabase &db);

private:
    bool ensureRow();

    QSqlDatabase m_db;
    QString m_name;
    QString m_holder;
    QString m_heldUntil;
};

} // namespace tessera::server
