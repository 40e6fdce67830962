#include "protocol/cborstrict.h"

#include <QCborStreamReader>
#include <QList>

namespace tessera::cborstrict {

namespace {

// Checks the encoding of CBOR items head by head before Qt's reader builds values from them
// (Qt accepts indefinite lengths, long heads and duplicate keys).
class Checker
{
public:
    Checker(QByteArrayView bytes, qsizetype maxItems)
        : m_bytes(bytes)
        , m_itemsLeft(maxItems)
    { }

    // One item from the current offset; false with m_error set on the first problem.
    bool item(int depth)
    {
        if (depth > maxDepth)
            return fail(QStringLiteral("nested deeper than %1 levels").arg(maxDepth));
        if (m_itemsLeft-- <= 0)
            return fail(QStringLiteral("more data items than allowed"));
        const qsizetype start = m_offset;
        if (m_offset >= m_bytes.size())
            return fail(QStringLiteral("the data ends inside an item"));
        const auto initial = static_cast<quint8>(m_bytes[m_offset++]);
        const int major = initial >> 5;
        const int info = initial & 0x1f;
        if (info == 31) {
            return failAt(start,
                major == 7 ? QStringLiteral("a break code outside an indefinite-length item")
                           : QStringLiteral("an indefinite-length item (only definite lengths "
                                            "are allowed)"));
        }
        if (info >= 28)
            return failAt(start, QStringLiteral("reserved additional information %1").arg(info));
        quint64 argument = static_cast<quint64>(info);
        if (info >= 24) {
            const int size = 1 << (info - 24); // 1, 2, 4 or 8 bytes
            if (m_bytes.size() - m_offset < size)
                return fail(QStringLiteral("the data ends inside an item's head"));
            argument = 0;
            for (int i = 0; i < size; ++i)
                argument = (argument << 8) | static_cast<quint8>(m_bytes[m_offset++]);
            if (major == 7) {
                // 25..27 are floats (kept as they are); 24 is a simple value, never below 32.
                if (info == 24 && argument < 32)
                    return failAt(start, QStringLiteral("a simple value in a two-byte head"));
            } else {
                const quint64 smallest = info == 24 ? 24 : (quint64(1) << (8 * size / 2));
                if (argument < smallest)
                    return failAt(
                        start, QStringLiteral("a number or length not in its shortest form"));
            }
        }
        const quint64 left = static_cast<quint64>(m_bytes.size() - m_offset);
        switch (major) {
        case 0: // unsigned integer
        case 1: // negative integer
        case 7: // simple value or float
            return true;
        case 2: // byte string
        case 3: // text string
            if (argument > left)
                return failAt(start, QStringLiteral("a string longer than the data"));
            m_offset += static_cast<qsizetype>(argument);
            return true;
        case 4: // array: every element takes at least one byte
            if (argument > left)
                return failAt(start, QStringLiteral("an array longer than the data"));
            for (quint64 i = 0; i < argument; ++i) {
                if (!item(depth + 1))
                    return false;
            }
            return true;
        case 5: { // map: keys unique by their bytes
            if (argument > left / 2)
                return failAt(start, QStringLiteral("a map longer than the data"));
            QList<QByteArrayView> keys;
            for (quint64 i = 0; i < argument; ++i) {
                const qsizetype keyStart = m_offset;
                if (!item(depth + 1))
                    return false;
                const QByteArrayView key = m_bytes.sliced(keyStart, m_offset - keyStart);
                if (keys.contains(key))
                    return failAt(keyStart, QStringLiteral("a duplicate map key"));
                keys.append(key);
                if (!item(depth + 1))
                    return false;
            }
            return true;
        }
        default: // 6: tag, then the tagged item
            return item(depth + 1);
        }
    }

    qsizetype offset() const { return m_offset; }
    QString error() const { return m_error; }

private:
    bool fail(const QString &why) { return failAt(m_offset, why); }
    bool failAt(qsizetype at, const QString &why)
    {
        m_error = QStringLiteral("CBOR: %1 at byte %2").arg(why).arg(at);
        return false;
    }

    QByteArrayView m_bytes;
    qsizetype m_offset = 0;
    qsizetype m_itemsLeft;
    QString m_error;
};

} // namespace

std::optional<QCborValue> readOne(QByteArrayView bytes, QString *error)
{
    // Every item takes at least one byte, so the cap never refuses here.
    return readOne(bytes, bytes.size() + 1, error);
}

std::optional<QCborValue> readOne(QByteArrayView bytes, qsizetype maxItems, QString *error)
{
    if (bytes.isEmpty()) {
        if (error)
            *error = QStringLiteral("CBOR: no data");
        return std::nullopt;
    }
    Checker checker(bytes, maxItems);
    if (!checker.item(0)) {
        if (error)
            *error = checker.error();
        return std::nullopt;
    }
    if (checker.offset() != bytes.size()) {
        if (error)
            *error = QStringLiteral("CBOR: %1 trailing bytes").arg(bytes.size() - checker.offset());
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
