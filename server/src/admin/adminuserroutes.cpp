#include "admin/adminuserroutes.h"

#include "http/jsonreader.h"
#include "http/personroles.h"
#include "protocol/jsonfields.h"
#include "protocol/wiretime.h"

#include <QJsonArray>
#include <QRegularExpression>

namespace tessera::server {

namespace {

// The roles held in the server's role table (manager follows from the directory).
void checkStoredRoles(JsonReader &reader, const QStringList &roles)
{
    for (const QString &role : roles) {
        if (reader.ok() && !personroles::isGranted(role))
            reader.fail(personroles::notGrantedMessage(role));
    }
}

HttpResponse noSuchPerson()
{
    return http::error(
        404, QStringLiteral("not_found"), QStringLiteral("There is no such person."));
}

// Answered for every change of an erased person's stand-in account (AdminUsers::Error::StandIn).
HttpResponse standInAccount()
{
    return http::error(409, QStringLiteral("stand_in_account"),
        QStringLiteral("This is the stand-in account of an erased person: it keeps their work "
                       "for the organisation and cannot be enabled, disabled, given a password "
                       "or roles. Nothing was changed."));
}

HttpResponse temporaryPassword(const AdminUsers::Result &result, int status)
{
    return http::json(
        QJsonObject {
            { QStringLiteral("userId"), result.userId },
            { QStringLiteral("temporaryPassword"), result.temporaryPassword },
            { QStringLiteral("temporaryPasswordExpiresAt"),
                wiretime::format(result.temporaryPasswordExpiresAt) },
        },
        status);
}

} // namespace

AdminUserRoutes::AdminUserRoutes(const AdminUsers &users)
    : m_users(users)
{ }

void AdminUserRoutes::addRoutes(RouteTable &routes)
{
    using M = RouteTable::Method;
    routes.add(M::Post, QStringLiteral("/v1/admin/local-users"), Access::Admin,
        [this](const HttpRequest &request) { return createLocalUser(request); });
    routes.add(M::Post, QStringLiteral("/v1/admin/users/{id}/disabled"), Access::Admin,
        [this](const HttpRequest &request) { return setDisabled(request); });
    routes.add(M::Post, QStringLiteral("/v1/admin/local-users/{id}/reset-password"), Access::Admin,
        [this](const HttpRequest &request) { return resetLocalPassword(request); });
    routes.add(M::Put, QStringLiteral("/v1/admin/users/{id}/roles"), Access::Admin,
        [this](const HttpRequest &request) { return setRoles(request); });
}

HttpResponse AdminUserRoutes::createLocalUser(const HttpRequest &request) const
{
    QString error;
    const auto body = request.jsonBody(&error);
    if (!body)
        return http::badRequest(error);
    JsonReader reader(*body);
    reader.allowOnly(
        { QStringLiteral("displayName"), QStringLiteral("email"), QStringLiteral("geo"),
            QStringLiteral("department"), QStringLiteral("roles"), QStringLiteral("userType") });
    AccountRepository::NewLocalUser user;
    user.displayName = reader.string(QStringLiteral("displayName"), 200);
    user.email = reader.optionalString(QStringLiteral("email"), 254);
    user.geo = reader.optionalString(QStringLiteral("geo"), 100);
    user.department = reader.optionalString(QStringLiteral("department"), 100);
    user.roles = reader.stringList(QStringLiteral("roles"), personroles::granted().size(), 16);
    user.userType = reader.optionalString(QStringLiteral("userType"), 16);
    if (user.userType.isEmpty())
        user.userType = QStringLiteral("non_employee");
    static const QRegularExpression emailPattern(QStringLiteral("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$"));
    if (reader.ok() && !user.email.isEmpty() && !emailPattern.match(user.email).hasMatch())
        reader.fail(QStringLiteral("“email” is not an e-mail address."));
    if (reader.ok() && user.userType != QStringLiteral("employee")
        && user.userType != QStringLiteral("non_employee"))
        reader.fail(QStringLiteral("“userType” must be \"employee\" or \"non_employee\"."));
    checkStoredRoles(reader, user.roles);
    if (!reader.ok())
        return http::badRequest(reader.error());
    const AdminUsers::Result result = m_users.createLocalUser(request.principal->userId, user);
    return result.ok() ? temporaryPassword(result, 201) : http::internalError();
}

HttpResponse AdminUserRoutes::setDisabled(const HttpRequest &request) const
{
    const QString userId = request.params.value(0);
    QString error;
    const auto body = request.jsonBody(&error);
    if (!body)
        return http::badRequest(error);
    if (!json::unknownFields(*body, { QStringLiteral("disabled") }).isEmpty()
        || !body->value(QStringLiteral("disabled")).isBool())
        return http::badRequest(QStringLiteral("The body must be {\"disabled\": true|false}."));
    const bool disabled = body->value(QStringLiteral("disabled")).toBool();
    const AdminUsers::Result result =
        m_users.setDisabled(request.principal->userId, userId, disabled);
    switch (result.error) {
    case AdminUsers::Error::None:
        break;
    case AdminUsers::Error::CannotDisableSelf:
        return http::error(422, QStringLiteral("cannot_disable_self"),
            QStringLiteral("You cannot disable your own account."));
    case AdminUsers::Error::NotFound:
        return noSuchPerson();
    case AdminUsers::Error::StandIn:
        return standInAccount();
    case AdminUsers::Error::CannotDropOwnAdmin:
    case AdminUsers::Error::UnknownRole:
    case AdminUsers::Error::Internal:
        return http::internalError();
    }
    if (disabled && m_sessionsEnded)
        m_sessionsEnded(userId, {});
    if (m_audienceChanged)
        m_audienceChanged({ userId });
    return http::json(QJsonObject {
        { QStringLiteral("userId"), userId }, { QStringLiteral("disabled"), disabled } });
}

HttpResponse AdminUserRoutes::resetLocalPassword(const HttpRequest &request) const
{
    const QString userId = request.params.value(0);
    const AdminUsers::Result result = m_users.resetLocalPassword(request.principal->userId, userId);
    if (result.error == AdminUsers::Error::NotFound)
        return http::error(404, QStringLiteral("not_found"),
            QStringLiteral("There is no such local ID (network accounts reset their password in "
                           "the directory)."));
    if (result.error == AdminUsers::Error::StandIn)
        return standInAccount();
    if (!result.ok())
        return http::internalError();
    if (m_sessionsEnded)
        m_sessionsEnded(userId, {});
    return temporaryPassword(result, 200);
}

HttpResponse AdminUserRoutes::setRoles(const HttpRequest &request) const
{
    const QString userId = request.params.value(0);
    QString error;
    const auto body = request.jsonBody(&error);
    if (!body)
        return http::badRequest(error);
    JsonReader reader(*body);
    reader.allowOnly({ QStringLiteral("roles") });
    if (!body->value(QStringLiteral("roles")).isArray())
        reader.fail(QStringLiteral("“roles” must be an array."));
    QStringList roles =
        reader.stringList(QStringLiteral("roles"), personroles::granted().size(), 16);
    checkStoredRoles(reader, roles);
    if (!reader.ok())
        return http::badRequest(reader.error());
    roles.removeDuplicates();
    roles.sort();
    const AdminUsers::Result result = m_users.setRoles(request.principal->userId, userId, roles);
    switch (result.error) {
    case AdminUsers::Error::None:
        if (m_audienceChanged)
            m_audienceChanged({ userId });
        return http::json(QJsonObject { { QStringLiteral("user"), result.user->toJson() } });
    case AdminUsers::Error::CannotDropOwnAdmin:
        return http::error(422, QStringLiteral("cannot_drop_own_admin"),
            QStringLiteral("You cannot take the admin role from yourself."));
    case AdminUsers::Error::NotFound:
        return noSuchPerson();
    case AdminUsers::Error::StandIn:
        return standInAccount();
    case AdminUsers::Error::UnknownRole: // checkStoredRoles answered already
    case AdminUsers::Error::CannotDisableSelf:
    case AdminUsers::Error::Internal:
        break;
    }
    return http::internalError();
}

} // namespace tessera::server
