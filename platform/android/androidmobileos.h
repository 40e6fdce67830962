#pragma once

#include "mobile/mobileos.h"

namespace tessera {

// MobileOs on Android, over JNI (QJniObject) to the Java helpers under
// java/org/tessera/app/: TesseraPush (FCM or a UnifiedPush distributor), TesseraNotifications
// (channels, actions with setAuthenticationRequired), TesseraWindow (FLAG_SECURE). The OS's
// answers come back through TesseraNative's natives (androidnatives.cpp) into
// platform/mobile's entry points. Compiled only by platform/android.cmake (not on this machine).
class AndroidMobileOs final : public MobileOs
{
public:
    AndroidMobileOs();
    ~AndroidMobileOs() override;

    void requestPushToken() override;
    void unregisterPush() override;
    void showNotification(const Notification &notification) override;
    void cancelNotification(const QString &itemId) override;
    bool notificationsAllowed() const override;
    void requestNotificationPermission() override;
    void setSecureWindow(bool secure) override;

    // Android 13 (API 33) asks for POST_NOTIFICATIONS at run time.
    static constexpr int postNotificationsApi = 33;
};

} // namespace tessera
