#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace tessera {

// One of the person's devices as GET /v1/me/devices sends it (DeviceInfo in the OpenAPI), checked:
// an id of 8-64 of [A-Za-z0-9_-], text fields of bounded length, wire times.
struct DeviceEntry
{
    QString id;
    QString platform;
    QString osVersion;
    QString model;
    QString appVersion;
    QDateTime createdAt;
    QDateTime lastSeenAt;
    bool current = false; // the device this request came from
    bool signedIn = false;

    // nullopt (and why in error) when object is not a device.
    static std::optional<DeviceEntry> fromJson(const QJsonObject &object, QString *error = nullptr);
};

} // namespace tessera
