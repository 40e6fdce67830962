#pragma once

#include "mobile/mobileos.h"

#include <atomic>

namespace tessera {

// MobileOs on iOS (Objective-C++, iosmobileos.mm): APNs registration through UIApplication,
// notifications through UNUserNotificationCenter with the "decision" category (Approve and
// Reject, both .authenticationRequired; Reject with a text input), and the captured-screen guard.
// The OS's answers (the app delegate's APNs callbacks, the notification center's delegate) come
// back through platform/mobile's entry points (iosappdelegate.mm). Compiled only by
// platform/ios.cmake (not on this machine).
class IosMobileOs final : public MobileOs
{
public:
    IosMobileOs();
    ~IosMobileOs() override;

    void requestPushToken() override;
    void unregisterPush() override;
    void showNotification(const Notification &notification) override;
    void cancelNotification(const QString &itemId) override;
    bool notificationsAllowed() const override;
    void requestNotificationPermission() override;
    void setSecureWindow(bool secure) override;

    // The category of notifications with decisions, and its actions' identifiers (the app
    // delegate maps them back to "approve" / "reject").
    static constexpr const char *decisionCategory = "decision";
    static constexpr const char *approveIdentifier = "approve";
    static constexpr const char *rejectIdentifier = "reject";

private:
    std::atomic<bool> m_allowed = false; // set on the notification center's queue
    bool m_secure = false;
};

} // namespace tessera
