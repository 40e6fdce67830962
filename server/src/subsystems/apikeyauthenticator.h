#pragma once

#include "http/httpresponses.h"

#include <QByteArray>

#include <optional>

namespace tessera::server {

class Clock;
class Storage;

// Which sub-system an API key (tsk_) belongs to, and its scopes: a key that is not revoked, or the
// key a rotation replaced while its overlap runs (ApiKeyService::rotate). Blocking; thread-safe.
class ApiKeyAuthenticator
{
public:
    ApiKeyAuthenticator(Storage &storage, const Clock &clock);

    // Whether token is an API key rather than a person's token (by its prefix).
    static bool isApiKey(const QByteArray &token) { return token.startsWith("tsk_"); }

    std::optional<Principal> authenticate(const QByteArray &key) const;

private:
    Storage &m_storage;
    const Clock &m_clock;
};

} // namespace tessera::server
