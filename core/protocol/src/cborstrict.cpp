#include "cborstrict.h"

#include <QCborStreamReader>

namespace tessera::cborstrict {

std::optional<QCborValue> readOne(QByteArrayView bytes, QString *error)
{
    if (bytes.isEmpty()) {
        if (error)
            *error = QStringLiteral("CBOR: no data");
        return std::nullopt;
    }
    QCborStreamReader reader(bytes.data(), bytes.size());
    QCborValue value = QCborValue::fromCbor(reader);
    const QCborError parseError = reader.lastError();
    if (parseError != QCborError::NoError) {
        if (error)
            *error = QStringLiteral("CBOR: ") + parseError.toString();
        return std::nullopt;
    }
    if (reader.currentOffset() != bytes.size()) {
        if (error) {
            *error = QStringLiteral("CBOR: %1 trailing bytes")
                         .arg(bytes.size() - reader.currentOffset());
        }
        return std::nullopt;
    }
    return value;
}

std::optional<qint64> integerIn(const QCborValue &value, qint64 min, qint64 max)
{
    if (!value.isInteger())
        return std::nullopt;
    const qint64 n = value.toInteger();
    if (n < min || n > max)
        return std::nullopt;
    return n;
}

} // namespace tessera::cborstrict
