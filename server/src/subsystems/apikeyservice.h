#pragma once

#include "http/httpresponses.h"
#include "http/routetable.h"

namespace tessera::server {

class SecretSeal;

class Clock;
class Storage;

// Sub-systems' API keys, made and rotated by admins: each names its sub-system, the callback URL
// prefixes it may use and has its own webhook signing secret. The key and the secret are shown
// once; the key is stored hashed.
class ApiKeyService
{
public:
    static constexpr int maxPrefixes = 10;

    ApiKeyService(Storage &storage, const Clock &clock, const SecretSeal &seal);
    void addRoutes(RouteTable &routes);

    HttpResponse create(const HttpRequest &request);
    // A new key and secret for the same sub-system and prefixes; the old key stops working.
    HttpResponse rotate(const HttpRequest &request);

private:
    Storage &m_storage;
    const Clock &m_clock;
    const SecretSeal &m_seal;
};

} // namespace tessera::server
