#pragma once

#include "notify/notifier.h"

#include <QDBusConnection>
#include <QHash>
#include <QList>
#include <QSet>

class QDBusPendingCallWatcher;

namespace tessera {

// The Notifier seam of the desktop: the freedesktop Notifications interface
// (org.freedesktop.Notifications on the session bus: dunst, GNOME Shell, Plasma, ...) over
// QtDBus. GetCapabilities is asked once: without "actions" the notifications carry none (a click
// may still open the app); with "body-markup" the body is escaped (&, <, >), since such a daemon
// reads it as markup. The summary is plain text by the specification and is sent as it is.
// ActionInvoked and NotificationClosed are taken only from the owner of the daemon's name and
// only for the notifications this object sent.
class DesktopNotifier final : public Notifier
{
    Q_OBJECT
public:
    explicit DesktopNotifier(
        const QDBusConnection &bus = QDBusConnection::sessionBus(), QObject *parent = nullptr);
    ~DesktopNotifier() override;

    bool isAvailable() const override;
    void show(const Notification &notification) override;
    void close(const QString &itemId) override;
    // Whether the daemon has answered the item's Notify with its id (until then an action on it
    // cannot be told from another application's).
    bool hasNotification(const QString &itemId) const { return m_idOfItem.contains(itemId); }

    static const QString service;
    static const QString path;
    static const QString interface;

private Q_SLOTS:
    void onActionInvoked(uint id, const QString &actionKey);
    void onNotificationClosed(uint id, uint reason);

private:
    void capabilitiesAnswered(QDBusPendingCallWatcher *watcher);
    void send(const Notification &notification);
    void notifyAnswered(const QString &itemId, QDBusPendingCallWatcher *watcher);
    void closeId(uint id);
    QStringList actionsOf(const Notification &notification) const;

    QDBusConnection m_bus;
    bool m_capabilitiesKnown = false;
    bool m_actions = false;
    bool m_bodyMarkup = false;
    // shown before the capabilities were known: sent when they are.
    QList<Notification> m_waiting;
    QHash<QString, uint> m_idOfItem;
    QHash<uint, QString> m_itemOfId;
    // Items whose Notify has not been answered yet, and those of them closed meanwhile.
    QSet<QString> m_sending;
    QSet<QString> m_closeWhenSent;
};

} // namespace tessera
