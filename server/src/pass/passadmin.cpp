#include "pass/passadmin.h"

#include "base/clock.h"
#include "base/serverlogging.h"
#include "pass/passrepository.h"
#include "pass/passrevoker.h"
#include "pass/revocation.h"
#include "storage/auditlog.h"
#include "storage/sqlhelpers.h"
#include "storage/storage.h"

#include <QJsonObject>

namespace tessera::server {

PassAdmin::PassAdmin(Storage &storage, const Clock &clock)
    : m_storage(storage)
    , m_clock(clock)
{ }

PassOutcome PassAdmin::revokePass(const QString &passId, const QString &actor)
{
    QSqlDatabase db = m_storage.connection();
    sql::Transaction transaction(db);
    const std::optional<bool> exists =
        transaction.isActive() ? PassRepository(db).passExists(passId) : std::nullopt;
    if (!exists)
        return PassError::DatabaseRefused;
    if (!*exists)
        return PassError::NotFound;
    if (revokePasses(db, m_clock.now(), QStringLiteral("id = ?"), { passId }) < 0)
        return PassError::DatabaseRefused;
    writeAudit(db, m_clock.now(), actor, QStringLiteral("revoke_pass"), passId, {});
    if (!transaction.commit())
        return PassError::DatabaseRefused;
    qCInfo(lcServer) << "pass" << passId << "revoked by" << actor;
    return PassDone {};
}

PassOutcome PassAdmin::revokeDevice(
    const QString &userId, const QString &deviceId, const QString &actor)
{
    QSqlDatabase db = m_storage.connection();
    sql::Transaction transaction(db);
    const QDateTime now = m_clock.now();
    const std::optional<bool> exists =
        transaction.isActive() ? PassRepository(db).deviceExists(userId, deviceId) : std::nullopt;
    if (!exists)
        return PassError::DatabaseRefused;
    if (!*exists)
        return PassError::NotFound;
    const bool ok = revokeTokens(db, now, TokenScope::device(userId, deviceId))
        && revokePasses(
               db, now, QStringLiteral("user_id = ? AND device_id = ?"), { userId, deviceId })
            >= 0;
    if (!ok)
        return PassError::DatabaseRefused;
    writeAudit(db, m_clock.now(), actor, QStringLiteral("revoke_device"), userId, deviceId);
    if (!transaction.commit())
        return PassError::DatabaseRefused;
    return PassDone {};
}

PassResult<int> PassAdmin::setStatus(const QString &userId, const QString &claim,
    const QString &value, const std::optional<QDateTime> &until, const QString &actor)
{
    QSqlDatabase db = m_storage.connection();
    sql::Transaction transaction(db);
    PassRepository repository(db);
    const std::optional<bool> exists =
        transaction.isActive() ? repository.personExists(userId) : std::nullopt;
    if (!exists)
        return PassError::DatabaseRefused;
    if (!*exists)
        return PassError::NotFound;
    const std::optional<bool> standIn = repository.standIn(userId);
    if (!standIn)
        return PassError::DatabaseRefused;
    if (*standIn)
        return PassError::StandIn;
    const int revoked = putStatusIn(db, m_clock.now(), userId, claim, value, until, actor);
    if (revoked < 0)
        return PassError::DatabaseRefused;
    writeAudit(db, m_clock.now(), actor, QStringLiteral("set_status"), userId,
        PassRepository::compact(QJsonObject {
            { QStringLiteral("claim"), claim }, { QStringLiteral("value"), value } }));
    if (!transaction.commit())
        return PassError::DatabaseRefused;
    return revoked;
}

int PassAdmin::putStatusIn(QSqlDatabase &db, const QDateTime &now, const QString &userId,
    const QString &claim, const QString &value, const std::optional<QDateTime> &until,
    const QString &actor)
{
    if (!PassRevoker::lockPerson(db, userId))
        return -1;
    // A stricter status ends the passes that carry the old one (PassRevoker): asked before the
    // new value is stored.
    const int revoked =
        PassRevoker(db, now).revokeIfStatusRestricts(userId, claim, value, until, actor);
    if (revoked < 0 || !PassRepository(db).putStatus(userId, claim, value, until, actor, now))
        return -1;
    return revoked;
}

PassOutcome PassAdmin::putCheckProcess(const pass::CheckProcess &process, const QString &actor)
{
    QSqlDatabase db = m_storage.connection();
    sql::Transaction transaction(db);
    const QJsonObject definition = process.toJson();
    if (!transaction.isActive()
        || !PassRepository(db).putCheckProcess(process.name, definition, m_clock.now()))
        return PassError::DatabaseRefused;
    writeAudit(db, m_clock.now(), actor, QStringLiteral("put_check_process"), process.name,
        PassRepository::compact(definition));
    if (!transaction.commit())
        return PassError::DatabaseRefused;
    return PassDone {};
}

PassResult<pass::CheckProcess> PassAdmin::setAttestationRequired(
    const QString &name, bool required, const QString &actor)
{
    QSqlDatabase db = m_storage.connection();
    sql::Transaction transaction(db);
    PassRepository repository(db);
    const std::optional<QList<QJsonObject>> stored =
        transaction.isActive() ? repository.checkProcesses() : std::nullopt;
    if (!stored)
        return PassError::DatabaseRefused;
    std::optional<pass::CheckProcess> process;
    for (const QJsonObject &definition : *stored) {
        if (definition.value(QStringLiteral("name")).toString() == name)
            process = pass::CheckProcess::fromJson(definition);
    }
    if (!process)
        return PassError::NotFound;
    process->needsAttestation = required;
    const QJsonObject definition = process->toJson();
    if (!repository.putCheckProcess(name, definition, m_clock.now()))
        return PassError::DatabaseRefused;
    writeAudit(db, m_clock.now(), actor, QStringLiteral("set_check_process_attestation"), name,
        required ? QStringLiteral("required") : QStringLiteral("not required"));
    if (!transaction.commit())
        return PassError::DatabaseRefused;
    return *process;
}

} // namespace tessera::server
