#include "androidmobileos.h"

#include "mobile/mobileentrypoints.h"
#include "platformlogging.h"

#include <QCoreApplication>
#include <QFuture>
#include <QJniObject>
#include <QtCore/private/qandroidextras_p.h>

namespace tessera {

namespace {

constexpr auto pushClass = "org/tessera/app/TesseraPush";
constexpr auto notificationsClass = "org/tessera/app/TesseraNotifications";
constexpr auto windowClass = "org/tessera/app/TesseraWindow";
constexpr auto contextSignature = "(Landroid/content/Context;)V";

QJniObject context()
{
    return QJniObject(QNativeInterface::QAndroidApplication::context());
}

} // namespace

AndroidMobileOs::AndroidMobileOs()
{
    // A tap or a Reject that started the app waited in TesseraActivity for Qt: hand it on now
    // (MobileBridge keeps it until the notifier is made).
    QJniObject::callStaticMethod<void>("org/tessera/app/TesseraActivity", "deliverPending", "()V");
}

AndroidMobileOs::~AndroidMobileOs() = default;

void AndroidMobileOs::requestPushToken()
{
    // TesseraPush picks a UnifiedPush distributor when one is installed, FCM otherwise, and
    // answers through TesseraNative.pushTokenArrived / pushRegistrationFailed.
    QJniObject::callStaticMethod<void>(
        pushClass, "requestToken", contextSignature, context().object());
}

void AndroidMobileOs::unregisterPush()
{
    QJniObject::callStaticMethod<void>(
        pushClass, "unregister", contextSignature, context().object());
}

void AndroidMobileOs::showNotification(const Notification &notification)
{
    // Plain text: NotificationCompat shows CharSequence as given, without markup.
    QJniObject::callStaticMethod<void>(notificationsClass, "show",
        "(Landroid/content/Context;Ljava/lang/String;Ljava/lang/String;Ljava/lang/String;ZZ)V",
        context().object(), QJniObject::fromString(notification.itemId).object<jstring>(),
        QJniObject::fromString(notification.title).object<jstring>(),
        QJniObject::fromString(notification.body).object<jstring>(),
        jboolean(notification.actions.contains(QStringLiteral("approve"))),
        jboolean(notification.actions.contains(QStringLiteral("reject"))));
}

void AndroidMobileOs::cancelNotification(const QString &itemId)
{
    QJniObject::callStaticMethod<void>(notificationsClass, "cancel",
        "(Landroid/content/Context;Ljava/lang/String;)V", context().object(),
        QJniObject::fromString(itemId).object<jstring>());
}

bool AndroidMobileOs::notificationsAllowed() const
{
    return QJniObject::callStaticMethod<jboolean>(
        notificationsClass, "allowed", "(Landroid/content/Context;)Z", context().object());
}

void AndroidMobileOs::requestNotificationPermission()
{
    if (QNativeInterface::QAndroidApplication::sdkVersion() < postNotificationsApi) {
        // Granted at install time before Android 13.
        mobile::notificationPermissionAnswered(notificationsAllowed());
        return;
    }
    // Qt 6.4 has no public permission API (QPermission comes with Qt 6.5): the private one,
    // answered on Qt's side; drop it for QPermission with Qt >= 6.5.
    QtAndroidPrivate::requestPermission(QStringLiteral("android.permission.POST_NOTIFICATIONS"))
        .then(qApp, [](QtAndroidPrivate::PermissionResult result) {
            mobile::notificationPermissionAnswered(
                result == QtAndroidPrivate::PermissionResult::Authorized);
        });
}

void AndroidMobileOs::setSecureWindow(bool secure)
{
    // TesseraWindow runs it on the Android UI thread (runOnUiThread).
    QJniObject::callStaticMethod<void>(windowClass, "setSecure", "(Landroid/content/Context;Z)V",
        context().object(), jboolean(secure));
    qCDebug(lcPlatform) << "secure window" << secure;
}

} // namespace tessera
