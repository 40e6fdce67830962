#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>

namespace tessera {

// Platform seam: facts about this device, as sent with a sign-in. Implemented once per OS under
// platform/<os>/ and chosen by the platform factory; core only sees this interface.
class DeviceInfo
{
public:
    virtual ~DeviceInfo();

    virtual QString platform() const = 0; // "android", "ios", "linux", "windows", "macos"
    virtual QString osVersion() const = 0; // as the OS reports it
    virtual QString model() const = 0; // a name a person recognises: "Pixel 8", host name

    // The sign-in's "device" object: these facts with the device id, the app's version and,
    // when given, the pass key's public half.
    QJsonObject toJson(
        const QString &deviceId, const QString &appVersion, const QByteArray &publicKey) const;
};

} // namespace tessera
