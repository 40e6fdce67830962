#include "pass/passrepository.h"

#include "crypto/randomtokens.h"
#include "protocol/passkeys.h"
#include "protocol/wiretime.h"
#include "storage/secretsatrest.h"
#include "storage/secretseal.h"
#include "storage/sqlhelpers.h"

#include <QJsonDocument>
#include <QSqlQuery>

namespace tessera::server {

namespace {

QString t(const QDateTime &time)
{
    return wiretime::format(time);
}

// The first column of a one-row answer as an int.
std::optional<int> count(QSqlDatabase &db, const QString &statement)
{
    QSqlQuery query(db);
    if (!sql::exec(query, statement) || !query.next())
        return std::nullopt;
    return query.value(0).toInt();
}

// Whether statement finds a row.
std::optional<bool> exists(QSqlDatabase &db, const QString &statement, const QVariantList &values)
{
    QSqlQuery query(db);
    if (!sql::exec(query, statement, values))
        return std::nullopt;
    return query.next();
}

} // namespace

PassRepository::PassRepository(QSqlDatabase &db)
    : m_db(db)
{ }

QString PassRepository::compact(const QJsonObject &object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

// --- issuer keys ---

std::optional<int> PassRepository::issuerKeyCount()
{
    return count(m_db, QStringLiteral("SELECT COUNT(*) FROM issuer_keys"));
}

bool PassRepository::insertIssuerKey(const SecretSeal &seal, const QDateTime &now, QString *keyId)
{
    const pass::KeyPair pair = pass::generateKeyPair();
    if (!pair.isValid())
        return false;
    *keyId = randomtokens::urlSafe(QStringLiteral("k"), 6); // 9 characters
    QSqlQuery query(m_db);
    return sql::exec(query,
        QStringLiteral("INSERT INTO issuer_keys (id, public_key, secret_key, not_before,"
                       " created_at) VALUES (?, ?, ?, ?, ?)"),
        { *keyId, QString::fromLatin1(pair.publicKey.toBase64()),
            seal.seal(pair.secretKey, issuerSecretKeyContext(*keyId)), t(now), t(now) });
}

bool PassRepository::signingKey(QString *keyId, QString *sealedSecretKey)
{
    QSqlQuery query(m_db);
    if (!sql::exec(query,
            QStringLiteral("SELECT id, secret_key FROM issuer_keys WHERE not_after IS NULL"
                           " ORDER BY not_before DESC LIMIT 1"))
        || !query.next())
        return false;
    *keyId = query.value(0).toString();
    *sealedSecretKey = query.value(1).toString();
    return true;
}

std::optional<QList<pass::IssuerKey>> PassRepository::keysNotRetiredBefore(const QDateTime &since)
{
    QSqlQuery query(m_db);
    if (!sql::exec(query,
            QStringLiteral("SELECT id, public_key, not_before, not_after FROM issuer_keys WHERE"
                           " not_after IS NULL OR not_after > ? ORDER BY not_before"),
            { t(since) }))
        return std::nullopt;
    QList<pass::IssuerKey> keys;
    while (query.next()) {
        pass::IssuerKey key;
        key.keyId = query.value(0).toString();
        key.publicKey = QByteArray::fromBase64(query.value(1).toString().toLatin1());
        key.notBefore =
            wiretime::parse(query.value(2).toString()).value_or(QDateTime()).toSecsSinceEpoch();
        if (!query.value(3).isNull())
            key.notAfter =
                wiretime::parse(query.value(3).toString()).value_or(QDateTime()).toSecsSinceEpoch();
        keys.append(key);
    }
    return keys;
}

std::optional<QList<std::pair<QString, QString>>> PassRepository::currentIssuerKeys()
{
    QSqlQuery query(m_db);
    if (!sql::exec(query,
            QStringLiteral("SELECT id, not_before FROM issuer_keys WHERE not_after IS NULL")))
        return std::nullopt;
    QList<std::pair<QString, QString>> current;
    while (query.next())
        current.append({ query.value(0).toString(), query.value(1).toString() });
    return current;
}

bool PassRepository::retireIssuerKey(const QString &keyId, const QDateTime &notAfter)
{
    QSqlQuery query(m_db);
    return sql::exec(query, QStringLiteral("UPDATE issuer_keys SET not_after = ? WHERE id = ?"),
        { t(notAfter), keyId });
}

// --- people, devices, passes ---

bool PassRepository::deviceHolder(
    const QString &userId, const QString &deviceId, std::optional<DeviceHolder> *holder)
{
    QSqlQuery query(m_db);
    if (!sql::exec(query,
            QStringLiteral("SELECT d.public_key, u.display_name, u.user_type FROM devices d JOIN"
                           " users u ON u.id = d.user_id WHERE d.user_id = ? AND d.id = ?"),
            { userId, deviceId }))
        return false;
    holder->reset();
    if (query.next()) {
        *holder = DeviceHolder { query.value(0).isNull()
                ? std::nullopt
                : std::optional<QString>(query.value(0).toString()),
            query.value(1).toString(), query.value(2).toString() };
    }
    return true;
}

std::optional<bool> PassRepository::personExists(const QString &userId)
{
    return exists(m_db, QStringLiteral("SELECT 1 FROM users WHERE id = ?"), { userId });
}

std::optional<bool> PassRepository::standIn(const QString &userId)
{
    return exists(
        m_db, QStringLiteral("SELECT 1 FROM users WHERE id = ? AND stand_in = 1"), { userId });
}

std::optional<bool> PassRepository::deviceExists(const QString &userId, const QString &deviceId)
{
    return exists(m_db, QStringLiteral("SELECT 1 FROM devices WHERE user_id = ? AND id = ?"),
        { userId, deviceId });
}

std::optional<bool> PassRepository::passExists(const QString &passId)
{
    return exists(m_db, QStringLiteral("SELECT 1 FROM passes WHERE id = ?"), { passId });
}

std::optional<QList<pass::StatusClaim>> PassRepository::liveStatuses(
    const QString &userId, const QDateTime &now)
{
    QSqlQuery query(m_db);
    if (!sql::exec(query,
            QStringLiteral("SELECT s.claim, s.value, s.until FROM user_statuses s WHERE"
                           " s.user_id = ? AND (s.until IS NULL OR s.until > ?) ORDER BY s.claim"
                           " LIMIT 8"),
            { userId, t(now) }))
        return std::nullopt;
    QList<pass::StatusClaim> statuses;
    while (query.next()) {
        pass::StatusClaim status { query.value(0).toString(), query.value(1).toString(), {} };
        if (!query.value(2).isNull()) {
            const auto until = wiretime::parse(query.value(2).toString());
            if (until)
                status.until = until->toSecsSinceEpoch();
        }
        statuses.append(status);
    }
    return statuses;
}

bool PassRepository::recordPass(const pass::PassClaims &claims, const QString &deviceId,
    const QString &devicePublicKey, const QDateTime &issuedAt, bool *recorded)
{
    const QDateTime expires = QDateTime::fromSecsSinceEpoch(claims.expiresAt, Qt::UTC);
    QSqlQuery query(m_db);
    if (!sql::exec(query,
            QStringLiteral("INSERT INTO passes (id, user_id, device_id, issuer_key_id, issued_at,"
                           " expires_at, device_public_key) SELECT ?, ?, ?, ?, ?, ?, ? WHERE"
                           " EXISTS (SELECT 1 FROM devices d JOIN users u ON u.id = d.user_id"
                           " WHERE d.user_id = ? AND d.id = ? AND d.public_key = ? AND"
                           " u.disabled = 0 AND EXISTS (SELECT 1 FROM access_tokens a WHERE"
                           " a.user_id = d.user_id AND a.device_id = d.id AND"
                           " a.revoked_at IS NULL))"),
            { claims.passId, claims.subject, deviceId, claims.issuerKeyId, t(issuedAt), t(expires),
                devicePublicKey, claims.subject, deviceId, devicePublicKey }))
        return false;
    *recorded = query.numRowsAffected() == 1;
    return true;
}

bool PassRepository::putStatus(const QString &userId, const QString &claim, const QString &value,
    const std::optional<QDateTime> &until, const QString &setBy, const QDateTime &now)
{
    QSqlQuery query(m_db);
    return sql::exec(query,
        QStringLiteral("INSERT INTO user_statuses (user_id, claim, value, until, set_by, set_at)"
                       " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (user_id, claim) DO UPDATE SET"
                       " value = excluded.value, until = excluded.until, set_by = excluded.set_by,"
                       " set_at = excluded.set_at"),
        { userId, claim, value, until ? QVariant(t(*until)) : sql::nullText(), setBy, t(now) });
}

// --- check processes ---

std::optional<int> PassRepository::checkProcessCount()
{
    return count(m_db, QStringLiteral("SELECT COUNT(*) FROM check_processes"));
}

bool PassRepository::insertCheckProcess(
    const QString &name, const QJsonObject &definition, const QDateTime &now)
{
    QSqlQuery query(m_db);
    return sql::exec(query,
        QStringLiteral("INSERT INTO check_processes (name, definition, updated_at)"
                       " VALUES (?, ?, ?)"),
        { name, compact(definition), t(now) });
}

bool PassRepository::putCheckProcess(
    const QString &name, const QJsonObject &definition, const QDateTime &now)
{
    QSqlQuery query(m_db);
    return sql::exec(query,
        QStringLiteral("INSERT INTO check_processes (name, definition, updated_at) VALUES (?, ?, ?)"
                       " ON CONFLICT (name) DO UPDATE SET definition = excluded.definition,"
                       " updated_at = excluded.updated_at"),
        { name, compact(definition), t(now) });
}

std::optional<QList<QJsonObject>> PassRepository::checkProcesses()
{
    QSqlQuery query(m_db);
    if (!sql::exec(query, QStringLiteral("SELECT definition FROM check_processes ORDER BY name")))
        return std::nullopt;
    QList<QJsonObject> processes;
    while (query.next())
        processes.append(QJsonDocument::fromJson(query.value(0).toString().toUtf8()).object());
    return processes;
}

// --- the revocation list ---

std::optional<QList<PassRepository::Revoked>> PassRepository::revocationsAfter(
    qint64 since, const QDateTime &now, int limit)
{
    QSqlQuery query(m_db);
    if (!sql::exec(query,
            QStringLiteral("SELECT id, pass_id, expires_at FROM revocations WHERE id > ? AND"
                           " expires_at > ? ORDER BY id LIMIT ")
                + QString::number(limit),
            { since, t(now) }))
        return std::nullopt;
    QList<Revoked> revoked;
    while (query.next()) {
        revoked.append(Revoked {
            query.value(0).toLongLong(), query.value(1).toString(), query.value(2).toString() });
    }
    return revoked;
}

std::optional<qint64> PassRepository::lastRevocationId()
{
    QSqlQuery query(m_db);
    if (!sql::exec(query, QStringLiteral("SELECT MAX(id) FROM revocations")) || !query.next())
        return std::nullopt;
    return query.value(0).toLongLong();
}

bool PassRepository::deleteRevocationsExpiredBefore(const QDateTime &before)
{
    QSqlQuery query(m_db);
    return sql::exec(
        query, QStringLiteral("DELETE FROM revocations WHERE expires_at < ?"), { t(before) });
}

// --- scan records ---

bool PassRepository::insertScanRecord(const ScanRow &scan, const QString &scannerUserId,
    const QString &scannerDeviceId, const QDateTime &receivedAt, bool *inserted)
{
    QSqlQuery query(m_db);
    if (!sql::exec(query,
            QStringLiteral("INSERT INTO scan_records (id, scanner_user_id, scanner_device_id,"
                           " pass_id, process, verdict, reason, scanned_at, received_at)"
                           " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING"),
            { scan.id, scannerUserId, scannerDeviceId, sql::textOrNull(scan.passId), scan.process,
                scan.verdict, scan.reason, t(scan.scannedAt), t(receivedAt) }))
        return false;
    *inserted = query.numRowsAffected() == 1;
    return true;
}

bool PassRepository::deleteScanRecordsReceivedBefore(const QDateTime &before)
{
    QSqlQuery query(m_db);
    return sql::exec(
        query, QStringLiteral("DELETE FROM scan_records WHERE received_at < ?"), { t(before) });
}

} // namespace tessera::server
