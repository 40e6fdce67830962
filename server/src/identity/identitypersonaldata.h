#pragma once

#include "privacy/personaldata.h"

namespace tessera::server {

// What identity holds about a person: the account, roles and statuses, devices, sign-ins (token
// rows, whose hashes never leave the server) and sign-in failures and locks (by username).
inline QList<PersonalTable> identityPersonalData()
{
    const QString secret = QStringLiteral("a token's or password's hash is a secret kept only to"
                                          " check what is presented; it is never exported");
    PersonalTable users { QStringLiteral("profile"), QStringLiteral("users"),
        { QStringLiteral("id"), QStringLiteral("manager_id") }, QStringLiteral("id = {user}"),
        { QStringLiteral("password_hash") }, secret };
    // Their reports keep no manager; the account goes last, after every row referring to it.
    users.erase = { QStringLiteral("UPDATE users SET manager_id = NULL WHERE manager_id = {user}"),
        QStringLiteral("DELETE FROM users WHERE id = {user}") };
    PersonalTable statuses { QStringLiteral("profile"), QStringLiteral("user_statuses"),
        { QStringLiteral("user_id"), QStringLiteral("set_by") },
        QStringLiteral("user_id = {user}") };
    statuses.erase = { QStringLiteral("DELETE FROM user_statuses WHERE user_id = {user}"),
        pseudonymized(QStringLiteral("user_statuses"), QStringLiteral("set_by")) };
    return {
        users,
        { QStringLiteral("profile"), QStringLiteral("user_roles"), { QStringLiteral("user_id") } },
        statuses,
        { QStringLiteral("devices"), QStringLiteral("devices"), { QStringLiteral("user_id") } },
        { QStringLiteral("signIns"), QStringLiteral("access_tokens"), { QStringLiteral("user_id") },
            {}, { QStringLiteral("token_hash") }, secret },
        { QStringLiteral("signIns"), QStringLiteral("refresh_tokens"),
            { QStringLiteral("user_id") }, {},
            { QStringLiteral("token_hash"), QStringLiteral("successor_hash") }, secret },
        { QStringLiteral("signIns"), QStringLiteral("login_failures"),
            { QStringLiteral("subject") },
            QStringLiteral("scope = 'user' AND subject = {username}") },
        { QStringLiteral("signIns"), QStringLiteral("login_in_flight"),
            { QStringLiteral("subject") }, QStringLiteral("subject = {username}") },
        { QStringLiteral("signIns"), QStringLiteral("login_locks"), { QStringLiteral("subject") },
            QStringLiteral("subject = {username}") },
    };
}

} // namespace tessera::server
