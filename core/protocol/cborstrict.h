#pragma once

#include <QByteArrayView>
#include <QCborValue>
#include <QString>

#include <optional>

namespace tessera::cborstrict {

// The deepest nesting of arrays, maps and tags readOne accepts (a pass needs 3).
inline constexpr int maxDepth = 64;

// Reads exactly one CBOR data item from bytes in the deterministic form docs/PASS_FORMAT.md
// requires, and nothing else: definite lengths only (no indefinite-length string, array or map,
// no break), every integer, length and tag in its shortest head, no reserved additional
// information, no simple value in the two-byte form below 32, no duplicate map key (compared by
// their encoded bytes), no trailing bytes, at most maxDepth levels. A refusal gives nullopt with
// the reason (and the byte offset) in error. The callers bound the size of bytes first.
std::optional<QCborValue> readOne(QByteArrayView bytes, QString *error = nullptr);

// readOne with a cap on the number of data items (every integer, string, array, map, tag and
// simple value counts one, at any depth), for callers whose bytes may be large (an HC1 payload
// inflates to 64 KiB): more items than maxItems is a refusal, so the duplicate key check stays
// bounded too.
std::optional<QCborValue> readOne(QByteArrayView bytes, qsizetype maxItems, QString *error);

// The integer in value when it is a CBOR integer within [min, max].
std::optional<qint64> integerIn(const QCborValue &value, qint64 min, qint64 max);

} // namespace tessera::cborstrict
