#include "desktopnotifications.h"

#include "clientservices.h"
#include "notify/inboxnotifier.h"
#include "notify/notifier.h"
#include "platformfactory.h"

#include <QQuickWindow>

namespace tessera {

DesktopNotifications::DesktopNotifications(ClientServices &services, QQuickWindow &window)
    : m_services(services)
    , m_window(window)
{
    // frameSwapped comes from the render thread: built on this one, once.
    connect(&m_window, &QQuickWindow::frameSwapped, this, &DesktopNotifications::build,
        static_cast<Qt::ConnectionType>(Qt::QueuedConnection | Qt::SingleShotConnection));
}

DesktopNotifications::~DesktopNotifications() = default;

void DesktopNotifications::build()
{
    if (m_inbox)
        return;
    m_notifier = PlatformFactory::createNotifier();
    m_inbox = std::make_unique<InboxNotifier>(m_services.inboxStore(), &m_services.inboxSync(),
        &m_services.decisionOutbox(), *m_notifier);
    connect(&m_window, &QWindow::visibilityChanged, this, &DesktopNotifications::follow);
    connect(m_inbox.get(), &InboxNotifier::openItemRequested, this,
        [this](const QString &itemId) { open(itemId, {}); });
    connect(m_inbox.get(), &InboxNotifier::commentRequested, this, &DesktopNotifications::open);
    follow();
    // The tray icon, where there is a tray to put it in.
    if (PlatformFactory::hasSystemTray())
        QMetaObject::invokeMethod(&m_window, "loadTray");
}

void DesktopNotifications::follow()
{
    const QWindow::Visibility visibility = m_window.visibility();
    m_inbox->setActive(visibility == QWindow::Hidden || visibility == QWindow::Minimized);
}

void DesktopNotifications::open(const QString &itemId, const QString &action)
{
    if (m_window.visibility() == QWindow::Hidden || m_window.visibility() == QWindow::Minimized)
        m_window.showNormal();
    m_window.raise();
    m_window.requestActivate();
    QMetaObject::invokeMethod(
        &m_window, "openInboxItem", Q_ARG(QVariant, itemId), Q_ARG(QVariant, action));
}

} // namespace tessera
