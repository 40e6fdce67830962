#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <optional>

namespace tessera::base45 {

// Base45 (RFC 9285): every two bytes become three characters of the QR alphanumeric set
// "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:", a last odd byte becomes two.

// The encoding of data, as ASCII characters of that set.
QByteArray encode(QByteArrayView data);

// How many characters encode() gives for size bytes.
qsizetype encodedLength(qsizetype size);

// Strict decoding: any character outside the set, a length of 3n+1, a group of three worth more
// than 65535 or a last group of two worth more than 255 is an error (nullopt, with the reason
// and the offset in error when given). Every valid text has exactly one decoding and
// encode(decode(text)) == text.
std::optional<QByteArray> decode(QByteArrayView text, QString *error = nullptr);

} // namespace tessera::base45
