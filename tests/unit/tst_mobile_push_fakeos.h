#pragma once

// The fake of MobileOs (platform/mobile) for tst_mobile_push*: records what the glue asks of the
// OS, and plays the OS's answers through the same entry points the JNI natives and the iOS
// delegates call (MobileBridge), from the test's thread or from another one.
#include "mobile/mobileos.h"

#include <QHash>
#include <QList>
#include <QStringList>

namespace tessera::test {

class FakeMobileOs final : public MobileOs
{
public:
    void requestPushToken() override { ++m_tokenRequests; }
    void unregisterPush() override { ++m_unregistrations; }
    void showNotification(const Notification &notification) override
    {
        m_shownLog.append(notification);
        m_open.insert(notification.itemId, notification);
    }
    void cancelNotification(const QString &itemId) override
    {
        m_cancelledLog.append(itemId);
        m_open.remove(itemId);
    }
    bool notificationsAllowed() const override { return m_allowed; }
    void requestNotificationPermission() override { ++m_permissionRequests; }
    void setSecureWindow(bool secure) override { m_secure = secure; }

    void setAllowed(bool allowed) { m_allowed = allowed; }
    bool secure() const { return m_secure; }
    int tokenRequests() const { return m_tokenRequests; }
    int unregistrations() const { return m_unregistrations; }
    int permissionRequests() const { return m_permissionRequests; }
    const QList<Notification> &shownLog() const { return m_shownLog; }
    const QStringList &cancelledLog() const { return m_cancelledLog; }
    // The notifications on screen now, by item.
    const QHash<QString, Notification> &open() const { return m_open; }

private:
    int m_tokenRequests = 0;
    int m_unregistrations = 0;
    int m_permissionRequests = 0;
    bool m_allowed = true;
    bool m_secure = false;
    QList<Notification> m_shownLog;
    QStringList m_cancelledLog;
    QHash<QString, Notification> m_open;
};

} // namespace tessera::test
