#include "push/webpushcrypto.h"

#include "p256/p256.h"

#include <openssl/rand.h>

namespace tessera::server {

namespace {

// text with its terminating NUL, as RFC 8291 and RFC 8188 write their info strings.
QByteArray withNul(const char *text)
{
    QByteArray bytes(text);
    bytes.append('\0');
    return bytes;
}

// The record for the subscription (p256dh, its key checked on the curve; auth) with the
// application server's key pair own (asPublic its point) and salt; sizes checked by the callers.
std::optional<QByteArray> seal(const QByteArray &plaintext, const QByteArray &p256dh,
    const QByteArray &auth, EVP_PKEY *own, const QByteArray &asPublic, const QByteArray &salt)
{
    const p256::Key peer = p256::publicKey(p256dh);
    if (!peer)
        return std::nullopt;
    const std::optional<QByteArray> shared = p256::ecdh(own, peer.get());
    if (!shared)
        return std::nullopt;
    // RFC 8291 section 3.4: IKM = HKDF(auth, ecdh, "WebPush: info" 0x00 ua_public as_public, 32).
    const QByteArray keyInfo = withNul("WebPush: info").append(p256dh).append(asPublic);
    const std::optional<QByteArray> ikm = p256::hkdfSha256(auth, *shared, keyInfo, 32);
    if (!ikm)
        return std::nullopt;
    // RFC 8188 section 2.2 and 2.3.
    const std::optional<QByteArray> cek =
        p256::hkdfSha256(salt, *ikm, withNul("Content-Encoding: aes128gcm"), 16);
    const std::optional<QByteArray> nonce =
        p256::hkdfSha256(salt, *ikm, withNul("Content-Encoding: nonce"), 12);
    if (!cek || !nonce)
        return std::nullopt;
    // One record, the last: the padding delimiter 0x02 and no padding.
    const std::optional<QByteArray> sealed =
        p256::aes128GcmSeal(*cek, *nonce, QByteArray(plaintext).append('\x02'));
    if (!sealed)
        return std::nullopt;
    const quint32 rs = WebPushCrypto::recordSize;
    QByteArray body = salt;
    body.reserve(salt.size() + 5 + asPublic.size() + sealed->size());
    body.append(char((rs >> 24) & 0xff));
    body.append(char((rs >> 16) & 0xff));
    body.append(char((rs >> 8) & 0xff));
    body.append(char(rs & 0xff));
    body.append(char(WebPushCrypto::pointBytes));
    body.append(asPublic);
    body.append(*sealed);
    return body;
}

bool validSizes(const QByteArray &plaintext, const QByteArray &p256dh, const QByteArray &auth)
{
    return plaintext.size() <= WebPushCrypto::maxPlaintextBytes
        && auth.size() == WebPushCrypto::authBytes && p256dh.size() == WebPushCrypto::pointBytes;
}

} // namespace

bool WebPushCrypto::isP256Point(const QByteArray &point)
{
    return p256::publicKey(point) != nullptr;
}

std::optional<QByteArray> WebPushCrypto::encrypt(
    const QByteArray &plaintext, const QByteArray &p256dh, const QByteArray &auth)
{
    if (!validSizes(plaintext, p256dh, auth))
        return std::nullopt;
    // The ephemeral key pair is used as made (its point on the curve by construction).
    const p256::Key ephemeral = p256::generate();
    const QByteArray asPublic = p256::pointOf(ephemeral.get());
    QByteArray salt(saltBytes, '\0');
    if (asPublic.isEmpty()
        || RAND_bytes(reinterpret_cast<unsigned char *>(salt.data()), int(saltBytes)) != 1)
        return std::nullopt;
    return seal(plaintext, p256dh, auth, ephemeral.get(), asPublic, salt);
}

std::optional<QByteArray> WebPushCrypto::encryptWith(const QByteArray &plaintext,
    const QByteArray &p256dh, const QByteArray &auth, const QByteArray &asPrivate,
    const QByteArray &asPublic, const QByteArray &salt)
{
    if (!validSizes(plaintext, p256dh, auth) || salt.size() != saltBytes || asPrivate.size() != 32
        || asPublic.size() != pointBytes)
        return std::nullopt;
    const p256::Key own = p256::keyPair(asPublic, asPrivate);
    if (!own)
        return std::nullopt;
    return seal(plaintext, p256dh, auth, own.get(), asPublic, salt);
}

} // namespace tessera::server
