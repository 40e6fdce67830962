#include "identity/peoplerepository.h"

#include "identity/directory.h"
#include "protocol/wiretime.h"
#include "storage/sqlhelpers.h"

#include <QSqlQuery>

namespace tessera::server {

bool PeopleRepository::Stored::differsFrom(const DirectoryPerson &person) const
{
    return username != person.accountName() || displayName != person.displayName
        || email != person.email || department != person.department || geo != person.geo
        || managerId != person.managerEmployeeId || hasDirectReports != person.hasDirectReports;
}

PeopleRepository::PeopleRepository(QSqlDatabase &db)
    : m_db(db)
{ }

bool PeopleRepository::beginSync(const QDateTime &at)
{
    QSqlQuery query(m_db);
    return sql::exec(query, QStringLiteral("UPDATE people_sync SET started_at = ? WHERE id = 1"),
        { wiretime::format(at) });
}

bool PeopleRepository::finishSync(const QDateTime &at, const QString &outcome)
{
    QSqlQuery query(m_db);
    return sql::exec(query,
        QStringLiteral("UPDATE people_sync SET finished_at = ?, outcome = ? WHERE id = 1"),
        { wiretime::format(at), outcome });
}

std::optional<QList<PeopleRepository::Stored>> PeopleRepository::all() const
{
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    if (!sql::exec(query,
            QStringLiteral("SELECT id, kind, username_key, username, display_name, email,"
                           " department, geo, manager_id, has_direct_reports, disabled,"
                           " directory_disabled FROM users")))
        return std::nullopt;
    QList<Stored> people;
    while (query.next()) {
        Stored person;
        person.id = query.value(0).toString();
        person.kind = query.value(1).toString();
        person.usernameKey = query.value(2).toString();
        person.username = query.value(3).toString();
        person.displayName = query.value(4).toString();
        person.email = query.value(5).toString();
        person.department = query.value(6).toString();
        person.geo = query.value(7).toString();
        person.managerId = query.value(8).toString();
        person.hasDirectReports = query.value(9).toInt() != 0;
        person.disabled = query.value(10).toInt() != 0;
        person.directoryDisabled = query.value(11).toInt() != 0;
        people.append(person);
    }
    return people;
}

bool PeopleRepository::insert(const DirectoryPerson &person, const QDateTime &at)
{
    const QString stamp = wiretime::format(at);
    const QString name = person.accountName();
    const int disabled = person.disabled ? 1 : 0;
    QSqlQuery query(m_db);
    return sql::exec(query,
        QStringLiteral("INSERT INTO users (id, kind, username, username_key, display_name, email,"
                       " department, geo, user_type, manager_id, has_direct_reports, disabled,"
                       " directory_disabled, created_at, updated_at)"
                       " VALUES (?, 'ad', ?, ?, ?, ?, ?, ?, 'employee', ?, ?, ?, ?, ?, ?)"
                       " ON CONFLICT (id) DO NOTHING"),
        { person.employeeId, name, name.toLower(), person.displayName,
            sql::textOrNull(person.email), sql::textOrNull(person.department),
            sql::textOrNull(person.geo), sql::textOrNull(person.managerEmployeeId),
            person.hasDirectReports ? 1 : 0, disabled, disabled, stamp, stamp });
}

bool PeopleRepository::update(const DirectoryPerson &person, const QDateTime &at)
{
    const QString name = person.accountName();
    QSqlQuery query(m_db);
    return sql::exec(query,
        QStringLiteral("UPDATE users SET username = ?, username_key = ?, display_name = ?,"
                       " email = ?, department = ?, geo = ?, manager_id = ?,"
                       " has_direct_reports = ?, updated_at = ? WHERE id = ? AND kind = 'ad'"),
        { name, name.toLower(), person.displayName, sql::textOrNull(person.email),
            sql::textOrNull(person.department), sql::textOrNull(person.geo),
            sql::textOrNull(person.managerEmployeeId), person.hasDirectReports ? 1 : 0,
            wiretime::format(at), person.employeeId });
}

bool PeopleRepository::setDirectoryDisabled(const QString &id, bool disabled, const QDateTime &at)
{
    QSqlQuery query(m_db);
    return sql::exec(query,
        QStringLiteral("UPDATE users SET disabled = ?, directory_disabled = ?, updated_at = ?"
                       " WHERE id = ? AND kind = 'ad'"),
        { disabled ? 1 : 0, disabled ? 1 : 0, wiretime::format(at), id });
}

} // namespace tessera::server
