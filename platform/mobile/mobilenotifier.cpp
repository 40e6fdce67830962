#include "mobile/mobilenotifier.h"

#include "mobile/mobilebridge.h"
#include "mobile/mobileos.h"

namespace tessera {

MobileNotifier::MobileNotifier(MobileOs &os, MobileBridge &bridge, QObject *parent)
    : Notifier(parent)
    , m_os(os)
    , m_bridge(bridge)
{
    m_bridge.attach(this);
}

MobileNotifier::~MobileNotifier()
{
    m_bridge.detach(this);
}

bool MobileNotifier::isAvailable() const
{
    return m_os.notificationsAllowed();
}

void MobileNotifier::show(const Notification &notification)
{
    Notification shown = notification;
    // The phones offer exactly these two, in this order.
    shown.actions.removeIf(
        [](const QString &action) { return action != u"approve" && action != u"reject"; });
    m_os.showNotification(shown);
}

void MobileNotifier::close(const QString &itemId)
{
    // A typed comment stays for the comment dialog: InboxNotifier closes the notification
    // before it asks the app to open that dialog.
    m_os.cancelNotification(itemId);
}

void MobileNotifier::requestPermission()
{
    m_os.requestNotificationPermission();
}

QString MobileNotifier::takeComment(const QString &itemId)
{
    return m_comments.take(itemId);
}

void MobileNotifier::receiveAction(
    const QString &itemId, const QString &action, const QString &comment)
{
    if (!comment.isEmpty())
        m_comments.insert(itemId, comment);
    Q_EMIT actionInvoked(itemId, action);
}

void MobileNotifier::receiveTap(const QString &itemId)
{
    Q_EMIT activated(itemId);
}

void MobileNotifier::receiveDismissal(const QString &itemId)
{
    m_comments.remove(itemId);
    Q_EMIT closed(itemId);
}

void MobileNotifier::receivePermission(bool granted)
{
    Q_EMIT permissionAnswered(granted);
}

} // namespace tessera
