#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <QVariantMap>

#include <optional>

namespace tessera {

class Database;

// The signed-in person, as the server describes them in "user" (docs/IDENTITY.md). Kept in the
// encrypted local database (the profile table), never in the secure store or settings.
struct UserProfile
{
    QString id; // what sub-systems address: employeeID (AD) or the local ID
    QString kind; // "ad" or "local"
    QString username;
    QString employeeId; // empty for local IDs
    QString displayName;
    QString email;
    QString department;
    QString userType; // "employee" or "non_employee"
    QString geo;
    QStringList roles;

    bool isEmpty() const { return id.isEmpty(); }
    bool hasRole(const QString &role) const { return roles.contains(role); }

    // Reads the wire's "user" object; nullopt with *error when a required field is missing or
    // of the wrong type. Optional fields may be absent or null.
    static std::optional<UserProfile> fromJson(const QJsonObject &user, QString *error);
    QJsonObject toJson() const;
    QVariantMap toVariantMap() const; // for QML

    // The one row of the profile table; nullopt when there is none (or on error).
    static std::optional<UserProfile> load(Database &db);
    bool save(Database &db) const;
};

} // namespace tessera
