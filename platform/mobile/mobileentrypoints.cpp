#include "mobile/mobileentrypoints.h"

#include "mobile/mobilebridge.h"

namespace tessera::mobile {

void pushTokenArrived(const QString &transport, const QString &value)
{
    MobileBridge::instance().pushTokenArrived(transport, value);
}

void pushRegistrationFailed(const QString &reason)
{
    MobileBridge::instance().pushRegistrationFailed(reason);
}

void pushFieldsArrived(const QByteArray &json)
{
    MobileBridge::instance().pushFieldsArrived(json);
}

void pushBodyArrived(const QByteArray &body)
{
    MobileBridge::instance().pushBodyArrived(body);
}

void notificationActionInvoked(const QString &itemId, const QString &action, const QString &comment)
{
    MobileBridge::instance().notificationActionInvoked(itemId, action, comment);
}

void notificationTapped(const QString &itemId)
{
    MobileBridge::instance().notificationTapped(itemId);
}

void notificationDismissed(const QString &itemId)
{
    MobileBridge::instance().notificationDismissed(itemId);
}

void notificationPermissionAnswered(bool granted)
{
    MobileBridge::instance().notificationPermissionAnswered(granted);
}

} // namespace tessera::mobile
