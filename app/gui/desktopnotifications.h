#pragma once

#include <QObject>

#include <memory>

class QQuickWindow;

namespace tessera {

class ClientServices;
class InboxNotifier;
class Notifier;

// The composition of the inbox's notifications in the app (desktop): after the window's
// first frame (DESIGN.md, second round, decision 12) it makes the platform's Notifier and core's
// InboxNotifier on the services' inbox, active while the window is hidden (in the tray) or
// minimised, and, where the desktop has a system tray, has the window load its tray icon (its QML
// function loadTray()). A notification's click, or an action it cannot take itself (reject, a
// comment, a form), shows the window and calls its QML function openInboxItem(itemId, action);
// once that is drawn, the log says what the window shows (the item page's item id, whether the
// comment dialog is open: "notification opened: ...").
class DesktopNotifications : public QObject
{
    Q_OBJECT
public:
    // services and window must outlive this.
    DesktopNotifications(ClientServices &services, QQuickWindow &window);
    ~DesktopNotifications() override;

private:
    void build();
    void follow();
    void open(const QString &itemId, const QString &action);
    void reportShown();

    ClientServices &m_services;
    QQuickWindow &m_window;
    std::unique_ptr<Notifier> m_notifier;
    std::unique_ptr<InboxNotifier> m_inbox;
};

} // namespace tessera
