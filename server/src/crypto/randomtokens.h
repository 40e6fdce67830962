#pragma once

#include <QByteArray>
#include <QString>

namespace tessera::server {

// Random values from libsodium's CSPRNG, in the shapes the server hands out.
namespace randomtokens {

QByteArray bytes(qsizetype count);
// base64url without padding of count random bytes, after prefix ("tsk_", "whsec_").
QString urlSafe(const QString &prefix, qsizetype count);
// A password people can type: groups of four from an alphabet without look-alikes (no 0/O, 1/l/I),
// joined by '-': 4 groups = 19 characters, about 95 bits.
QString password(int groups = 4);
// digits decimal digits, the first never 0.
QString digits(int count);
// Hex SHA-256, for storing high-entropy tokens and keys (they need no slow hash).
QString sha256Hex(const QString &value);

} // namespace randomtokens
} // namespace tessera::server
