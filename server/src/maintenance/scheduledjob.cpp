#include "maintenance/scheduledjob.h"

#include "base/clock.h"
#include "maintenance/internal/joblease.h"
#include "storage/storage.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QRandomGenerator>
#include <QSysInfo>
#include <QThreadPool>

#include <algorithm>

namespace tessera::server {

namespace {

Q_LOGGING_CATEGORY(lcJobs, "tessera.server.jobs", QtInfoMsg)

} // namespace

ScheduledJob::ScheduledJob(
    Storage &storage, const Clock &clock, Schedule schedule, Work work, QObject *parent)
    : QObject(parent)
    , m_storage(storage)
    , m_clock(clock)
    , m_schedule(std::move(schedule))
    , m_work(std::move(work))
{
    m_timer.setInterval(std::min<std::chrono::milliseconds>(m_schedule.interval, pollPeriod));
    connect(&m_timer, &QTimer::timeout, this, &ScheduledJob::poll);
}

const QString &ScheduledJob::holder()
{
    static const QString holder =
        QStringLiteral("%1/%2/%3")
            .arg(QSysInfo::machineHostName())
            .arg(QCoreApplication::applicationPid())
            .arg(QRandomGenerator::system()->generate(), 8, 16, QLatin1Char('0'));
    return holder;
}

void ScheduledJob::start(QThreadPool *pool)
{
    m_pool = pool;
    poll();
    m_timer.start();
}

void ScheduledJob::poll()
{
    // Never queued twice: a busy pool does not pile up polls.
    if (m_queued.exchange(true))
        return;
    m_pool->start([this] {
        run(m_work, true, nullptr);
        m_queued.store(false);
    });
}

ScheduledJob::Run ScheduledJob::runNow(const Work &work, QString *heldUntil)
{
    return run(work, false, heldUntil);
}

bool ScheduledJob::freeLeasesAtStart(Storage &storage)
{
    if (storage.kind() != Storage::Kind::Sqlite)
        return true;
    if (!JobLease::freeAll(storage.connection())) {
        qCWarning(lcJobs) << "the scheduled jobs' leases could not be freed at start";
        return false;
    }
    return true;
}

ScheduledJob::Run ScheduledJob::run(const Work &work, bool whenDue, QString *heldUntil)
{
    // Never waits: a run already under way on this node is Busy, as one on another node.
    const std::unique_lock lock(m_running, std::try_to_lock);
    if (!lock.owns_lock())
        return Run::Busy;

    const auto leaseUntil = [this](const QDateTime &from) {
        return from.addSecs(m_schedule.lease.count());
    };
    const QDateTime now = m_clock.now();
    const std::optional<std::chrono::milliseconds> interval =
        whenDue ? std::optional(m_schedule.interval) : std::nullopt;
    JobLease lease(m_storage.connection(), m_schedule.name, holder());
    switch (lease.take(now, leaseUntil(now), interval)) {
    case JobLease::Take::Taken:
        break;
    case JobLease::Take::Held:
        qCDebug(lcJobs).noquote() << "job" << m_schedule.name << "is leased by another node until"
                                  << lease.heldUntil();
        if (heldUntil)
            *heldUntil = lease.heldUntil();
        return Run::Busy;
    case JobLease::Take::NotDue:
        return Run::NotDue;
    case JobLease::Take::Failed:
        qCWarning(lcJobs).noquote()
            << "job" << m_schedule.name << "not run: its lease could not be read or taken";
        return Run::Failed;
    }

    qCDebug(lcJobs).noquote() << "job" << m_schedule.name << "runs";
    const Confirm confirm = [this, leaseUntil](QSqlDatabase &db) {
        const QDateTime at = m_clock.now();
        return JobLease(db, m_schedule.name, holder()).confirm(at, leaseUntil(at));
    };
    const QString error = work(confirm);
    if (!error.isEmpty())
        qCWarning(lcJobs).noquote() << "job" << m_schedule.name << "failed:" << error;
    if (!JobLease(m_storage.connection(), m_schedule.name, holder()).release(m_clock.now(), error))
        qCWarning(lcJobs).noquote() << "job" << m_schedule.name
                                    << "could not release its lease (lapsed, or the database "
                                       "refused); it ends when the lease time is over";
    return Run::Ran;
}

} // namespace tessera::server
