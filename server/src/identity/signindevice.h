#pragma once

#include <QString>
#include <QVersionNumber>

namespace tessera::server {

// The device a sign-in or password change comes from, as the app describes it.
struct SignInDevice
{
    QString id;
    QString platform;
    QString osVersion;
    QString model;
    QString appVersion;
    QString publicKey; // empty: the device keeps the key it has

    // Whether the app is at least minimum (an empty minimum admits every version).
    bool meetsMinimumVersion(const QString &minimum) const
    {
        return minimum.isEmpty()
            || QVersionNumber::fromString(appVersion) >= QVersionNumber::fromString(minimum);
    }
};

} // namespace tessera::server
