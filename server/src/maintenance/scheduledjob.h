#pragma once

#include <QObject>
#include <QSqlDatabase>
#include <QString>
#include <QTimer>

#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>

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
// the job can run), then another node takes it. On one node, runs never overlap.
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
    // it); false when it lapsed, and the work must then change nothing.
    using Confirm = std::function<bool(QSqlDatabase &)>;
    // Blocking (runs on a worker thread). Answers what failed, without secrets (kept in
    // last_error and logged), or an empty string when the run went well.
    using Work = std::function<QString(const Confirm &)>;
    enum class Run { Ran, Busy, NotDue, Failed };

    ScheduledJob(Storage &storage, const Clock &clock, Schedule schedule, Work work,
        QObject *parent = nullptr);

    // On the event loop: a run now if due, then every poll.
    void start(QThreadPool *pool);
    // Blocking, on a worker thread (an admin's demand): waits for this node's run of the job,
    // then runs work under the lease whether due or not. Busy: another node holds the lease.
    Run runNow(const Work &work);
    const QString &name() const { return m_schedule.name; }

    // This process in job_leases.holder: host, process id and a random part.
    static const QString &holder();

private:
    void poll();
    Run run(const Work &work, bool whenDue);

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
