#pragma once

#include "http/httpresponses.h"

#include <QByteArray>

#include <optional>

namespace tessera::server {

class Clock;
class Storage;

// Who a person's access token (tsa_) belongs to: a live token of an enabled account. Its first
// use is recorded (a refresh retry may no longer replace it) and its device is noted as seen.
// Blocking; thread-safe.
class AccessTokenAuthenticator
{
public:
    AccessTokenAuthenticator(Storage &storage, const Clock &clock);

    std::optional<Principal> authenticate(const QByteArray &token) const;

private:
    Storage &m_storage;
    const Clock &m_clock;
};

} // namespace tessera::server
