#include "subsystems/apikeyauthenticator.h"

#include "crypto/randomtokens.h"
#include "storage/sqlhelpers.h"
#include "storage/storage.h"

#include <QSqlQuery>

namespace tessera::server {

ApiKeyAuthenticator::ApiKeyAuthenticator(Storage &storage)
    : m_storage(storage)
{ }

std::optional<Principal> ApiKeyAuthenticator::authenticate(const QByteArray &key) const
{
    if (!isApiKey(key))
        return std::nullopt;
    QSqlDatabase db = m_storage.connection();
    QSqlQuery query(db);
    if (!sql::exec(query,
            QStringLiteral("SELECT id, subsystem FROM api_keys WHERE key_hash = ? AND"
                           " revoked_at IS NULL"),
            { randomtokens::sha256Hex(QString::fromLatin1(key)) })
        || !query.next())
        return std::nullopt;
    Principal principal;
    principal.apiKeyId = query.value(0).toString();
    principal.subsystem = query.value(1).toString();
    return principal;
}

} // namespace tessera::server
