#pragma once

#include "notify/notifier.h"

namespace tessera {

// Every OS call the phones' push and notification glue makes, behind one small interface:
// AndroidMobileOs (JNI, platform/android) and IosMobileOs (Objective-C++, platform/ios)
// implement it; tests/unit/tst_mobile_push* use a fake. Called on the Qt event loop's thread.
// Answers come back through the entry points (mobileentrypoints.h), on any thread.
class MobileOs
{
public:
    virtual ~MobileOs();

    // Asks the OS for this app's push token (FCM, APNs) or UnifiedPush endpoint: answered by
    // mobile::pushTokenArrived() or mobile::pushRegistrationFailed().
    virtual void requestPushToken() = 0;
    // Tells the OS this app wants no more pushes (FCM deleteToken, APNs
    // unregisterForRemoteNotifications, UnifiedPush unregisterApp).
    virtual void unregisterPush() = 0;

    // Shows (or replaces) the notification of notification.itemId, with its actions among
    // "approve" and "reject" (both requiring the device to be unlocked).
    virtual void showNotification(const Notification &notification) = 0;
    // Removes the item's notification; nothing when there is none.
    virtual void cancelNotification(const QString &itemId) = 0;
    // Whether the person allows this app's notifications (Android 13+: POST_NOTIFICATIONS).
    virtual bool notificationsAllowed() const = 0;
    // Asks for that permission: answered by mobile::notificationPermissionAnswered().
    virtual void requestNotificationPermission() = 0;

    // Keeps the window out of screenshots, recordings and the app switcher (Android:
    // FLAG_SECURE; iOS: the captured-screen guard) while secure is true.
    virtual void setSecureWindow(bool secure) = 0;
};

} // namespace tessera
