#pragma once

#include "push/pushtransport.h"

#include <QByteArray>
#include <QDateTime>

#include <optional>

namespace tessera::server::pushhttp {

// Retry-After (RFC 9110 section 10.2.3): delay-seconds or an HTTP-date (the IMF-fixdate
// "Sun, 06 Nov 1994 08:49:37 GMT", or the obsolete RFC 850 and asctime forms); the seconds from
// now, nullopt when it is neither.
std::optional<qint64> retryAfter(const QByteArray &value, const QDateTime &now);

// The outcome of a push service's HTTP status (Web Push, RFC 8030): 2xx Accepted, 404/410 Gone,
// no answer, 429 and 5xx Retry, anything else Refused.
PushTransport::Outcome outcomeOf(int status);

} // namespace tessera::server::pushhttp
