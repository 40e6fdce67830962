#include "audience/audiencemember.h"

#include "storage/sqlhelpers.h"

#include <QHash>
#include <QSqlQuery>

namespace tessera::server {

namespace {

constexpr qsizetype chunkSize = 500;

bool loadChunk(QSqlDatabase &db, const QStringList &ids, QList<AudienceMember> *out)
{
    const QString in = sql::placeholders(ids.size());
    QSqlQuery query(db);
    if (!sql::exec(query,
            QStringLiteral("SELECT id, department, geo, user_type, disabled FROM users"
                           " WHERE id IN (%1)")
                .arg(in),
            sql::values(ids)))
        return false;
    QHash<QString, qsizetype> index;
    const qsizetype first = out->size();
    while (query.next()) {
        AudienceMember member;
        member.id = query.value(0).toString();
        member.department = query.value(1).toString();
        member.geo = query.value(2).toString();
        member.userType = query.value(3).toString();
        member.disabled = query.value(4).toInt() != 0;
        index.insert(member.id, out->size());
        out->append(member);
    }
    if (out->size() == first)
        return true;
    if (!sql::exec(query,
            QStringLiteral("SELECT user_id, role FROM user_roles WHERE user_id IN (%1)").arg(in),
            sql::values(ids)))
        return false;
    while (query.next()) {
        const auto at = index.constFind(query.value(0).toString());
        if (at != index.cend())
            (*out)[*at].roles.append(query.value(1).toString());
    }
    // The manager role is derived: a person with reports.
    if (!sql::exec(query,
            QStringLiteral("SELECT DISTINCT manager_id FROM users WHERE manager_id IN (%1)")
                .arg(in),
            sql::values(ids)))
        return false;
    while (query.next()) {
        const auto at = index.constFind(query.value(0).toString());
        if (at != index.cend() && !(*out)[*at].roles.contains(QLatin1String("manager")))
            (*out)[*at].roles.append(QStringLiteral("manager"));
    }
    return true;
}

} // namespace

std::optional<QList<AudienceMember>> AudienceMember::load(
    QSqlDatabase &db, const QStringList &userIds)
{
    QList<AudienceMember> members;
    for (qsizetype from = 0; from < userIds.size(); from += chunkSize) {
        if (!loadChunk(db, userIds.mid(from, chunkSize), &members))
            return std::nullopt;
    }
    return members;
}

std::optional<QList<AudienceMember>> AudienceMember::loadEnabled(QSqlDatabase &db, bool withRoles)
{
    QSqlQuery query(db);
    if (!sql::exec(query,
            QStringLiteral("SELECT id, department, geo, user_type FROM users WHERE disabled = 0"
                           " ORDER BY id")))
        return std::nullopt;
    QList<AudienceMember> members;
    QHash<QString, qsizetype> index;
    while (query.next()) {
        AudienceMember member;
        member.id = query.value(0).toString();
        member.department = query.value(1).toString();
        member.geo = query.value(2).toString();
        member.userType = query.value(3).toString();
        if (withRoles)
            index.insert(member.id, members.size());
        members.append(std::move(member));
    }
    if (!withRoles)
        return members;
    if (!sql::exec(query, QStringLiteral("SELECT user_id, role FROM user_roles")))
        return std::nullopt;
    while (query.next()) {
        const auto at = index.constFind(query.value(0).toString());
        if (at != index.cend())
            members[*at].roles.append(query.value(1).toString());
    }
    // The manager role is derived: a person with reports.
    if (!sql::exec(query,
            QStringLiteral("SELECT DISTINCT manager_id FROM users WHERE manager_id IS NOT NULL")))
        return std::nullopt;
    while (query.next()) {
        const auto at = index.constFind(query.value(0).toString());
        if (at != index.cend() && !members[*at].roles.contains(QLatin1String("manager")))
            members[*at].roles.append(QStringLiteral("manager"));
    }
    return members;
}

std::optional<AudienceMember> AudienceMember::loadOne(QSqlDatabase &db, const QString &userId)
{
    const auto members = load(db, { userId });
    if (!members)
        return std::nullopt;
    return members->isEmpty() ? AudienceMember {} : members->constFirst();
}

} // namespace tessera::server
