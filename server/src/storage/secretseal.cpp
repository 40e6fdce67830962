#include "storage/secretseal.h"

#include <QFile>
#include <QFileInfo>

#include <fcntl.h>
#include <sodium.h>
#include <unistd.h>

namespace tessera::server {

namespace {

const QString sealedPrefix = QStringLiteral("sealed1:");

} // namespace

SecretSeal::SecretSeal(const QByteArray &key)
    : m_key(key.size() == keyBytes ? key : QByteArray())
{ }

SecretSeal::~SecretSeal()
{
    if (!m_key.isEmpty())
        sodium_memzero(m_key.data(), static_cast<size_t>(m_key.size()));
}

std::optional<QByteArray> SecretSeal::loadKey(const QString &path, bool mayCreate, QString *error)
{
    if (!QFileInfo::exists(path)) {
        if (!mayCreate) {
            *error = QStringLiteral("the secrets key %1 is missing, but the database holds "
                                    "secrets sealed with it: restore the file (a new key cannot "
                                    "open them)")
                         .arg(path);
            return std::nullopt;
        }
        QByteArray key(keyBytes, Qt::Uninitialized);
        randombytes_buf(key.data(), static_cast<size_t>(key.size()));
        // Made owner-only (and only if still absent) before any byte is written.
        QFile file(path);
        bool written = file.open(QIODevice::WriteOnly | QIODevice::NewOnly,
            QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        // On the disk before any secret is sealed with it (a crash must not keep sealed values
        // whose key was lost).
        written = written && file.write(key.toBase64() + '\n') > 0 && file.flush()
            && ::fsync(file.handle()) == 0;
        if (!written) {
            *error =
                QStringLiteral("cannot write the secrets key %1: %2").arg(path, file.errorString());
            if (file.isOpen()) {
                file.close();
                // The file's name too.
                const int folder =
                    ::open(QFile::encodeName(QFileInfo(path).absolutePath()).constData(),
                        O_RDONLY | O_DIRECTORY | O_CLOEXEC);
                if (folder >= 0) {
                    ::fsync(folder);
                    ::close(folder);
                }
                file.remove();
            }
            sodium_memzero(key.data(), static_cast<size_t>(key.size()));
            return std::nullopt;
        }
        file.close();
        return key;
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read the secrets key %1: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    QByteArray text = file.read(256);
    const QByteArray key =
        QByteArray::fromBase64(text.trimmed(), QByteArray::AbortOnBase64DecodingErrors);
    sodium_memzero(text.data(), static_cast<size_t>(text.size()));
    if (key.size() != keyBytes) {
        *error = QStringLiteral("the secrets key %1 is not %2 bytes in base64: it was not made by "
                                "tessera-server, or was damaged")
                     .arg(path)
                     .arg(keyBytes);
        return std::nullopt;
    }
    return key;
}

QString SecretSeal::seal(const QByteArray &plaintext, const QString &context) const
{
    if (!isValid())
        return {};
    const QByteArray associated = context.toUtf8();
    constexpr qsizetype nonceBytes = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
    QByteArray sealed(nonceBytes + plaintext.size() + crypto_aead_xchacha20poly1305_ietf_ABYTES,
        Qt::Uninitialized);
    auto *nonce = reinterpret_cast<unsigned char *>(sealed.data());
    randombytes_buf(nonce, nonceBytes);
    unsigned long long length = 0;
    crypto_aead_xchacha20poly1305_ietf_encrypt(nonce + nonceBytes, &length,
        reinterpret_cast<const unsigned char *>(plaintext.constData()),
        static_cast<unsigned long long>(plaintext.size()),
        reinterpret_cast<const unsigned char *>(associated.constData()),
        static_cast<unsigned long long>(associated.size()), nullptr, nonce,
        reinterpret_cast<const unsigned char *>(m_key.constData()));
    sealed.truncate(nonceBytes + static_cast<qsizetype>(length));
    return sealedPrefix + QString::fromLatin1(sealed.toBase64());
}

std::optional<QByteArray> SecretSeal::open(const QString &text, const QString &context) const
{
    if (!isValid() || !isSealed(text))
        return std::nullopt;
    const QByteArray sealed =
        QByteArray::fromBase64(QStringView(text).mid(sealedPrefix.size()).toLatin1(),
            QByteArray::AbortOnBase64DecodingErrors);
    constexpr qsizetype nonceBytes = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
    constexpr qsizetype tagBytes = crypto_aead_xchacha20poly1305_ietf_ABYTES;
    if (sealed.size() < nonceBytes + tagBytes)
        return std::nullopt;
    const QByteArray associated = context.toUtf8();
    QByteArray plaintext(sealed.size() - nonceBytes - tagBytes, Qt::Uninitialized);
    unsigned long long length = 0;
    const auto *nonce = reinterpret_cast<const unsigned char *>(sealed.constData());
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(
            reinterpret_cast<unsigned char *>(plaintext.data()), &length, nullptr,
            nonce + nonceBytes, static_cast<unsigned long long>(sealed.size() - nonceBytes),
            reinterpret_cast<const unsigned char *>(associated.constData()),
            static_cast<unsigned long long>(associated.size()), nonce,
            reinterpret_cast<const unsigned char *>(m_key.constData()))
        != 0)
        return std::nullopt;
    plaintext.truncate(static_cast<qsizetype>(length));
    return plaintext;
}

bool SecretSeal::isSealed(const QString &text)
{
    return text.startsWith(sealedPrefix);
}

} // namespace tessera::server
