#include "audience/audience.h"

#include "http/personroles.h"
#include "storage/sqlhelpers.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QSqlQuery>

#include <algorithm>

namespace tessera::server {

namespace {

const QString keyEveryone = QStringLiteral("everyone");
const QString keyUsers = QStringLiteral("users");
const QString keyDepartments = QStringLiteral("departments");
const QString keyGeos = QStringLiteral("geos");
const QString keyRoles = QStringLiteral("roles");
const QString keyUserTypes = QStringLiteral("userTypes");

bool fail(Audience::Problem *problem, const QString &path, const QString &message)
{
    if (problem)
        *problem = { path, message };
    return false;
}

// A list of distinct non-empty strings, at most max of them.
bool readList(const QJsonObject &object, const QString &key, const QString &path, qsizetype max,
    QStringList *out, Audience::Problem *problem)
{
    const QJsonValue value = object.value(key);
    if (value.isUndefined())
        return true;
    const QString at = path + QLatin1Char('.') + key;
    if (!value.isArray())
        return fail(problem, at, QStringLiteral("must be a list of strings"));
    const QJsonArray array = value.toArray();
    if (array.isEmpty())
        return fail(problem, at, QStringLiteral("must not be empty (leave it out instead)"));
    if (array.size() > max)
        return fail(problem, at, QStringLiteral("has more than %1 entries").arg(max));
    QSet<QString> seen;
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QString entryPath = QStringLiteral("%1[%2]").arg(at).arg(i);
        if (!array.at(i).isString())
            return fail(problem, entryPath, QStringLiteral("must be a string"));
        const QString text = array.at(i).toString();
        if (text.trimmed().isEmpty())
            return fail(problem, entryPath, QStringLiteral("must not be empty"));
        if (text.size() > Audience::maxValueLength)
            return fail(problem, entryPath,
                QStringLiteral("is longer than %1 characters").arg(Audience::maxValueLength));
        if (!seen.contains(text)) {
            seen.insert(text);
            out->append(text);
        }
    }
    return true;
}

QJsonArray toArray(const QStringList &list)
{
    return QJsonArray::fromStringList(list);
}

} // namespace

Audience Audience::everyone()
{
    Audience audience;
    audience.m_everyone = true;
    return audience;
}

std::optional<Audience> Audience::fromJson(
    const QJsonValue &value, const QString &path, Problem *problem)
{
    if (!value.isObject()) {
        fail(problem, path, QStringLiteral("must be an object"));
        return std::nullopt;
    }
    const QJsonObject object = value.toObject();
    static const QStringList known { keyEveryone, keyUsers, keyDepartments, keyGeos, keyRoles,
        keyUserTypes };
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (!known.contains(it.key())) {
            fail(problem, path + QLatin1Char('.') + it.key(),
                QStringLiteral("is not an audience field (everyone, users, departments, geos, "
                               "roles, userTypes)"));
            return std::nullopt;
        }
    }
    Audience audience;
    if (object.contains(keyEveryone)) {
        if (object.value(keyEveryone) != QJsonValue(true)) {
            fail(problem, path + QLatin1Char('.') + keyEveryone,
                QStringLiteral("must be true (leave it out to name people)"));
            return std::nullopt;
        }
        if (object.size() > 1) {
            fail(problem, path,
                QStringLiteral("everyone cannot be combined with other audience fields"));
            return std::nullopt;
        }
        return everyone();
    }
    if (!readList(object, keyUsers, path, maxUsers, &audience.m_users, problem)
        || !readList(object, keyDepartments, path, maxValues, &audience.m_departments, problem)
        || !readList(object, keyGeos, path, maxValues, &audience.m_geos, problem)
        || !readList(object, keyRoles, path, maxValues, &audience.m_roles, problem)
        || !readList(object, keyUserTypes, path, maxValues, &audience.m_userTypes, problem))
        return std::nullopt;
    for (qsizetype i = 0; i < audience.m_userTypes.size(); ++i) {
        const QString &type = audience.m_userTypes.at(i);
        if (type != QLatin1String("employee") && type != QLatin1String("non_employee")) {
            fail(problem, QStringLiteral("%1.%2[%3]").arg(path, keyUserTypes).arg(i),
                QStringLiteral("must be employee or non_employee"));
            return std::nullopt;
        }
    }
    for (qsizetype i = 0; i < audience.m_roles.size(); ++i) {
        if (!personroles::isKnown(audience.m_roles.at(i))) {
            fail(problem, QStringLiteral("%1.%2[%3]").arg(path, keyRoles).arg(i),
                QStringLiteral("is not a role: roles are %1 and manager")
                    .arg(personroles::granted().join(QStringLiteral(", "))));
            return std::nullopt;
        }
    }
    if (object.isEmpty()) {
        fail(problem, path,
            QStringLiteral("names nobody: give everyone, users, departments, geos, roles or "
                           "userTypes"));
        return std::nullopt;
    }
    return audience;
}

std::optional<Audience> Audience::fromText(const QString &text)
{
    QJsonParseError error {};
    const QJsonDocument document = QJsonDocument::fromJson(text.toUtf8(), &error);
    if (error.error != QJsonParseError::NoError)
        return std::nullopt;
    return fromJson(document.object(), QStringLiteral("$"), nullptr);
}

QJsonObject Audience::toJson() const
{
    if (m_everyone)
        return { { keyEveryone, true } };
    QJsonObject object;
    const auto put = [&object](const QString &key, const QStringList &list) {
        if (!list.isEmpty())
            object.insert(key, toArray(list));
    };
    put(keyUsers, m_users);
    put(keyDepartments, m_departments);
    put(keyGeos, m_geos);
    put(keyRoles, m_roles);
    put(keyUserTypes, m_userTypes);
    return object;
}

QString Audience::toText() const
{
    return QString::fromUtf8(QJsonDocument(toJson()).toJson(QJsonDocument::Compact));
}

bool Audience::contains(const AudienceMember &person) const
{
    if (person.id.isEmpty() || person.disabled)
        return false;
    if (m_everyone || m_users.contains(person.id))
        return true;
    if (m_departments.isEmpty() && m_geos.isEmpty() && m_roles.isEmpty() && m_userTypes.isEmpty())
        return false;
    const auto matches = [](const QStringList &list, const QString &value) {
        return list.isEmpty() || list.contains(value);
    };
    const bool roleMatches = m_roles.isEmpty()
        || std::any_of(person.roles.cbegin(), person.roles.cend(),
            [this](const QString &role) { return m_roles.contains(role); });
    return matches(m_departments, person.department) && matches(m_geos, person.geo)
        && matches(m_userTypes, person.userType) && roleMatches;
}

std::optional<QStringList> Audience::membersAmong(
    QSqlDatabase &db, const QStringList &userIds) const
{
    const auto people = AudienceMember::load(db, userIds);
    if (!people)
        return std::nullopt;
    QSet<QString> in;
    for (const AudienceMember &person : *people) {
        if (contains(person))
            in.insert(person.id);
    }
    QStringList members;
    for (const QString &id : userIds) {
        if (in.contains(id))
            members.append(id);
    }
    return members;
}

std::optional<QStringList> Audience::enabledMembersOf(
    QSqlDatabase &db, const QStringList &audiences)
{
    QList<Audience> parsed;
    for (const QString &text : audiences) {
        if (auto audience = Audience::fromText(text))
            parsed.append(*audience);
    }
    if (parsed.isEmpty())
        return QStringList();
    const bool namedOnly = std::all_of(parsed.cbegin(), parsed.cend(),
        [](const Audience &audience) { return audience.namesUsersOnly(); });
    std::optional<QList<AudienceMember>> people;
    if (namedOnly) {
        // People named by id: only they are read (a post to one person does not read 100,000).
        QStringList named;
        QSet<QString> seen;
        for (const Audience &audience : parsed) {
            for (const QString &id : audience.users()) {
                if (!seen.contains(id)) {
                    seen.insert(id);
                    named.append(id);
                }
            }
        }
        people = AudienceMember::load(db, named);
    } else {
        const bool roles = std::any_of(parsed.cbegin(), parsed.cend(),
            [](const Audience &audience) { return audience.usesRoles(); });
        people = AudienceMember::loadEnabled(db, roles);
    }
    if (!people)
        return std::nullopt;
    QStringList members;
    for (const AudienceMember &person : *people) {
        for (const Audience &audience : parsed) {
            if (audience.contains(person)) {
                members.append(person.id);
                break;
            }
        }
    }
    std::sort(members.begin(), members.end());
    return members;
}

} // namespace tessera::server
