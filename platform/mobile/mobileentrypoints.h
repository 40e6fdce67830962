#pragma once

#include <QByteArray>
#include <QString>

// The functions the phones' OS code calls (Android's JNI natives in platform/android, iOS's
// delegates in platform/ios), with plain types only: no JNI or Objective-C type crosses here.
// Callable on any thread, before or after the app's objects exist; each input is checked
// (anything malformed is dropped and logged without its content) and handed to the Qt event
// loop through MobileBridge::instance().
namespace tessera::mobile {

// The OS gave this app's push address: transport "fcm" (a registration token), "apns" (the
// device token, hex) or "webpush" (a UnifiedPush endpoint URL).
void pushTokenArrived(const QString &transport, const QString &value);
// The OS could not give one (reason: its words, for the log).
void pushRegistrationFailed(const QString &reason);
// An FCM message's data map, or an APNs notification's userInfo, as a JSON object: its "p" field
// holds the encrypted body, base64url.
void pushFieldsArrived(const QByteArray &json);
// A UnifiedPush message: the encrypted Web Push body itself.
void pushBodyArrived(const QByteArray &body);
// The person chose "approve" or "reject" on an item's notification (comment: typed into it, or
// empty).
void notificationActionInvoked(
    const QString &itemId, const QString &action, const QString &comment);
// The person tapped the notification itself.
void notificationTapped(const QString &itemId);
// The person swiped the notification away.
void notificationDismissed(const QString &itemId);
// The answer to the notification permission request.
void notificationPermissionAnswered(bool granted);

} // namespace tessera::mobile
