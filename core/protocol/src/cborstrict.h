#pragma once

#include <QByteArrayView>
#include <QCborValue>
#include <QString>

#include <optional>

namespace tessera::cborstrict {

// Reads exactly one CBOR data item from bytes: a parse error or trailing bytes give nullopt with
// the reason in error. The callers bound the size of bytes first; Qt bounds the nesting depth.
std::optional<QCborValue> readOne(QByteArrayView bytes, QString *error = nullptr);

// The integer in value when it is a CBOR integer within [min, max].
std::optional<qint64> integerIn(const QCborValue &value, qint64 min, qint64 max);

} // namespace tessera::cborstrict
