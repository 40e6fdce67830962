#include "subsystems/apikeyauthenticator.h"

#include "base/clock.h"
#include "crypto/randomtokens.h"
#include "http/apiscope.h"
#include "protocol/wiretime.h"
#include "storage/sqlhelpers.h"
#include "storage/storage.h"

#include <QSqlQuery>

namespace tessera::server {

ApiKeyAuthenticator::ApiKeyAuthenticator(Storage &storage, const Clock &clock)
    : m_storage(storage)
    , m_clock(clock)
{ }

std::optional<Principal> ApiKeyAuthenticator::authenticate(const QByteArray &key) const
{
    if (!isApiKey(key))
        return std::nullopt;
    QSqlDatabase db = m_storage.connection();
    QSqlQuery query(db);
    const QString hash = randomtokens::sha256Hex(QString::fromLatin1(key));
    // The key itself, or the key it replaced while the rotation's overlap runs.
    if (!sql::exec(query,
            QStringLiteral("SELECT id, subsystem, scopes FROM api_keys WHERE revoked_at IS NULL AND"
                           " (key_hash = ? OR (previous_key_hash = ? AND previous_until > ?))"),
            { hash, hash, wiretime::format(m_clock.now()) })
        || !query.next())
        return std::nullopt;
    Principal principal;
    principal.apiKeyId = query.value(0).toString();
    principal.subsystem = query.value(1).toString();
    principal.scopes = apiscope::fromStored(query.value(2).toString());
    return principal;
}

} // namespace tessera::server
