#include "identity/sessionissuer.h"

#include "base/clock.h"
#include "base/serverlogging.h"
#include "crypto/randomtokens.h"
#include "identity/devicerepository.h"
#include "identity/tokenrepository.h"
#include "pass/revocation.h"
#include "protocol/wiretime.h"
#include "storage/auditlog.h"
#include "storage/sqlhelpers.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace tessera::server {

SessionIssuer::SessionIssuer(const Clock &clock)
    : m_clock(clock)
{ }

AuthResult SessionIssuer::issue(
    QSqlDatabase &db, const UserAccount &user, const SignInDevice &device) const
{
    const QDateTime issued = m_clock.now();
    SessionTokens tokens;
    tokens.accessToken = randomtokens::urlSafe(accessTokenPrefix, 32);
    tokens.refreshToken = randomtokens::urlSafe(refreshTokenPrefix, 32);
    tokens.accessTokenExpiresAt = wiretime::format(issued.addSecs(accessTokenSeconds));
    tokens.refreshTokenExpiresAt = wiretime::format(issued.addDays(refreshFamilyDays));
    const QString family = randomtokens::urlSafe(QStringLiteral("fam_"), 12);
    {
        sql::Transaction transaction(db);
        TokenRepository tokenRows(db);
        const bool ok = transaction.isActive() && revokePassesOfOldKey(db, user, device, issued)
            && DeviceRepository(db).upsert(user.id, device, issued)
            && revokeTokens(db, issued, TokenScope::device(user.id, device.id))
            && tokenRows.insertAccess(randomtokens::sha256Hex(tokens.accessToken), user.id,
                device.id, family, issued, tokens.accessTokenExpiresAt)
            && tokenRows.insertRefresh(randomtokens::sha256Hex(tokens.refreshToken), family,
                user.id, device.id, issued, tokens.refreshTokenExpiresAt)
            && transaction.commit();
        if (!ok)
            return AuthResult::failure(AuthError::Internal);
    }
    qCInfo(lcServer) << "signed in:" << user.id << "on device" << device.id;
    AuthResult result;
    result.userId = user.id;
    result.deviceId = device.id;
    result.user = user;
    result.tokens = tokens;
    // The device's earlier session (if any) was ended above: its streams close and its push
    // subscription goes (a new device key, a sign-in again); the app registers again.
    result.ended = EndedSessions { user.id, device.id };
    return result;
}

bool SessionIssuer::end(QSqlDatabase &db, const QString &userId, const QString &deviceId) const
{
    return revokeTokens(db, m_clock.now(), TokenScope::device(userId, deviceId));
}

bool SessionIssuer::revokePassesOfOldKey(QSqlDatabase &db, const UserAccount &user,
    const SignInDevice &device, const QDateTime &at) const
{
    if (device.publicKey.isEmpty())
        return true; // the device keeps the key it has (docs/PASS_FORMAT.md, "Device key")
    const std::optional<QString> previous = DeviceRepository(db).publicKey(user.id, device.id);
    if (!previous)
        return false;
    if (previous->isEmpty())
        return true; // a new device, or its first key: no pass can bind to an older one
    if (QByteArray::fromBase64(previous->toLatin1())
        == QByteArray::fromBase64(device.publicKey.toLatin1()))
        return true;
    // Passes recorded before their key was (migration 6) were bound to an older key too.
    const int revoked = revokePasses(db, at,
        QStringLiteral("user_id = ? AND device_id = ? AND (device_public_key IS NULL OR "
                       "device_public_key <> ?)"),
        { user.id, device.id, device.publicKey });
    if (revoked < 0)
        return false;
    if (revoked > 0) {
        writeAudit(db, at, QStringLiteral("system"), QStringLiteral("revoke_passes_of_old_key"),
            user.id,
            QString::fromUtf8(QJsonDocument(QJsonObject { { QStringLiteral("device"), device.id },
                                                { QStringLiteral("passes"), revoked } })
                                  .toJson(QJsonDocument::Compact)));
        qCInfo(lcServer) << "new device key for" << user.id << "on device" << device.id
                         << ": revoked" << revoked << "passes of the old key";
    }
    return true;
}

} // namespace tessera::server
