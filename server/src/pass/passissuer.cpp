#include "pass/passissuer.h"

#include "base/clock.h"
#include "base/serverlogging.h"
#include "crypto/randomtokens.h"
#include "pass/defaultcheckprocesses.h"
#include "pass/passrepository.h"
#include "pass/passrevoker.h"
#include "protocol/passcodec.h"
#include "protocol/passkeys.h"
#include "protocol/wiretime.h"
#include "storage/auditlog.h"
#include "storage/secretsatrest.h"
#include "storage/secretseal.h"
#include "storage/sqlhelpers.h"
#include "storage/storage.h"

namespace tessera::server {

PassIssuer::PassIssuer(Storage &storage, const Clock &clock, const SecretSeal &seal)
    : m_storage(storage)
    , m_clock(clock)
    , m_seal(seal)
{ }

bool PassIssuer::ensureDefaults(QString *error)
{
    if (!pass::ensureSodium()) {
        *error = QStringLiteral("libsodium cannot be used");
        return false;
    }
    QSqlDatabase db = m_storage.connection();
    sql::Transaction transaction(db);
    PassRepository repository(db);
    const std::optional<int> keys =
        transaction.isActive() ? repository.issuerKeyCount() : std::nullopt;
    if (!keys) {
        *error = QStringLiteral("cannot read the issuer keys");
        return false;
    }
    const QDateTime now = m_clock.now();
    if (*keys == 0) {
        QString keyId;
        if (!repository.insertIssuerKey(m_seal, now, &keyId)) {
            *error = QStringLiteral("cannot make the pass issuer key");
            return false;
        }
        qCInfo(lcServer) << "made the pass issuer key" << keyId;
    }
    const std::optional<int> processes = repository.checkProcessCount();
    if (!processes) {
        *error = QStringLiteral("cannot read the check processes");
        return false;
    }
    if (*processes == 0) {
        for (const QJsonObject &process : defaultCheckProcesses()) {
            if (!repository.insertCheckProcess(
                    process.value(QStringLiteral("name")).toString(), process, now)) {
                *error = QStringLiteral("cannot store the default check processes");
                return false;
            }
        }
    }
    if (!transaction.commit()) {
        *error = QStringLiteral("cannot store the pass defaults");
        return false;
    }
    return true;
}

QString PassIssuer::initialsOf(const QString &displayName, const QString &fallback)
{
    const QStringList words = displayName.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    QString initials;
    const auto firstLetter = [](const QString &word) {
        for (const QChar c : word) {
            if (c.isLetter())
                return QString(c.toUpper());
        }
        return QString();
    };
    if (!words.isEmpty())
        initials += firstLetter(words.first());
    if (words.size() > 1)
        initials += firstLetter(words.last());
    if (initials.isEmpty())
        initials = firstLetter(fallback);
    return initials.isEmpty() ? QStringLiteral("X") : initials;
}

PassResult<PassIssuer::IssuedPass> PassIssuer::issue(const QString &userId, const QString &deviceId)
{
    QSqlDatabase db = m_storage.connection();
    PassRepository repository(db);
    std::optional<PassRepository::DeviceHolder> holder;
    if (!repository.deviceHolder(userId, deviceId, &holder))
        return PassError::DatabaseRefused;
    if (!holder || !holder->devicePublicKey)
        return PassError::DeviceKeyRequired;
    const QString devicePublicKeyText = *holder->devicePublicKey;

    QString keyId;
    QString sealedSecretKey;
    if (!repository.signingKey(&keyId, &sealedSecretKey))
        return PassError::DatabaseRefused;
    const std::optional<QByteArray> secretKey =
        m_seal.open(sealedSecretKey, issuerSecretKeyContext(keyId));
    if (!secretKey) {
        qCCritical(lcServer) << "the pass issuer key" << keyId
                             << "does not open with the secrets key";
        return PassError::DatabaseRefused;
    }

    const QDateTime now = m_clock.now();
    pass::PassClaims claims;
    claims.issuerKeyId = keyId;
    claims.passId = randomtokens::urlSafe(QStringLiteral("p"), 12);
    claims.subject = userId;
    claims.initials = initialsOf(holder->displayName, userId);
    claims.userType = holder->userType == QStringLiteral("employee") ? pass::UserType::Employee
                                                                     : pass::UserType::NonEmployee;
    claims.issuedAt = now.toSecsSinceEpoch();
    claims.expiresAt = claims.issuedAt + passLifetimeSeconds;
    claims.devicePublicKey = QByteArray::fromBase64(devicePublicKeyText.toLatin1());
    // Statuses read and pass recorded under the person's lock: a revocation (PassRevoker) either
    // sees this pass or is seen by it.
    sql::Transaction transaction(db);
    if (!transaction.isActive() || !PassRevoker::lockPerson(db, userId))
        return PassError::DatabaseRefused;
    const std::optional<QList<pass::StatusClaim>> statuses = repository.liveStatuses(userId, now);
    if (!statuses)
        return PassError::DatabaseRefused;
    claims.statuses = *statuses;
    QString error;
    const std::optional<QByteArray> signedPass = pass::issuePass(claims, *secretKey, &error);
    if (!signedPass) {
        qCWarning(lcServer).noquote() << "cannot issue a pass for" << userId << ":" << error;
        return PassError::DatabaseRefused;
    }
    // Recorded only while the device still has the key the pass binds, a live session and an
    // enabled account: a sign-in with another key, a sign-out, a reset or a disable meanwhile
    // revoked the passes it could see, and this one must not slip in after it.
    bool recorded = false;
    if (!repository.recordPass(claims, deviceId, devicePublicKeyText, now, &recorded))
        return PassError::DatabaseRefused;
    if (!recorded)
        return PassError::SessionEnded;
    if (!transaction.commit())
        return PassError::DatabaseRefused;
    return IssuedPass { *signedPass, claims };
}

PassResult<QString> PassIssuer::rotateIssuerKey(const QString &actor)
{
    QSqlDatabase db = m_storage.connection();
    sql::Transaction transaction(db);
    PassRepository repository(db);
    const QDateTime now = m_clock.now();
    const auto current = transaction.isActive()
        ? repository.currentIssuerKeys()
        : std::optional<QList<std::pair<QString, QString>>>();
    if (!current)
        return PassError::DatabaseRefused;
    for (const auto &[id, notBefore] : std::as_const(*current)) {
        // The old key's window ends after this second (issuedAt has whole seconds, and the
        // bound is exclusive: passes it signed in this second stay valid), never empty.
        const QDateTime start = wiretime::parse(notBefore).value_or(now);
        const QDateTime end = std::max(now.addSecs(1), start.addSecs(1));
        if (!repository.retireIssuerKey(id, end))
            return PassError::DatabaseRefused;
    }
    QString keyId;
    if (!repository.insertIssuerKey(m_seal, now, &keyId))
        return PassError::DatabaseRefused;
    writeAudit(db, m_clock.now(), actor, QStringLiteral("rotate_issuer_key"), keyId, {});
    if (!transaction.commit())
        return PassError::DatabaseRefused;
    qCInfo(lcServer) << "pass issuer key rotated to" << keyId;
    return keyId;
}

} // namespace tessera::server
