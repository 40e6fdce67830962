#pragma once

#include <QByteArray>

#include <memory>
#include <openssl/types.h>
#include <optional>

namespace tessera::p256 {

// P-256 (prime256v1) and the symmetric pieces RFC 8291 builds on, with OpenSSL 3's libcrypto
// through EVP only (DESIGN.md, second round, decision 6): one piece for the client's push
// receiver and the server's Web Push sender. Every function answers null/nullopt when an input
// is not what it says or libcrypto failed; none logs, none keeps a copy of a secret.

inline constexpr qsizetype pointBytes = 65; // an uncompressed public point: 0x04 | x | y
inline constexpr qsizetype scalarBytes = 32; // a private scalar
inline constexpr qsizetype gcmKeyBytes = 16;
inline constexpr qsizetype gcmNonceBytes = 12;
inline constexpr qsizetype gcmTagBytes = 16;

// unique_ptr deleters for the libcrypto objects these functions and their users hold (a BIGNUM
// is cleared before it is freed: it may be a private scalar).
struct Free
{
    void operator()(EVP_PKEY *key) const;
    void operator()(EVP_PKEY_CTX *context) const;
    void operator()(BIGNUM *number) const;
    void operator()(EVP_CIPHER_CTX *context) const;
    void operator()(EVP_MD_CTX *context) const;
    void operator()(OSSL_PARAM *params) const;
    void operator()(OSSL_PARAM_BLD *build) const;
};
template<typename T>
using Owned = std::unique_ptr<T, Free>;
using Key = Owned<EVP_PKEY>;

// The public key of an uncompressed point (65 bytes, 0x04 first), checked on the curve and not
// at infinity (on P-256, whose cofactor is 1, that is the whole public key check).
Key publicKey(const QByteArray &point);
// A key pair from its private scalar (32 bytes) and public point, the point checked as
// publicKey() does. Whether the two belong together: isKeyPair().
Key keyPair(const QByteArray &point, const QByteArray &scalar);
// Whether scalar and point are one P-256 key pair (the pairwise check).
bool isKeyPair(const QByteArray &point, const QByteArray &scalar);
// A fresh key pair.
Key generate();
// A key's uncompressed public point (65 bytes); empty when it cannot be read.
QByteArray pointOf(EVP_PKEY *key);
// A key pair's private scalar (32 bytes, left-padded); empty when it cannot be read.
QByteArray scalarOf(EVP_PKEY *key);

// The ECDH shared secret (the x coordinate, 32 bytes) of own's private key and peer's public
// key. peer is not checked again: make it with publicKey().
std::optional<QByteArray> ecdh(EVP_PKEY *own, EVP_PKEY *peer);

// HKDF with SHA-256 (RFC 5869): length bytes from ikm with salt and info.
std::optional<QByteArray> hkdfSha256(
    const QByteArray &salt, const QByteArray &ikm, const QByteArray &info, qsizetype length);

// AES-128-GCM without associated data: seal gives ciphertext | tag (16 bytes); open takes the
// same and gives the plaintext, nullopt when the tag does not match. key 16 bytes, nonce 12.
std::optional<QByteArray> aes128GcmSeal(
    const QByteArray &key, const QByteArray &nonce, const QByteArray &plaintext);
std::optional<QByteArray> aes128GcmOpen(
    const QByteArray &key, const QByteArray &nonce, const QByteArray &sealed);

} // namespace tessera::p256
