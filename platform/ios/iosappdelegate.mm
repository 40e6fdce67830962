// The iOS side of the OS's answers: APNs registration (added to Qt's application delegate, which
// Qt's iOS plugin owns, as a category) and the UNUserNotificationCenter delegate (the person's
// taps and actions). Each calls platform/mobile's entry point with plain Qt types. Compiled only
// by platform/ios.cmake.
#include "iosmobileos.h"
#include "mobile/mobileentrypoints.h"

#include <QString>

#import <UIKit/UIKit.h>
#import <UserNotifications/UserNotifications.h>

// Qt's application delegate (qtbase/src/plugins/platforms/ios/qiosapplicationdelegate.h).
@interface QIOSApplicationDelegate : UIResponder <UIApplicationDelegate>
@end

@interface TesseraNotificationDelegate : NSObject <UNUserNotificationCenterDelegate>
@end

namespace {

TesseraNotificationDelegate *notificationDelegate = nil;

QString itemIdOf(UNNotification *notification)
{
    // What IosMobileOs or the service extension (from the decrypted "id") put there, else the
    // request's identifier.
    id itemId = notification.request.content.userInfo[@"itemId"];
    if ([itemId isKindOfClass:NSString.class])
        return QString::fromNSString(itemId);
    return QString::fromNSString(notification.request.identifier);
}

} // namespace

@implementation QIOSApplicationDelegate (TesseraPush)

- (void)application:(UIApplication *)application
    didRegisterForRemoteNotificationsWithDeviceToken:(NSData *)deviceToken
{
    Q_UNUSED(application);
    // The device token in hex, as the server's APNs transport stores it.
    const QByteArray token = QByteArray::fromNSData(deviceToken).toHex();
    tessera::mobile::pushTokenArrived(QStringLiteral("apns"), QString::fromLatin1(token));
}

- (void)application:(UIApplication *)application
    didFailToRegisterForRemoteNotificationsWithError:(NSError *)error
{
    Q_UNUSED(application);
    tessera::mobile::pushRegistrationFailed(
        QStringLiteral("APNs error %1").arg(static_cast<long>(error.code)));
}

// A push while the app runs (content-available or the extension's mutable content): the
// userInfo holds "p".
- (void)application:(UIApplication *)application
    didReceiveRemoteNotification:(NSDictionary *)userInfo
          fetchCompletionHandler:(void (^)(UIBackgroundFetchResult))completionHandler
{
    Q_UNUSED(application);
    NSData *json = [NSJSONSerialization isValidJSONObject:userInfo]
        ? [NSJSONSerialization dataWithJSONObject:userInfo options:0 error:nil]
        : nil;
    if (json != nil)
        tessera::mobile::pushFieldsArrived(QByteArray::fromNSData(json));
    completionHandler(UIBackgroundFetchResultNewData);
}

@end

@implementation TesseraNotificationDelegate

// In front the app shows the item itself: no banner.
- (void)userNotificationCenter:(UNUserNotificationCenter *)center
       willPresentNotification:(UNNotification *)notification
         withCompletionHandler:(void (^)(UNNotificationPresentationOptions))completionHandler
{
    Q_UNUSED(center);
    Q_UNUSED(notification);
    completionHandler(UNNotificationPresentationOptionNone);
}

- (void)userNotificationCenter:(UNUserNotificationCenter *)center
    didReceiveNotificationResponse:(UNNotificationResponse *)response
             withCompletionHandler:(void (^)(void))completionHandler
{
    Q_UNUSED(center);
    const QString itemId = itemIdOf(response.notification);
    NSString *action = response.actionIdentifier;
    if ([action isEqualToString:UNNotificationDefaultActionIdentifier]) {
        tessera::mobile::notificationTapped(itemId);
    } else if ([action isEqualToString:UNNotificationDismissActionIdentifier]) {
        tessera::mobile::notificationDismissed(itemId);
    } else {
        QString comment;
        if ([response isKindOfClass:UNTextInputNotificationResponse.class])
            comment = QString::fromNSString(((UNTextInputNotificationResponse *)response).userText);
        tessera::mobile::notificationActionInvoked(itemId, QString::fromNSString(action), comment);
    }
    completionHandler();
}

@end

namespace tessera {

// Called by PlatformFactory when the notifier is made (before any response can be handled).
void installIosNotificationDelegate()
{
    if (notificationDelegate == nil)
        notificationDelegate = [[TesseraNotificationDelegate alloc] init];
    UNUserNotificationCenter.currentNotificationCenter.delegate = notificationDelegate;
}

} // namespace tessera
