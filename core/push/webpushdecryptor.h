#pragma once

#include <QByteArray>
#include <QString>

#include <optional>
#include <utility>

namespace tessera {

// The receiver side of RFC 8291 (Web Push message encryption) with RFC 8188's aes128gcm content
// coding, on OpenSSL 3's libcrypto through EVP only (DESIGN.md, second round, decision 6). The
// body is salt(16) | rs(4) | idlen(1) | keyid(65: the sender's ephemeral P-256 point) | one
// AES-128-GCM record (plaintext | 0x02 | zero padding, then the 16-byte tag). Every input that is
// not exactly that gives nullopt and a reason (never the plaintext, never a key).
class WebPushDecryptor
{
public:
    static constexpr qsizetype pointBytes = 65;
    static constexpr qsizetype privateBytes = 32;
    static constexpr qsizetype authBytes = 16;
    static constexpr qsizetype saltBytes = 16;
    static constexpr qsizetype headerBytes = saltBytes + 4 + 1 + pointBytes;
    static constexpr qsizetype tagBytes = 16;
    // A push larger than this is refused before any crypto.
    static constexpr qsizetype maxBodyBytes = 4096;

    // Our key pair (the private scalar and its uncompressed public point) and auth secret.
    WebPushDecryptor(QByteArray privateKey, QByteArray publicKey, QByteArray auth);
    ~WebPushDecryptor();
    WebPushDecryptor(const WebPushDecryptor &) = delete;
    WebPushDecryptor &operator=(const WebPushDecryptor &) = delete;

    // A fresh P-256 key pair: {private scalar (32 bytes), uncompressed public point (65)}; empty
    // halves when libcrypto failed.
    static std::pair<QByteArray, QByteArray> generateKeyPair();
    // Whether privateKey (32 bytes) and publicKey (65) are one P-256 key pair.
    static bool isKeyPair(const QByteArray &privateKey, const QByteArray &publicKey);

    // The plaintext of body, or nullopt with *reason (when given) saying why not.
    std::optional<QByteArray> decrypt(const QByteArray &body, QString *reason = nullptr) const;

private:
    QByteArray m_private;
    QByteArray m_public;
    QByteArray m_auth;
};

} // namespace tessera
