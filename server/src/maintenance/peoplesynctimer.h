#pragma once

#include <QObject>
#include <QTimer>

#include <atomic>
#include <memory>

class QThreadPool;

namespace tessera::server {

class PeopleSync;

// The people sync's schedule: once at start, then every PeopleSync::interval (15 minutes), on the
// worker pool; a sync still running when the next is due is not started twice. Lives on the
// event loop.
class PeopleSyncTimer : public QObject
{
    Q_OBJECT
public:
    PeopleSyncTimer(const PeopleSync &sync, QThreadPool *pool, QObject *parent = nullptr);

    void start();

private:
    void sync();

    const PeopleSync &m_sync;
    QThreadPool *m_pool;
    QTimer m_timer;
    std::shared_ptr<std::atomic_bool> m_running = std::make_shared<std::atomic_bool>(false);
};

} // namespace tessera::server
