#pragma once

#include "identity/signindevice.h"

#include <QDateTime>
#include <QList>
#include <QSqlDatabase>
#include <QString>

#include <optional>

namespace tessera::server {

// The SQL of people's devices, in the caller's connection and transaction.
class DeviceRepository
{
public:
    // A device as /v1/me/devices lists it.
    struct Record
    {
        QString id;
        QString platform;
        QString osVersion;
        QString model;
        QString appVersion;
        QString createdAt;
        QString lastSeenAt;
        bool signedIn = false; // a live refresh token
    };

    explicit DeviceRepository(QSqlDatabase &db);

    // The device's registered key (empty when the device is new or has none); nullopt when the
    // database refused.
    std::optional<QString> publicKey(const QString &userId, const QString &deviceId) const;
    // Registers or updates the device at a sign-in (a device without a key keeps its old one).
    bool upsert(const QString &userId, const SignInDevice &device, const QDateTime &at);
    // Notes that the device was seen, at most every resolutionSeconds.
    void touch(const QString &userId, const QString &deviceId, const QDateTime &at,
        qint64 resolutionSeconds);
    // Whether the person has the device; nullopt when the database refused.
    std::optional<bool> exists(const QString &userId, const QString &deviceId) const;
    // Forgets the device's pass key (a remote sign-out): its next sign-in registers one again.
    bool forgetKey(const QString &userId, const QString &deviceId);
    // The person's devices, last seen first; nullopt when the database refused.
    std::optional<QList<Record>> list(const QString &userId, const QDateTime &at) const;

private:
    QSqlDatabase &m_db;
};

} // namespace tessera::server
