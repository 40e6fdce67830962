#pragma once

#include "identity/useraccount.h"

#include <QDateTime>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

#include <optional>

namespace tessera::server {

struct DirectoryPerson;

// The SQL of people's accounts (users, user_roles), in the caller's connection and transaction.
// Answers of false, -1 or nullopt mean the database refused, unless said otherwise.
class AccountRepository
{
public:
    // A local ID to create (the admin's form, checked).
    struct NewLocalUser
    {
        QString displayName;
        QString email;
        QString geo;
        QString department;
        QStringList roles;
        QString userType;
    };

    explicit AccountRepository(QSqlDatabase &db);

    // nullopt also when there is no such account.
    std::optional<UserAccount> byId(const QString &id) const;
    std::optional<UserAccount> localByUsername(const QString &username) const;
    std::optional<UserAccount> directoryById(const QString &id) const;

    // The directory is the source of truth for its people: the copy is refreshed at every
    // sign-in (a local account of the same ID is left alone).
    bool upsertDirectoryPerson(const DirectoryPerson &person, const QDateTime &at);
    bool updateDirectoryPerson(
        const QString &id, const DirectoryPerson &person, const QDateTime &at);
    bool markDisabled(const QString &id);
    // The person's own new password (no longer temporary).
    bool setOwnPassword(const QString &id, const QString &hash, const QDateTime &at);

    // Whether id (or a user name like it) is taken; nullopt when the database refused.
    std::optional<bool> idTaken(const QString &id) const;
    std::optional<bool> exists(const QString &id) const;
    bool insertLocalUser(const QString &id, const NewLocalUser &user, const QString &hash,
        const QDateTime &passwordExpires, const QDateTime &at);
    // The rows changed (0: no such person), or -1.
    int setDisabled(const QString &id, bool disabled, const QDateTime &at);
    // A temporary password for a local ID: the rows changed (0: no such local ID), or -1.
    int setTemporaryPassword(
        const QString &id, const QString &hash, const QDateTime &expires, const QDateTime &at);
    bool replaceRoles(const QString &id, const QStringList &roles);

private:
    std::optional<UserAccount> load(const QString &where, const QVariant &value) const;
    bool insertRoles(const QString &id, const QStringList &roles);

    QSqlDatabase &m_db;
};

} // namespace tessera::server
