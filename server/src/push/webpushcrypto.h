#pragma once

#include <QByteArray>

#include <optional>

namespace tessera::server {

// RFC 8291 message encryption for Web Push with the aes128gcm content coding of RFC 8188
// (DESIGN.md, second round, decision 6: OpenSSL 3's libcrypto through EVP only). One record:
// salt(16) | rs(4) | idlen(1) | keyid(65, the ephemeral public key) | AES-128-GCM(plaintext |
// 0x02). The subscription's p256dh is a 65-byte uncompressed P-256 point (checked on the curve)
// and its auth secret 16 bytes.
class WebPushCrypto
{
public:
    static constexpr qsizetype maxPlaintextBytes = 2048; // decision 6: larger goes as a hint
    static constexpr qsizetype pointBytes = 65;
    static constexpr qsizetype authBytes = 16;
    static constexpr qsizetype saltBytes = 16;
    static constexpr quint32 recordSize = 4096;

    // Whether point is an uncompressed P-256 public key on the curve.
    static bool isP256Point(const QByteArray &point);

    // plaintext encrypted for the subscription with a fresh ephemeral key and salt; nullopt when
    // a key is not valid, plaintext is too long or libcrypto failed.
    static std::optional<QByteArray> encrypt(
        const QByteArray &plaintext, const QByteArray &p256dh, const QByteArray &auth);

    // The same with the application server's ephemeral key pair (32-byte private scalar, 65-byte
    // public point) and the salt given: what encrypt() does after drawing them, deterministic so
    // that the RFC 8291 Appendix A example can be checked byte for byte.
    static std::optional<QByteArray> encryptWith(const QByteArray &plaintext,
        const QByteArray &p256dh, const QByteArray &auth, const QByteArray &asPrivate,
        const QByteArray &asPublic, const QByteArray &salt);
};

} // namespace tessera::server
