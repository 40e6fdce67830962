#include "maintenance/notificationsweep.h"

#include "notifications/notificationservice.h"

#include <QThreadPool>

namespace tessera::server {

NotificationSweep::NotificationSweep(
    NotificationService &notifications, QThreadPool *pool, QObject *parent)
    : QObject(parent)
    , m_notifications(notifications)
    , m_pool(pool)
{
    m_timer.setInterval(interval);
    connect(&m_timer, &QTimer::timeout, this, &NotificationSweep::sweep);
}

void NotificationSweep::start()
{
    sweep();
    m_timer.start();
}

void NotificationSweep::sweep()
{
    m_pool->start([notifications = &m_notifications] { notifications->expireDue(); });
}

} // namespace tessera::server
