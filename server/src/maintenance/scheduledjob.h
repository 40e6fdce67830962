#pragma once

#include <QObject>
#include <QSqlDatabase>
#include <QString>
#include <QTimer>

#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <optional>

class QThreadPool;

namespace tessera::server {

class Clock;
class Storage;

// A periodic job of the server that runs on one node at a time, however many nodes share the
// database: each run first takes the job's lease row (job_leases, JobLease) by a short UPDATE,
// runs with no transaction open (the work opens its own, short ones; directory and HTTP calls
// happen outside them), then releases the row with its outcome (last_ok_at, last_error). A run
// is due when the last one, on any node, began at least `interval` ago by the server's clock
// (so --clock-file moves it on); each node polls for that every min(interval, pollPeriod) on its
// worker pool. A node that stops mid-run keeps the lease until it lapses (`lease`, longer than
// the job can run), then another node takes it; on SQLite (one node by design) the server frees
// every lease at its start (freeLeasesAtStart). On one node, runs never overlap.
//
// A new periodic job is one ScheduledJob: a name, a schedule and the work.
class ScheduledJob : public QObject
{
    Q_OBJECT
public:
    static constexpr std::chrono::seconds pollPeriod { 2 };

    struct Schedule
    {
        QString name; // the job_leases row
        std::chrono::milliseconds interval;
        std::chrono::seconds lease;
    };
    // For a work's own transaction: true while this node still holds the lease (and extends
    // it); false when it lapsed, and the work must then change nothing; nullopt when the
    // database refused (the work fails).
    using Confirm = std::function<std::optional<bool>(QSqlDatabase &)>;
    // Blocking (runs on a worker thread). Answers what failed, without secrets (kept in
    // last_error and logged), or an empty string when the run went well.
    using Work = std::function<QString(const Confirm &)>;
    enum class Run { Ran, Busy, NotDue, Failed };

    ScheduledJob(Storage &storage, const Clock &clock, Schedule schedule, Work work,
        QObject *parent = nullptr);

    // On the event loop: a run now if due, then every poll.
    void start(QThreadPool *pool);
    // Blocking, on a worker thread (an admin's demand): runs work under the lease whether due
    // or not. Busy: a run of the job is under way on this node, or another node holds the
    // lease; then heldUntil (if given) is when that node's lease lapses, or empty when unknown.
    Run runNow(const Work &work, QString *heldUntil = nullptr);
    // At the server's start, before any job starts: on SQLite, where this process is the only
    // node, frees every lease (one left by a former process of this server that stopped
    // mid-run); on PostgreSQL, where another node may really hold one, nothing. false when
    // the database refused.
    static bool freeLeasesAtStart(Storage &storage);
    const QString &name() const { return m_schedule.name; }

    // This process in job_leases.holder: host, process id and a random part.
    static const QString &holder();

private:
    void poll();
    Run run(const Work &work, bool whenDue, QString *heldUntil);

    Storage &m_storage;
    const Clock &m_clock;
    const Schedule m_schedule;
    const Work m_work;
    QThreadPool *m_pool = nullptr;
    QTimer m_timer;
    std::mutex m_running; // one run of this job at a time on this node
    std::atomic_bool m_queued { false };
};

} // namespace tessera::server
