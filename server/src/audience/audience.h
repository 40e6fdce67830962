#pragma once

#include "audience/audiencemember.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

#include <optional>

namespace tessera::server {

// Who an object (a card, a service, next a post, an event, a survey) is for. As JSON:
//   {"everyone": true}
//   {"users": [...], "departments": [...], "geos": [...], "roles": [...], "userTypes": [...]}
// A person is in it when it is everyone, or they are named in users, or they match every other
// list given (a list matches when the person's value is one of it; roles: any of theirs). A
// disabled person is in no audience. The server evaluates it: a person outside never sees the
// object.
class Audience
{
public:
    static constexpr qsizetype maxUsers = 1000;
    static constexpr qsizetype maxValues = 200; // in each other list
    static constexpr qsizetype maxValueLength = 128;

    // What is wrong with an audience as sent: the JSON path and a sentence.
    struct Problem
    {
        QString path;
        QString message;
    };

    static Audience everyone();
    // The audience at path (e.g. "$.audience") of a request; nullopt with problem set when it
    // is not one (unknown keys, empty, wrong types, too long, an unknown user type).
    static std::optional<Audience> fromJson(
        const QJsonValue &value, const QString &path, Problem *problem);
    // As stored by toText(); nullopt when the text is not an audience.
    static std::optional<Audience> fromText(const QString &text);

    QJsonObject toJson() const;
    QString toText() const; // compact JSON, for a column

    bool isEveryone() const { return m_everyone; }
    // Names people by id only (no department, geo, role or user type lists, not everyone).
    bool namesUsersOnly() const
    {
        return !m_everyone && m_departments.isEmpty() && m_geos.isEmpty() && m_roles.isEmpty()
            && m_userTypes.isEmpty();
    }
    const QStringList &users() const { return m_users; }
    // Asks for roles (so a person's roles must be known to match it).
    bool usesRoles() const { return !m_everyone && !m_roles.isEmpty(); }
    bool contains(const AudienceMember &person) const;
    // Of userIds, those in this audience (in userIds' order); nullopt when the database fails.
    std::optional<QStringList> membersAmong(QSqlDatabase &db, const QStringList &userIds) const;
    // The enabled people in any of audiences (as stored by toText(); texts that are not an
    // audience, such as empty ones, match no one), in id order; nullopt when the database fails.
    // Audiences that name people only read those people; any other reads the whole people table
    // (three statements, roles only when asked for): call it outside the change feed's lock.
    static std::optional<QStringList> enabledMembersOf(
        QSqlDatabase &db, const QStringList &audiences);

    bool operator==(const Audience &other) const = default;

private:
    bool m_everyone = false;
    QStringList m_users;
    QStringList m_departments;
    QStringList m_geos;
    QStringList m_roles;
    QStringList m_userTypes;
};

} // namespace tessera::server
