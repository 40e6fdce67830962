#include "maintenance/peoplesynctimer.h"

#include "identity/peoplesync.h"

#include <QThreadPool>

namespace tessera::server {

namespace {

// The actor of scheduled syncs in the audit log.
const QString kActor = QStringLiteral("directory-sync");

} // namespace

PeopleSyncTimer::PeopleSyncTimer(const PeopleSync &sync, QThreadPool *pool, QObject *parent)
    : QObject(parent)
    , m_sync(sync)
    , m_pool(pool)
{
    m_timer.setInterval(PeopleSync::interval);
    connect(&m_timer, &QTimer::timeout, this, &PeopleSyncTimer::sync);
}

void PeopleSyncTimer::start()
{
    sync();
    m_timer.start();
}

void PeopleSyncTimer::sync()
{
    if (m_running->exchange(true))
        return;
    m_pool->start([sync = &m_sync, running = m_running] {
        sync->run(kActor);
        running->store(false);
    });
}

} // namespace tessera::server
