#include "iosmobileos.h"

#include "mobile/mobileentrypoints.h"

#import <UIKit/UIKit.h>
#import <UserNotifications/UserNotifications.h>

namespace tessera {

namespace {

// Covers the window while the screen is recorded or mirrored and the pass is shown.
UIView *captureCover = nil;
id captureObserver = nil;

void updateCaptureCover(bool secure)
{
    UIWindow *window = UIApplication.sharedApplication.windows.firstObject;
    const bool cover = secure && UIScreen.mainScreen.isCaptured && window != nil;
    if (cover && captureCover == nil) {
        captureCover = [[UIView alloc] initWithFrame:window.bounds];
        captureCover.backgroundColor = UIColor.systemBackgroundColor;
        captureCover.autoresizingMask =
            UIViewAutoresizingFlexibleWidth | UIViewAutoresizingFlexibleHeight;
        [window addSubview:captureCover];
    } else if (!cover && captureCover != nil) {
        [captureCover removeFromSuperview];
        captureCover = nil;
    }
}

} // namespace

IosMobileOs::IosMobileOs()
{
    UNNotificationAction *approve = [UNNotificationAction
        actionWithIdentifier:@(approveIdentifier)
                       title:@"Approve"
                     options:UNNotificationActionOptionAuthenticationRequired];
    // A reject needs a comment: typed into the notification, it opens the app's comment dialog
    // with it (MobileNotifier::takeComment).
    UNTextInputNotificationAction *reject = [UNTextInputNotificationAction
        actionWithIdentifier:@(rejectIdentifier)
                       title:@"Reject"
                     options:UNNotificationActionOptionAuthenticationRequired
                     | UNNotificationActionOptionForeground
        textInputButtonTitle:@"Reject"
        textInputPlaceholder:@"Comment"];
    UNNotificationCategory *decision = [UNNotificationCategory
               categoryWithIdentifier:@(decisionCategory)
                              actions:@[ approve, reject ]
                    intentIdentifiers:@[]
        hiddenPreviewsBodyPlaceholder:@"New item"
                              options:UNNotificationCategoryOptionCustomDismissAction];
    [UNUserNotificationCenter.currentNotificationCenter
        setNotificationCategories:[NSSet setWithObject:decision]];
    [UNUserNotificationCenter.currentNotificationCenter
        getNotificationSettingsWithCompletionHandler:^(UNNotificationSettings *settings) {
            m_allowed = settings.authorizationStatus == UNAuthorizationStatusAuthorized;
        }];
}

IosMobileOs::~IosMobileOs()
{
    if (captureObserver != nil)
        [NSNotificationCenter.defaultCenter removeObserver:captureObserver];
}

void IosMobileOs::requestPushToken()
{
    // The app delegate's didRegisterForRemoteNotificationsWithDeviceToken answers (hex).
    dispatch_async(dispatch_get_main_queue(),
        ^{ [UIApplication.sharedApplication registerForRemoteNotifications]; });
}

void IosMobileOs::unregisterPush()
{
    dispatch_async(dispatch_get_main_queue(),
        ^{ [UIApplication.sharedApplication unregisterForRemoteNotifications]; });
}

void IosMobileOs::showNotification(const Notification &notification)
{
    UNMutableNotificationContent *content = [[UNMutableNotificationContent alloc] init];
    // Plain text: the notification center shows it as given.
    content.title = notification.title.toNSString();
    content.body = notification.body.toNSString();
    content.threadIdentifier = @"inbox";
    content.userInfo = @ { @"itemId" : notification.itemId.toNSString() };
    if (!notification.actions.isEmpty())
        content.categoryIdentifier = @(decisionCategory);
    // The item id is the request's identifier: showing the item again replaces it.
    UNNotificationRequest *request =
        [UNNotificationRequest requestWithIdentifier:notification.itemId.toNSString()
                                             content:content
                                             trigger:nil];
    [UNUserNotificationCenter.currentNotificationCenter addNotificationRequest:request
                                                         withCompletionHandler:nil];
}

void IosMobileOs::cancelNotification(const QString &itemId)
{
    NSArray<NSString *> *ids = @[ itemId.toNSString() ];
    UNUserNotificationCenter *center = UNUserNotificationCenter.currentNotificationCenter;
    [center removePendingNotificationRequestsWithIdentifiers:ids];
    [center removeDeliveredNotificationsWithIdentifiers:ids];
}

bool IosMobileOs::notificationsAllowed() const
{
    return m_allowed;
}

void IosMobileOs::requestNotificationPermission()
{
    [UNUserNotificationCenter.currentNotificationCenter
        requestAuthorizationWithOptions:UNAuthorizationOptionAlert | UNAuthorizationOptionSound
        | UNAuthorizationOptionBadge
                      completionHandler:^(BOOL granted, NSError *) {
                          m_allowed = granted;
                          mobile::notificationPermissionAnswered(granted);
                      }];
}

void IosMobileOs::setSecureWindow(bool secure)
{
    m_secure = secure;
    dispatch_async(dispatch_get_main_queue(), ^{
        if (captureObserver == nil)
            captureObserver = [NSNotificationCenter.defaultCenter
                addObserverForName:UIScreenCapturedDidChangeNotification
                            object:nil
                             queue:NSOperationQueue.mainQueue
                        usingBlock:^(NSNotification *) { updateCaptureCover(m_secure); }];
        updateCaptureCover(secure);
    });
}

} // namespace tessera
