#pragma once

#include "http/httpresponses.h"
#include "http/routetable.h"

#include <functional>

namespace tessera::server {

class SecretSeal;

class Clock;
class Storage;

// Sub-systems' API keys, made, listed, rotated and revoked by admins: each names its sub-system,
// the callback URL prefixes it may use and its scopes (ApiScope: what it may call), and has its
// own webhook signing secret. The key and the
// secret are shown once (when made or rotated); the key is stored hashed, the secret sealed.
class ApiKeyService
{
public:
    static constexpr int maxPrefixes = 10;
    // A rotation's overlap: how long the replaced key still works and the replaced secret still
    // signs webhooks beside the new one.
    static constexpr qint64 defaultOverlapSeconds = 86400;
    static constexpr qint64 maxOverlapSeconds = qint64(7) * 86400;
    static constexpr int defaultListLimit = 50;
    static constexpr int maxListLimit = 200;

    // Told a key's id after its revocation committed (on the request's worker thread): the
    // features that publish a key's objects take them down (the composition root sets it; this
    // feature depends on none of them).
    using RevocationListener = std::function<void(const QString &apiKeyId)>;

    ApiKeyService(Storage &storage, const Clock &clock, const SecretSeal &seal);
    void addRoutes(RouteTable &routes);
    void setRevocationListener(RevocationListener listener) { m_revoked = std::move(listener); }

    // A new key; without "scopes" it gets every scope.
    HttpResponse create(const HttpRequest &request);
    // The keys, oldest first, paged by cursor; never a key or a secret.
    HttpResponse list(const HttpRequest &request);
    // A new key and secret under the same id, sub-system, prefixes and scopes; the old key and
    // secret keep working until the overlap ends (at once with overlapSeconds 0). Only one old
    // pair is kept: a second rotation during an overlap is refused (409 rotation_in_progress)
    // unless it says force (the first old pair stops at once) or overlapSeconds 0.
    HttpResponse rotate(const HttpRequest &request);
    // The key stops working at once, its old key of an overlap too.
    HttpResponse revoke(const HttpRequest &request);
    // The key's scopes replaced ({"scopes": [...]}); the next request with it is held to them.
    HttpResponse changeScopes(const HttpRequest &request);

private:
    Storage &m_storage;
    const Clock &m_clock;
    const SecretSeal &m_seal;
    RevocationListener m_revoked;
};

} // namespace tessera::server
