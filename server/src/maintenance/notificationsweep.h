#pragma once

#include <QObject>
#include <QTimer>

#include <chrono>

class QThreadPool;

namespace tessera::server {

class NotificationService;

// Expiry of notifications: every interval (and once at start) a sweep on the worker pool marks
// the open notifications past their expiresAt expired, so that it reaches every inbox's delta.
// Lives on the event loop.
class NotificationSweep : public QObject
{
    Q_OBJECT
public:
    static constexpr std::chrono::seconds interval { 10 };

    NotificationSweep(
        NotificationService &notifications, QThreadPool *pool, QObject *parent = nullptr);

    void start();

private:
    void sweep();

    NotificationService &m_notifications;
    QThreadPool *m_pool;
    QTimer m_timer;
};

} // namespace tessera::server
