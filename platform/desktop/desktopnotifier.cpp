#include "desktopnotifier.h"

#include "platformlogging.h"

#include <QDBusConnectionInterface>
#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QVariantMap>

namespace tessera {

const QString DesktopNotifier::service = QStringLiteral("org.freedesktop.Notifications");
const QString DesktopNotifier::path = QStringLiteral("/org/freedesktop/Notifications");
const QString DesktopNotifier::interface = QStringLiteral("org.freedesktop.Notifications");

namespace {
const QString defaultKey = QStringLiteral("default");
} // namespace

DesktopNotifier::DesktopNotifier(const QDBusConnection &bus, QObject *parent)
    : Notifier(parent)
    , m_bus(bus)
{
    m_bus.connect(service, path, interface, QStringLiteral("ActionInvoked"), this,
        SLOT(onActionInvoked(uint, QString)));
    m_bus.connect(service, path, interface, QStringLiteral("NotificationClosed"), this,
        SLOT(onNotificationClosed(uint, uint)));
    const QDBusMessage ask =
        QDBusMessage::createMethodCall(service, path, interface, QStringLiteral("GetCapabilities"));
    auto *watcher = new QDBusPendingCallWatcher(m_bus.asyncCall(ask), this);
    connect(
        watcher, &QDBusPendingCallWatcher::finished, this, &DesktopNotifier::capabilitiesAnswered);
}

DesktopNotifier::~DesktopNotifier() = default;

bool DesktopNotifier::isAvailable() const
{
    const QDBusConnectionInterface *const bus = m_bus.interface();
    return bus != nullptr && bus->isServiceRegistered(service).value();
}

void DesktopNotifier::capabilitiesAnswered(QDBusPendingCallWatcher *watcher)
{
    watcher->deleteLater();
    const QDBusPendingReply<QStringList> reply = *watcher;
    if (reply.isError()) {
        qCInfo(lcPlatform).noquote() << "no notification daemon answered:" << reply.error().name();
    } else {
        m_actions = reply.value().contains(QStringLiteral("actions"));
        m_bodyMarkup = reply.value().contains(QStringLiteral("body-markup"));
        qCDebug(lcPlatform).noquote() << "notification daemon capabilities:" << reply.value();
    }
    m_capabilitiesKnown = true;
    const QList<Notification> waiting = std::exchange(m_waiting, {});
    for (const Notification &notification : waiting)
        send(notification);
}

void DesktopNotifier::show(const Notification &notification)
{
    if (!m_capabilitiesKnown) {
        m_waiting.append(notification);
        return;
    }
    send(notification);
}

QStringList DesktopNotifier::actionsOf(const Notification &notification) const
{
    if (!m_actions)
        return {};
    QStringList actions;
    for (const QString &action : notification.actions) {
        if (action == u"approve")
            actions << action << tr("Approve");
        else if (action == u"reject")
            actions << action << tr("Reject");
    }
    actions << defaultKey << tr("Open");
    return actions;
}

void DesktopNotifier::send(const Notification &notification)
{
    const QString &itemId = notification.itemId;
    m_closeWhenSent.remove(itemId);
    QDBusMessage call =
        QDBusMessage::createMethodCall(service, path, interface, QStringLiteral("Notify"));
    // The daemon's text is plain or (body-markup) a markup subset: outside text never becomes
    // markup (DESIGN.md, second round, decision 7).
    const QString body = m_bodyMarkup ? notification.body.toHtmlEscaped() : notification.body;
    const QVariantMap hints { { QStringLiteral("desktop-entry"), QStringLiteral("tessera") },
        { QStringLiteral("category"), QStringLiteral("im.received") } };
    call << QStringLiteral("Tessera") << m_idOfItem.value(itemId, 0u) << QString()
         << notification.title << body << actionsOf(notification) << hints << -1;
    m_sending.insert(itemId);
    auto *watcher = new QDBusPendingCallWatcher(m_bus.asyncCall(call), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this,
        [this, itemId](QDBusPendingCallWatcher *answered) { notifyAnswered(itemId, answered); });
}

void DesktopNotifier::notifyAnswered(const QString &itemId, QDBusPendingCallWatcher *watcher)
{
    watcher->deleteLater();
    m_sending.remove(itemId);
    const QDBusPendingReply<uint> reply = *watcher;
    if (reply.isError()) {
        qCWarning(lcPlatform).noquote()
            << "notification not shown:" << reply.error().name() << reply.error().message();
        return;
    }
    const uint id = reply.value();
    if (m_closeWhenSent.remove(itemId)) {
        closeId(id);
        return;
    }
    m_idOfItem.insert(itemId, id);
    m_itemOfId.insert(id, itemId);
}

void DesktopNotifier::close(const QString &itemId)
{
    m_waiting.removeIf([&itemId](const Notification &n) { return n.itemId == itemId; });
    if (m_sending.contains(itemId))
        m_closeWhenSent.insert(itemId);
    const auto found = m_idOfItem.constFind(itemId);
    if (found == m_idOfItem.cend())
        return;
    const uint id = *found;
    m_idOfItem.erase(found);
    m_itemOfId.remove(id);
    closeId(id);
}

void DesktopNotifier::closeId(uint id)
{
    QDBusMessage call = QDBusMessage::createMethodCall(
        service, path, interface, QStringLiteral("CloseNotification"));
    call << id;
    m_bus.call(call, QDBus::NoBlock);
}

void DesktopNotifier::onActionInvoked(uint id, const QString &actionKey)
{
    const QString itemId = m_itemOfId.value(id);
    if (itemId.isEmpty())
        return; // another application's notification
    if (actionKey == defaultKey)
        Q_EMIT activated(itemId);
    else if (actionKey == u"approve" || actionKey == u"reject")
        Q_EMIT actionInvoked(itemId, actionKey);
    else
        qCInfo(lcPlatform).noquote() << "unknown notification action ignored";
}

void DesktopNotifier::onNotificationClosed(uint id, uint reason)
{
    Q_UNUSED(reason)
    const QString itemId = m_itemOfId.take(id);
    if (itemId.isEmpty())
        return; // another application's notification
    m_idOfItem.remove(itemId);
    Q_EMIT closed(itemId);
}

} // namespace tessera
