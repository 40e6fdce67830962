#pragma once

#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

#include <optional>

namespace tessera::server {

// What an audience is matched against: a person's facts from the people table (users and
// user_roles; "manager" is derived from having reports, as for sign-in).
struct AudienceMember
{
    QString id;
    QString department;
    QString geo;
    QString userType;
    QStringList roles;
    bool disabled = false;

    // The facts of those of userIds the table knows (any order; unknown ids are left out);
    // nullopt when the database fails. Reads in chunks, so userIds may be long.
    static std::optional<QList<AudienceMember>> load(QSqlDatabase &db, const QStringList &userIds);
    // Every enabled person's facts, in id order, in three statements whatever the table's size;
    // their roles only when withRoles (else empty: enough for audiences that ask for none).
    static std::optional<QList<AudienceMember>> loadEnabled(QSqlDatabase &db, bool withRoles);
    // One person's facts: nullopt when the database fails, an empty id when unknown.
    static std::optional<AudienceMember> loadOne(QSqlDatabase &db, const QString &userId);
};

} // namespace tessera::server
