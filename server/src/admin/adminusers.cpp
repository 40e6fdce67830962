#include "admin/adminusers.h"

#include "base/clock.h"
#include "base/serverlogging.h"
#include "crypto/passwordhasher.h"
#include "crypto/randomtokens.h"
#include "http/personroles.h"
#include "pass/passrevoker.h"
#include "storage/auditlog.h"
#include "storage/sqlhelpers.h"
#include "storage/storage.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>

#include <algorithm>

namespace tessera::server {

AdminUsers::AdminUsers(Storage &storage, const Clock &clock, const PasswordHasher &hasher)
    : m_storage(storage)
    , m_clock(clock)
    , m_hasher(hasher)
    , m_lockout(clock)
{ }

AdminUsers::Result AdminUsers::failure(Error error)
{
    Result result;
    result.error = error;
    return result;
}

AdminUsers::Error AdminUsers::changeable(QSqlDatabase &db, const QString &userId)
{
    QSqlQuery query(db);
    if (!sql::exec(query, QStringLiteral("SELECT stand_in FROM users WHERE id = ?"), { userId }))
        return Error::Internal;
    if (!query.next())
        return Error::NotFound;
    return query.value(0).toInt() != 0 ? Error::StandIn : Error::None;
}

AdminUsers::Result AdminUsers::createLocalUser(
    const QString &actor, const AccountRepository::NewLocalUser &user) const
{
    if (!std::all_of(user.roles.cbegin(), user.roles.cend(), &personroles::isGranted))
        return failure(Error::UnknownRole);
    Result result;
    result.temporaryPassword = randomtokens::password();
    const std::optional<QString> hash = m_hasher.hash(result.temporaryPassword);
    if (!hash)
        return failure(Error::Internal);
    const QDateTime created = m_clock.now();
    result.temporaryPasswordExpiresAt = created.addSecs(temporaryPasswordHours * 3600);
    QSqlDatabase db = m_storage.connection();
    {
        sql::Transaction transaction(db);
        if (!transaction.isActive())
            return failure(Error::Internal);
        AccountRepository accounts(db);
        for (int attempt = 0; attempt < 20 && result.userId.isEmpty(); ++attempt) {
            const QString candidate = QStringLiteral("L") + randomtokens::digits(7);
            const std::optional<bool> taken = accounts.idTaken(candidate);
            if (!taken)
                return failure(Error::Internal);
            if (!*taken)
                result.userId = candidate;
        }
        if (result.userId.isEmpty()
            || !accounts.insertLocalUser(
                result.userId, user, *hash, result.temporaryPasswordExpiresAt, created))
            return failure(Error::Internal);
        writeAudit(db, m_clock.now(), actor, QStringLiteral("create_local_user"), result.userId,
            QString::fromUtf8(QJsonDocument(
                QJsonObject { { QStringLiteral("roles"), QJsonArray::fromStringList(user.roles) },
                    { QStringLiteral("userType"), user.userType } })
                                  .toJson(QJsonDocument::Compact)));
        if (!transaction.commit())
            return failure(Error::Internal);
    }
    qCInfo(lcServer) << "local ID" << result.userId << "created by" << actor;
    return result;
}

AdminUsers::Result AdminUsers::setDisabled(
    const QString &actor, const QString &userId, bool disabled) const
{
    if (disabled && userId == actor)
        return failure(Error::CannotDisableSelf);
    QSqlDatabase db = m_storage.connection();
    sql::Transaction transaction(db);
    if (!transaction.isActive())
        return failure(Error::Internal);
    if (const Error refused = changeable(db, userId); refused != Error::None)
        return failure(refused);
    const int changed = AccountRepository(db).setDisabled(userId, disabled, m_clock.now());
    if (changed < 0)
        return failure(Error::Internal);
    if (changed != 1)
        return failure(Error::NotFound);
    // A disabled account loses every session and pass at once (scanners deny its codes).
    if (disabled && !PassRevoker(db, m_clock.now()).personDisabled(userId, actor))
        return failure(Error::Internal);
    writeAudit(db, m_clock.now(), actor,
        disabled ? QStringLiteral("disable_user") : QStringLiteral("enable_user"), userId, {});
    if (!transaction.commit())
        return failure(Error::Internal);
    Result result;
    result.userId = userId;
    return result;
}

AdminUsers::Result AdminUsers::resetLocalPassword(const QString &actor, const QString &userId) const
{
    Result result;
    result.userId = userId;
    result.temporaryPassword = randomtokens::password();
    const std::optional<QString> hash = m_hasher.hash(result.temporaryPassword);
    if (!hash)
        return failure(Error::Internal);
    result.temporaryPasswordExpiresAt = m_clock.now().addSecs(temporaryPasswordHours * 3600);
    QSqlDatabase db = m_storage.connection();
    sql::Transaction transaction(db);
    if (!transaction.isActive())
        return failure(Error::Internal);
    if (const Error refused = changeable(db, userId); refused != Error::None)
        return failure(refused);
    const int changed = AccountRepository(db).setTemporaryPassword(
        userId, *hash, result.temporaryPasswordExpiresAt, m_clock.now());
    if (changed < 0)
        return failure(Error::Internal);
    if (changed != 1)
        return failure(Error::NotFound);
    // The old password's sessions end with it, and the passes they fetched.
    if (!PassRevoker(db, m_clock.now()).passwordReset(userId, actor))
        return failure(Error::Internal);
    m_lockout.clear(db, userId.toLower());
    writeAudit(db, m_clock.now(), actor, QStringLiteral("reset_password"), userId, {});
    if (!transaction.commit())
        return failure(Error::Internal);
    return result;
}

AdminUsers::Result AdminUsers::setRoles(
    const QString &actor, const QString &userId, const QStringList &roles) const
{
    // The database holds any role name: which ones exist is decided here.
    if (!std::all_of(roles.cbegin(), roles.cend(), &personroles::isGranted))
        return failure(Error::UnknownRole);
    if (userId == actor && !roles.contains(QStringLiteral("admin")))
        return failure(Error::CannotDropOwnAdmin);
    QSqlDatabase db = m_storage.connection();
    sql::Transaction transaction(db);
    if (!transaction.isActive())
        return failure(Error::Internal);
    AccountRepository accounts(db);
    if (const Error refused = changeable(db, userId); refused != Error::None)
        return failure(refused);
    if (!accounts.replaceRoles(userId, roles))
        return failure(Error::Internal);
    writeAudit(db, m_clock.now(), actor, QStringLiteral("set_roles"), userId,
        roles.join(QLatin1Char(',')));
    if (!transaction.commit())
        return failure(Error::Internal);
    Result result;
    result.userId = userId;
    result.user = accounts.byId(userId);
    if (!result.user)
        return failure(Error::Internal);
    return result;
}

} // namespace tessera::server
