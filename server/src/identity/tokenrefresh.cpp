#include "identity/tokenrefresh.h"

#include "base/clock.h"
#include "base/serverlogging.h"
#include "crypto/randomtokens.h"
#include "identity/accountrepository.h"
#include "identity/directory.h"
#include "identity/sessionissuer.h"
#include "pass/passrevoker.h"
#include "pass/revocation.h"
#include "protocol/wiretime.h"
#include "storage/auditlog.h"
#include "storage/sqlhelpers.h"
#include "storage/storage.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace tessera::server {

TokenRefresh::TokenRefresh(
    Storage &storage, const Clock &clock, std::shared_ptr<const Directory> directory)
    : m_storage(storage)
    , m_clock(clock)
    , m_directory(std::move(directory))
{ }

AuthResult TokenRefresh::refresh(const QString &refreshToken) const
{
    const AuthResult sessionEnded = AuthResult::failure(AuthError::SessionEnded);
    if (!refreshToken.startsWith(refreshTokenPrefix))
        return sessionEnded;

    QSqlDatabase db = m_storage.connection();
    const QDateTime current = m_clock.now();
    const QString tokenHash = randomtokens::sha256Hex(refreshToken);
    TokenRepository tokens(db);
    std::optional<TokenRepository::Refresh> found;
    if (!tokens.refresh(tokenHash, &found))
        return AuthResult::failure(AuthError::Internal);
    if (!found)
        return sessionEnded;
    const TokenRepository::Refresh &token = *found;

    if (token.revoked) {
        // Revoked while its family lives on: a retry replaced this token (below), so whoever
        // presents it got it from the answer that retry called lost. Two holders: theft.
        const std::optional<qint64> live = tokens.liveRefreshCount(token.familyId);
        if (!live)
            return AuthResult::failure(AuthError::Internal);
        AuthResult result = sessionEnded;
        if (*live > 0) {
            qCWarning(lcServer) << "a refresh token replaced by a retry was presented: revoking"
                                   " family"
                                << token.familyId << "of" << token.userId << "on device"
                                << token.deviceId;
            revokeFamily(
                db, token, current, QStringLiteral("replaced refresh token presented"), &result);
        }
        return result;
    }
    // A lost answer (docs/IDENTITY.md): the same spent token again within the grace window may
    // replace its successor pair, if nobody has used that pair yet (checked when replacing it).
    const std::optional<QDateTime> spentAt = wiretime::parse(token.spentAt);
    const bool retry = token.spent && spentAt && !token.successorHash.isEmpty()
        && current < spentAt->addSecs(refreshRetrySeconds);
    if (token.spent && !retry) {
        qCWarning(lcServer) << "a spent refresh token was presented again: revoking family"
                            << token.familyId << "of" << token.userId << "on device"
                            << token.deviceId;
        AuthResult result = sessionEnded;
        revokeFamily(db, token, current, QStringLiteral("refresh token reuse"), &result);
        return result;
    }
    const auto expires = wiretime::parse(token.familyExpiresAt);
    if (!expires || *expires <= current)
        return sessionEnded;

    std::optional<UserAccount> user;
    AuthResult refusal = account(db, token, current, &user);
    if (!refusal.ok())
        return refusal;

    AuthResult result;
    result.tokens.accessToken = randomtokens::urlSafe(accessTokenPrefix, 32);
    result.tokens.refreshToken = randomtokens::urlSafe(refreshTokenPrefix, 32);
    result.tokens.accessTokenExpiresAt =
        wiretime::format(std::min(current.addSecs(SessionIssuer::accessTokenSeconds), *expires));
    result.tokens.refreshTokenExpiresAt = token.familyExpiresAt;
    const NewPair pair { randomtokens::sha256Hex(result.tokens.accessToken),
        randomtokens::sha256Hex(result.tokens.refreshToken), result.tokens.accessTokenExpiresAt };
    switch (rotate(db, token, tokenHash, retry, pair, current)) {
    case Rotation::Rotated:
        break;
    case Rotation::Error:
        return AuthResult::failure(AuthError::Internal);
    case Rotation::Reuse:
        if (retry)
            qCWarning(lcServer) << "a spent refresh token was presented again after its successor"
                                   " was used: revoking family"
                                << token.familyId << "of" << token.userId << "on device"
                                << token.deviceId;
        else
            qCWarning(lcServer) << "a refresh token was spent twice at once: revoking family"
                                << token.familyId;
        result = sessionEnded;
        revokeFamily(db, token, current, QStringLiteral("refresh token reuse"), &result);
        return result;
    }
    if (retry)
        qCInfo(lcServer) << "refresh retried within the grace window (answer lost): replaced the"
                            " unused successor pair of family"
                         << token.familyId << "of" << token.userId << "on device" << token.deviceId;
    result.userId = token.userId;
    result.deviceId = token.deviceId;
    result.user = *user;
    return result;
}

AuthResult TokenRefresh::account(QSqlDatabase &db, const TokenRepository::Refresh &token,
    const QDateTime &current, std::optional<UserAccount> *user) const
{
    AccountRepository accounts(db);
    *user = accounts.byId(token.userId);
    if (!*user || (*user)->disabled) {
        AuthResult result = AuthResult::failure(AuthError::SessionAccountDisabled);
        revokeFamily(db, token, current, QStringLiteral("account disabled"), &result);
        return result;
    }
    if ((*user)->kind != QStringLiteral("ad"))
        return {};
    // Leavers: every refresh asks the directory again.
    if (!m_directory)
        return AuthResult::failure(AuthError::DirectoryUnavailable);
    const Directory::Result found = m_directory->lookupByEmployeeId((*user)->id);
    if (found.outcome == Directory::Outcome::Unavailable) {
        qCWarning(lcDirectory).noquote() << "refresh: directory unavailable:" << found.message;
        return AuthResult::failure(AuthError::DirectoryUnavailable);
    }
    if (found.outcome != Directory::Outcome::Ok) {
        qCInfo(lcServer) << "refresh refused: directory account of" << (*user)->id
                         << "is disabled or gone";
        accounts.markDisabled((*user)->id);
        // A leaver loses every session and pass, as when an admin disables them.
        PassRevoker(db, current).personDisabled((*user)->id, QStringLiteral("system"));
        AuthResult result = AuthResult::failure(AuthError::SessionAccountDisabled);
        result.ended = EndedSessions { (*user)->id, {} };
        revokeFamily(
            db, token, current, QStringLiteral("directory account disabled or removed"), &result);
        return result;
    }
    accounts.updateDirectoryPerson((*user)->id, *found.person, current);
    *user = accounts.byId(token.userId);
    if (!*user)
        return AuthResult::failure(AuthError::Internal);
    return {};
}

TokenRefresh::Rotation TokenRefresh::rotate(QSqlDatabase &db, const TokenRepository::Refresh &token,
    const QString &tokenHash, bool retry, const NewPair &pair, const QDateTime &current) const
{
    sql::Transaction transaction(db);
    if (!transaction.isActive())
        return Rotation::Error;
    TokenRepository tokens(db);
    if (retry) {
        // Replace the successor pair: its refresh token must be unspent and its access token
        // unused. Both are claimed by updates, so a concurrent use either comes first (and
        // this is theft) or finds them revoked.
        const int claimed = tokens.revokeSuccessor(token.successorHash, token.familyId, current);
        if (claimed < 0)
            return Rotation::Error;
        if (claimed != 1)
            return Rotation::Reuse;
        const std::optional<qint64> used = tokens.revokeUnusedAccess(token.familyId, current);
        if (!used)
            return Rotation::Error;
        if (*used != 0)
            return Rotation::Reuse; // the successor's access token was used
        if (!tokens.setSuccessor(tokenHash, pair.refreshHash))
            return Rotation::Error;
    } else {
        const int spent = tokens.spend(tokenHash, pair.refreshHash, current);
        if (spent < 0)
            return Rotation::Error;
        // Another request spent it first: a copy is in someone else's hands.
        if (spent != 1)
            return Rotation::Reuse;
        if (!revokeTokens(db, current, TokenScope::family(token.familyId), TokenKinds::AccessOnly))
            return Rotation::Error;
    }
    const bool ok = tokens.insertAccess(pair.accessHash, token.userId, token.deviceId,
                        token.familyId, current, pair.accessExpiresAt)
        && tokens.insertRefresh(pair.refreshHash, token.familyId, token.userId, token.deviceId,
            current, token.familyExpiresAt)
        && transaction.commit();
    return ok ? Rotation::Rotated : Rotation::Error;
}

void TokenRefresh::revokeFamily(QSqlDatabase &db, const TokenRepository::Refresh &token,
    const QDateTime &current, const QString &why, AuthResult *result) const
{
    revokeTokens(db, current, TokenScope::family(token.familyId));
    if (!result->ended)
        result->ended = EndedSessions { token.userId, token.deviceId };
    writeAudit(db, m_clock.now(), QStringLiteral("system"), QStringLiteral("revoke_token_family"),
        token.userId,
        QString::fromUtf8(QJsonDocument(
            QJsonObject { { QStringLiteral("family"), token.familyId },
                { QStringLiteral("device"), token.deviceId }, { QStringLiteral("reason"), why } })
                              .toJson(QJsonDocument::Compact)));
}

} // namespace tessera::server
