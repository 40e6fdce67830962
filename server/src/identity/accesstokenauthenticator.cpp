#include "identity/accesstokenauthenticator.h"

#include "base/clock.h"
#include "crypto/randomtokens.h"
#include "identity/accountrepository.h"
#include "identity/devicerepository.h"
#include "identity/tokenrepository.h"
#include "protocol/wiretime.h"
#include "storage/storage.h"

namespace tessera::server {

namespace {

constexpr qint64 kDeviceSeenResolutionSeconds = 300;

} // namespace

AccessTokenAuthenticator::AccessTokenAuthenticator(Storage &storage, const Clock &clock)
    : m_storage(storage)
    , m_clock(clock)
{ }

std::optional<Principal> AccessTokenAuthenticator::authenticate(const QByteArray &token) const
{
    if (token.size() > maxTokenLength || !token.startsWith(accessTokenPrefix.data()))
        return std::nullopt;
    QSqlDatabase db = m_storage.connection();
    const QDateTime current = m_clock.now();
    const QString tokenHash = randomtokens::sha256Hex(QString::fromLatin1(token));
    TokenRepository tokens(db);
    const std::optional<TokenRepository::Access> access = tokens.liveAccess(tokenHash, current);
    if (!access)
        return std::nullopt;
    // The first use: from now on a retried refresh may no longer replace this pair. Written
    // only while the token is live, so a refresh retry revoking it at the same moment wins or
    // loses as a whole.
    if (!access->used && !tokens.markAccessUsed(tokenHash, current))
        return std::nullopt;
    const std::optional<UserAccount> user = AccountRepository(db).byId(access->userId);
    if (!user || user->disabled)
        return std::nullopt;
    DeviceRepository(db).touch(
        access->userId, access->deviceId, current, kDeviceSeenResolutionSeconds);
    Principal principal;
    principal.userId = user->id;
    principal.deviceId = access->deviceId;
    principal.kind = user->kind;
    principal.userType = user->userType;
    principal.roles = user->roles;
    principal.tokenExpiresAt = wiretime::parse(access->expiresAt).value_or(current);
    return principal;
}

} // namespace tessera::server
