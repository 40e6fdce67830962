#include "crypto/randomtokens.h"

#include <QCryptographicHash>

#include <sodium.h>

namespace tessera::server::randomtokens {

QByteArray bytes(qsizetype count)
{
    QByteArray buffer(count, Qt::Uninitialized);
    randombytes_buf(buffer.data(), static_cast<size_t>(buffer.size()));
    return buffer;
}

QString urlSafe(const QString &prefix, qsizetype count)
{
    const QByteArray random = bytes(count);
    return prefix
        + QString::fromLatin1(
            random.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

namespace {

QChar pick(QLatin1StringView alphabet)
{
    const auto index = randombytes_uniform(static_cast<uint32_t>(alphabet.size()));
    return alphabet.at(static_cast<qsizetype>(index));
}

} // namespace

QString password(int groups)
{
    static constexpr QLatin1StringView alphabet(
        "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789");
    QString result;
    for (int group = 0; group < groups; ++group) {
        if (group > 0)
            result += QLatin1Char('-');
        for (int i = 0; i < 4; ++i)
            result += pick(alphabet);
    }
    return result;
}

QString digits(int count)
{
    QString result;
    result += pick(QLatin1StringView("123456789"));
    for (int i = 1; i < count; ++i)
        result += pick(QLatin1StringView("0123456789"));
    return result;
}

QString sha256Hex(const QString &value)
{
    return QString::fromLatin1(
        QCryptographicHash::hash(value.toUtf8(), QCryptographicHash::Sha256).toHex());
}

} // namespace tessera::server::randomtokens
