#pragma once

#include "protocol/passclaims.h"
#include "protocol/trustlist.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QSqlDatabase>
#include <QString>

#include <optional>
#include <utility>

namespace tessera::server {

class SecretSeal;

// The pass feature's SQL: issuer keys, passes, people's statuses, check processes, the
// revocation list's pages and scan records (revocation.h writes the revocations). Runs on db
// in the caller's transaction, if any; false or nullopt means the database refused (the
// driver's message is logged under tessera.storage).
class PassRepository
{
public:
    explicit PassRepository(QSqlDatabase &db);

    // A JSON object as the pass tables and the audit log store it: compact.
    static QString compact(const QJsonObject &object);

    // --- issuer keys ---
    std::optional<int> issuerKeyCount();
    // Makes a key pair and stores it with its secret half sealed; keyId is the new key's id.
    bool insertIssuerKey(const SecretSeal &seal, const QDateTime &now, QString *keyId);
    // The key that signs new passes: its id and its sealed secret half. false also when none.
    bool signingKey(QString *keyId, QString *sealedSecretKey);
    // The keys not retired before since, oldest first.
    std::optional<QList<pass::IssuerKey>> keysNotRetiredBefore(const QDateTime &since);
    // The keys not retired yet: id and not_before.
    std::optional<QList<std::pair<QString, QString>>> currentIssuerKeys();
    bool retireIssuerKey(const QString &keyId, const QDateTime &notAfter);

    // --- people, devices, passes ---
    struct DeviceHolder
    {
        std::optional<QString> devicePublicKey; // base64; none when the device has no pass key
        QString displayName;
        QString userType;
    };
    // The device of userId and who holds it; holder stays empty when there is no such device.
    bool deviceHolder(
        const QString &userId, const QString &deviceId, std::optional<DeviceHolder> *holder);
    std::optional<bool> personExists(const QString &userId);
    // Whether userId is an erased person's stand-in account (users.stand_in).
    std::optional<bool> standIn(const QString &userId);
    std::optional<bool> deviceExists(const QString &userId, const QString &deviceId);
    std::optional<bool> passExists(const QString &passId);
    // The statuses of userId that still hold at now (at most 8, by claim).
    std::optional<QList<pass::StatusClaim>> liveStatuses(
        const QString &userId, const QDateTime &now);
    // Records the pass only while the device still has the key it binds, a live session and an
    // enabled account; recorded says whether it was.
    bool recordPass(const pass::PassClaims &claims, const QString &deviceId,
        const QString &devicePublicKey, const QDateTime &issuedAt, bool *recorded);
    bool putStatus(const QString &userId, const QString &claim, const QString &value,
        const std::optional<QDateTime> &until, const QString &setBy, const QDateTime &now);

    // --- check processes ---
    std::optional<int> checkProcessCount();
    bool insertCheckProcess(
        const QString &name, const QJsonObject &definition, const QDateTime &now);
    // Inserts or replaces the process named name.
    bool putCheckProcess(const QString &name, const QJsonObject &definition, const QDateTime &now);
    std::optional<QList<QJsonObject>> checkProcesses();

    // --- the revocation list ---
    struct Revoked
    {
        qint64 id = 0;
        QString passId;
        QString expiresAt;
    };
    // Up to limit revocations after since of passes not expired at now, in order.
    std::optional<QList<Revoked>> revocationsAfter(qint64 since, const QDateTime &now, int limit);
    std::optional<qint64> lastRevocationId();
    bool deleteRevocationsExpiredBefore(const QDateTime &before);

    // --- scan records ---
    struct ScanRow
    {
        QString id, passId, process, verdict, reason;
        QDateTime scannedAt;
    };
    // Stores a scan record unless one with its id exists; inserted says whether it did.
    bool insertScanRecord(const ScanRow &scan, const QString &scannerUserId,
        const QString &scannerDeviceId, const QDateTime &receivedAt, bool *inserted);
    bool deleteScanRecordsReceivedBefore(const QDateTime &before);

private:
    QSqlDatabase &m_db;
};

} // namespace tessera::server
