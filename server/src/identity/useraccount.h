#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace tessera::server {

// A person's account as stored (users and user_roles), with the manager role derived from
// their reports.
struct UserAccount
{
    QString id;
    QString kind; // "ad" | "local"
    QString username;
    QString displayName;
    QString email;
    QString department;
    QString geo;
    QString userType;
    QString passwordHash;
    bool passwordTemporary = false;
    QString passwordExpiresAt;
    bool disabled = false;
    QStringList roles;

    // The account as the API shows it ("user" in sign-in answers, /v1/me, admin answers).
    QJsonObject toJson() const;
};

} // namespace tessera::server
