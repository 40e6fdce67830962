#include "desktopnotifications.h"

#include "applogging.h"
#include "clientservices.h"
#include "notify/inboxnotifier.h"
#include "notify/notifier.h"
#include "platformfactory.h"
#include "push/pushclient.h"

#include <QQuickItem>
#include <QQuickWindow>

namespace tessera {

namespace {

// The last visible object called name under root (items and their QObject children: a Loader's
// page, a popup in the overlay; the last: the top of a stack, pushed last), else the first
// hidden one; null when there is none.
QObject *shownObject(QObject *root, const QString &name)
{
    QObject *shown = nullptr;
    QObject *hidden = nullptr;
    QList<QObject *> queue { root };
    while (!queue.isEmpty()) {
        QObject *object = queue.takeFirst();
        if (object->objectName() == name) {
            if (object->property("visible").toBool())
                shown = object;
            else if (hidden == nullptr)
                hidden = object;
        }
        if (auto *item = qobject_cast<QQuickItem *>(object)) {
            const QList<QQuickItem *> childItems = item->childItems();
            for (QQuickItem *child : childItems)
                queue.append(child);
        }
        const QObjectList children = object->children();
        for (QObject *child : children) {
            if (qobject_cast<QQuickItem *>(child) == nullptr)
                queue.append(child);
        }
    }
    return shown != nullptr ? shown : hidden;
}

} // namespace

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
    // A pushed item is notified even when a catch-up sync brought it (where a push channel
    // exists: the phones).
    if (auto *push = m_services.stack().part<PushClient>())
        push->setInboxNotifier(m_inbox.get());
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
    // What the window shows then, in the log, once drawn (support, and the tray's test: what a
    // notification opened, as the person sees it).
    connect(
        &m_window, &QQuickWindow::frameSwapped, this, [this] { reportShown(); },
        static_cast<Qt::ConnectionType>(Qt::QueuedConnection | Qt::SingleShotConnection));
    m_window.update();
}

void DesktopNotifications::reportShown()
{
    QObject *const detail = shownObject(m_window.contentItem(), QStringLiteral("inboxDetailPage"));
    QObject *const comment = shownObject(m_window.contentItem(), QStringLiteral("commentDialog"));
    const bool detailShown = detail != nullptr && detail->property("visible").toBool();
    const bool commentShown = comment != nullptr && comment->property("visible").toBool();
    qCInfo(lcApp).noquote() << "notification opened: window"
                            << (m_window.isVisible() ? "shown" : "hidden") << "inbox item page"
                            << (detailShown ? detail->property("itemId").toString()
                                            : QStringLiteral("none"))
                            << "comment dialog" << (commentShown ? "open" : "closed");
}

} // namespace tessera
