#import <UserNotifications/UserNotifications.h>

// The Notification Service Extension (a separate process, ~24 MB of memory): APNs delivers the
// server's alert with mutable-content 1, a content-free "New item" and the encrypted item in "p";
// this decrypts "p" with the device's push keys (read from the Keychain group shared with the
// app) and shows the item's title, or leaves "New item" when it cannot. Nothing in clear ever
// passes through Apple.
@interface NotificationService : UNNotificationServiceExtension
@end
