#include "identity/userprofile.h"

#include "protocol/wiretime.h"
#include "storage/database.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>

namespace tessera {

namespace {

// A string field that may be absent or null; false when it is there with another type.
bool optionalString(const QJsonObject &object, const QString &field, QString &out)
{
    const QJsonValue value = object.value(field);
    if (value.isUndefined() || value.isNull()) {
        out.clear();
        return true;
    }
    if (!value.isString())
        return false;
    out = value.toString();
    return true;
}

QJsonValue nullable(const QString &text)
{
    return text.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(text);
}

} // namespace

std::optional<UserProfile> UserProfile::fromJson(const QJsonObject &user, QString *error)
{
    auto fail = [error](const QString &message) -> std::optional<UserProfile> {
        if (error)
            *error = message;
        return std::nullopt;
    };
    UserProfile profile;
    const struct
    {
        const char *name;
        QString *target;
        bool required;
    } fields[] = {
        { "id", &profile.id, true },
        { "kind", &profile.kind, true },
        { "userType", &profile.userType, true },
        { "username", &profile.username, false },
        { "employeeId", &profile.employeeId, false },
        { "displayName", &profile.displayName, false },
        { "email", &profile.email, false },
        { "department", &profile.department, false },
        { "geo", &profile.geo, false },
    };
    for (const auto &field : fields) {
        const QString name = QString::fromLatin1(field.name);
        if (!optionalString(user, name, *field.target))
            return fail(QStringLiteral("user.%1 must be a string").arg(name));
        if (field.required && field.target->isEmpty())
            return fail(QStringLiteral("user.%1 is missing").arg(name));
    }
    if (profile.kind != QLatin1String("ad") && profile.kind != QLatin1String("local"))
        return fail(QStringLiteral("user.kind is neither ad nor local"));
    if (profile.userType != QLatin1String("employee")
        && profile.userType != QLatin1String("non_employee"))
        return fail(QStringLiteral("user.userType is neither employee nor non_employee"));
    const QJsonValue roles = user.value(QStringLiteral("roles"));
    if (!roles.isUndefined() && !roles.isNull()) {
        if (!roles.isArray())
            return fail(QStringLiteral("user.roles must be an array"));
        for (const auto &role : roles.toArray()) {
            if (!role.isString())
                return fail(QStringLiteral("user.roles must hold strings"));
            profile.roles.append(role.toString());
        }
    }
    return profile;
}

QJsonObject UserProfile::toJson() const
{
    return QJsonObject {
        { QStringLiteral("id"), id },
        { QStringLiteral("kind"), kind },
        { QStringLiteral("username"), nullable(username) },
        { QStringLiteral("employeeId"), nullable(employeeId) },
        { QStringLiteral("displayName"), displayName },
        { QStringLiteral("email"), nullable(email) },
        { QStringLiteral("department"), nullable(department) },
        { QStringLiteral("userType"), userType },
        { QStringLiteral("geo"), nullable(geo) },
        { QStringLiteral("roles"), QJsonArray::fromStringList(roles) },
    };
}

QVariantMap UserProfile::toVariantMap() const
{
    return toJson().toVariantMap();
}

std::optional<UserProfile> UserProfile::load(Database &db)
{
    SqlStatement select =
        db.prepare("SELECT id, kind, username, employeeId, displayName, email, "
                   "department, userType, geo, roles FROM profile WHERE slot = 1");
    if (!select.isValid() || select.step() != SqlStatement::Step::Row)
        return std::nullopt;
    UserProfile profile;
    profile.id = select.columnText(0);
    profile.kind = select.columnText(1);
    profile.username = select.columnText(2);
    profile.employeeId = select.columnText(3);
    profile.displayName = select.columnText(4);
    profile.email = select.columnText(5);
    profile.department = select.columnText(6);
    profile.userType = select.columnText(7);
    profile.geo = select.columnText(8);
    const QJsonArray roles = QJsonDocument::fromJson(select.columnText(9).toUtf8()).array();
    for (const auto &role : roles)
        profile.roles.append(role.toString());
    return profile;
}

bool UserProfile::save(Database &db) const
{
    SqlStatement insert = db.prepare(
        "INSERT OR REPLACE INTO profile (slot, id, kind, username, employeeId, displayName, "
        "email, department, userType, geo, roles, updatedAt) "
        "VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
    if (!insert.isValid())
        return false;
    const auto bindOptional = [&insert](int index, const QString &text) {
        if (text.isEmpty())
            insert.bindNull(index);
        else
            insert.bindText(index, text);
    };
    insert.bindText(1, id);
    insert.bindText(2, kind);
    bindOptional(3, username);
    bindOptional(4, employeeId);
    insert.bindText(5, displayName);
    bindOptional(6, email);
    bindOptional(7, department);
    insert.bindText(8, userType);
    bindOptional(9, geo);
    insert.bindText(10,
        QString::fromUtf8(
            QJsonDocument(QJsonArray::fromStringList(roles)).toJson(QJsonDocument::Compact)));
    insert.bindText(11, wiretime::format(QDateTime::currentDateTimeUtc()));
    return insert.exec();
}

} // namespace tessera
