#include "protocol/base45.h"

#include <array>

namespace tessera::base45 {

namespace {

constexpr char alphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
constexpr int radix = 45;

// Character → value, notInSet for characters outside the set.
constexpr unsigned char notInSet = 0xff;
constexpr std::array<unsigned char, 256> makeValues()
{
    std::array<unsigned char, 256> values {};
    for (auto &value : values)
        value = notInSet;
    for (int i = 0; i < radix; ++i)
        values[static_cast<unsigned char>(alphabet[i])] = static_cast<unsigned char>(i);
    return values;
}
constexpr std::array<unsigned char, 256> values = makeValues();

void setError(QString *error, const QString &text)
{
    if (error)
        *error = text;
}

} // namespace

qsizetype encodedLength(qsizetype size)
{
    return size / 2 * 3 + (size % 2) * 2;
}

QByteArray encode(QByteArrayView data)
{
    QByteArray text;
    text.reserve(encodedLength(data.size()));
    qsizetype i = 0;
    for (; i + 1 < data.size(); i += 2) {
        int n = static_cast<unsigned char>(data[i]) * 256 + static_cast<unsigned char>(data[i + 1]);
        text.append(alphabet[n % radix]);
        n /= radix;
        text.append(alphabet[n % radix]);
        text.append(alphabet[n / radix]);
    }
    if (i < data.size()) {
        const int n = static_cast<unsigned char>(data[i]);
        text.append(alphabet[n % radix]);
        text.append(alphabet[n / radix]);
    }
    return text;
}

std::optional<QByteArray> decode(QByteArrayView text, QString *error)
{
    if (text.size() % 3 == 1) {
        setError(error, QStringLiteral("base45: length %1 leaves one character").arg(text.size()));
        return std::nullopt;
    }
    QByteArray data;
    data.reserve(text.size() / 3 * 2 + 1);
    for (qsizetype i = 0; i < text.size(); i += 3) {
        const qsizetype groupSize = qMin<qsizetype>(3, text.size() - i);
        int n = 0;
        int weight = 1;
        for (qsizetype j = 0; j < groupSize; ++j) {
            const int value = values[static_cast<unsigned char>(text[i + j])];
            if (value == notInSet) {
                setError(error, QStringLiteral("base45: invalid character at %1").arg(i + j));
                return std::nullopt;
            }
            n += value * weight;
            weight *= radix;
        }
        if (groupSize == 3) {
            if (n > 0xffff) {
                setError(error, QStringLiteral("base45: group at %1 exceeds 65535").arg(i));
                return std::nullopt;
            }
            data.append(static_cast<char>(n >> 8));
            data.append(static_cast<char>(n & 0xff));
        } else {
            if (n > 0xff) {
                setError(error, QStringLiteral("base45: last group at %1 exceeds 255").arg(i));
                return std::nullopt;
            }
            data.append(static_cast<char>(n));
        }
    }
    return data;
}

} // namespace tessera::base45
