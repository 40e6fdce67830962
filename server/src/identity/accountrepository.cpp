#include "identity/accountrepository.h"

#include "identity/directory.h"
#include "protocol/wiretime.h"
#include "storage/sqlhelpers.h"

#include <QSqlQuery>

namespace tessera::server {

AccountRepository::AccountRepository(QSqlDatabase &db)
    : m_db(db)
{ }

std::optional<UserAccount> AccountRepository::byId(const QString &id) const
{
    return load(QStringLiteral("id = ?"), id);
}

std::optional<UserAccount> AccountRepository::localByUsername(const QString &username) const
{
    // An erased person's stand-in (users.stand_in) is never signed in to, whatever its row says.
    return load(
        QStringLiteral("username_key = ? AND kind = 'local' AND stand_in = 0"), username.toLower());
}

std::optional<UserAccount> AccountRepository::directoryById(const QString &id) const
{
    return load(QStringLiteral("id = ? AND kind = 'ad'"), id);
}

std::optional<UserAccount> AccountRepository::load(
    const QString &where, const QVariant &value) const
{
    QSqlQuery query(m_db);
    if (!sql::exec(query,
            QStringLiteral("SELECT id, kind, username, display_name, email, department, geo,"
                           " user_type, password_hash, password_temporary, password_expires_at,"
                           " disabled, has_direct_reports FROM users WHERE ")
                + where,
            { value })
        || !query.next())
        return std::nullopt;
    UserAccount user;
    user.id = query.value(0).toString();
    user.kind = query.value(1).toString();
    user.username = query.value(2).toString();
    user.displayName = query.value(3).toString();
    user.email = query.value(4).toString();
    user.department = query.value(5).toString();
    user.geo = query.value(6).toString();
    user.userType = query.value(7).toString();
    user.passwordHash = query.value(8).toString();
    user.passwordTemporary = query.value(9).toInt() != 0;
    user.passwordExpiresAt = query.value(10).toString();
    user.disabled = query.value(11).toInt() != 0;
    const bool directReports = query.value(12).toInt() != 0;

    QSqlQuery roles(m_db);
    if (!sql::exec(roles,
            QStringLiteral("SELECT role FROM user_roles WHERE user_id = ? ORDER BY role"),
            { user.id }))
        return std::nullopt;
    while (roles.next())
        user.roles.append(roles.value(0).toString());
    bool manages = directReports;
    if (!manages) {
        QSqlQuery reports(m_db);
        if (sql::exec(
                reports, QStringLiteral("SELECT 1 FROM users WHERE manager_id = ?"), { user.id })
            && reports.next())
            manages = true;
    }
    if (manages)
        user.roles.prepend(QStringLiteral("manager"));
    return user;
}

bool AccountRepository::upsertDirectoryPerson(const DirectoryPerson &person, const QDateTime &at)
{
    const QString stamp = wiretime::format(at);
    QSqlQuery query(m_db);
    return sql::exec(query,
        QStringLiteral(
            "INSERT INTO users (id, kind, username, username_key, display_name, email,"
            " department, geo, user_type, manager_id, has_direct_reports, disabled,"
            " directory_disabled, created_at, updated_at)"
            " VALUES (?, 'ad', ?, ?, ?, ?, ?, ?, 'employee', ?, ?, 0, 0, ?, ?)"
            " ON CONFLICT (id) DO UPDATE SET username = excluded.username,"
            " username_key = excluded.username_key, display_name = excluded.display_name,"
            " email = excluded.email, department = excluded.department, geo = excluded.geo,"
            " manager_id = excluded.manager_id,"
            " has_direct_reports = excluded.has_direct_reports, disabled = 0,"
            " directory_disabled = 0, updated_at = excluded.updated_at"
            " WHERE users.kind = 'ad'"),
        { person.employeeId, person.accountName(), person.accountName().toLower(),
            person.displayName, sql::textOrNull(person.email), sql::textOrNull(person.department),
            sql::textOrNull(person.geo), sql::textOrNull(person.managerEmployeeId),
            person.hasDirectReports ? 1 : 0, stamp, stamp });
}

bool AccountRepository::updateDirectoryPerson(
    const QString &id, const DirectoryPerson &person, const QDateTime &at)
{
    QSqlQuery query(m_db);
    return sql::exec(query,
        QStringLiteral("UPDATE users SET display_name = ?, email = ?, department = ?,"
                       " geo = ?, manager_id = ?, has_direct_reports = ?, updated_at = ?"
                       " WHERE id = ?"),
        { person.displayName, sql::textOrNull(person.email), sql::textOrNull(person.department),
            sql::textOrNull(person.geo), sql::textOrNull(person.managerEmployeeId),
            person.hasDirectReports ? 1 : 0, wiretime::format(at), id });
}

bool AccountRepository::markDisabled(const QString &id)
{
    QSqlQuery query(m_db);
    return sql::exec(query,
        QStringLiteral("UPDATE users SET disabled = 1, directory_disabled = 1 WHERE id = ?"),
        { id });
}

bool AccountRepository::setOwnPassword(const QString &id, const QString &hash, const QDateTime &at)
{
    QSqlQuery query(m_db);
    return sql::exec(query,
        QStringLiteral("UPDATE users SET password_hash = ?, password_temporary = 0,"
                       " password_expires_at = NULL, updated_at = ? WHERE id = ?"),
        { hash, wiretime::format(at), id });
}

std::optional<bool> AccountRepository::idTaken(const QString &id) const
{
    QSqlQuery query(m_db);
    if (!sql::exec(query, QStringLiteral("SELECT 1 FROM users WHERE id = ? OR username_key = ?"),
            { id, id.toLower() }))
        return std::nullopt;
    return query.next();
}

std::optional<bool> AccountRepository::exists(const QString &id) const
{
    QSqlQuery query(m_db);
    if (!sql::exec(query, QStringLiteral("SELECT 1 FROM users WHERE id = ?"), { id }))
        return std::nullopt;
    return query.next();
}

bool AccountRepository::insertLocalUser(const QString &id, const NewLocalUser &user,
    const QString &hash, const QDateTime &passwordExpires, const QDateTime &at)
{
    QSqlQuery query(m_db);
    return sql::exec(query,
               QStringLiteral("INSERT INTO users (id, kind, username, username_key, display_name,"
                              " email, department, geo, user_type, password_hash,"
                              " password_temporary, password_expires_at, created_at, updated_at)"
                              " VALUES (?, 'local', ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?)"),
               { id, id, id.toLower(), user.displayName, sql::textOrNull(user.email),
                   sql::textOrNull(user.department), sql::textOrNull(user.geo), user.userType, hash,
                   wiretime::format(passwordExpires), wiretime::format(at), wiretime::format(at) })
        && insertRoles(id, user.roles);
}

int AccountRepository::setDisabled(const QString &id, bool disabled, const QDateTime &at)
{
    QSqlQuery query(m_db);
    if (!sql::exec(query,
            QStringLiteral("UPDATE users SET disabled = ?, updated_at = ? WHERE id = ?"),
            { disabled ? 1 : 0, wiretime::format(at), id }))
        return -1;
    return query.numRowsAffected();
}

int AccountRepository::setTemporaryPassword(
    const QString &id, const QString &hash, const QDateTime &expires, const QDateTime &at)
{
    QSqlQuery query(m_db);
    if (!sql::exec(query,
            QStringLiteral(
                "UPDATE users SET password_hash = ?, password_temporary = 1,"
                " password_expires_at = ?, updated_at = ? WHERE id = ? AND kind = 'local'"),
            { hash, wiretime::format(expires), wiretime::format(at), id }))
        return -1;
    return query.numRowsAffected();
}

bool AccountRepository::replaceRoles(const QString &id, const QStringList &roles)
{
    QSqlQuery query(m_db);
    return sql::exec(query, QStringLiteral("DELETE FROM user_roles WHERE user_id = ?"), { id })
        && insertRoles(id, roles);
}

bool AccountRepository::insertRoles(const QString &id, const QStringList &roles)
{
    QSqlQuery query(m_db);
    bool ok = true;
    for (const QString &role : roles) {
        ok = ok
            && sql::exec(query,
                QStringLiteral("INSERT INTO user_roles (user_id, role) VALUES (?, ?)"),
                { id, role });
    }
    return ok;
}

} // namespace tessera::server
