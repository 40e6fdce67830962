#pragma once

#include "p256/p256.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <memory>
#include <openssl/ec.h> // ECDSA_SIG
#include <openssl/types.h>
#include <optional>

namespace tessera::server::es256 {

// ES256 (ECDSA on P-256 with SHA-256) with OpenSSL 3's EVP, in one place for the server's users:
// the VAPID key and the APNs provider token (which sign) and the HC1 check (which verifies).
// Signatures are JOSE/COSE's raw r||s, 32 bytes each (RFC 7518 section 3.4; DESIGN.md, second
// round, decision 6), never OpenSSL's DER ECDSA-Sig-Value, which is converted here both ways.

inline constexpr qsizetype signatureBytes = 64;
inline constexpr qsizetype pointBytes = p256::pointBytes; // uncompressed: 0x04 | x | y

// unique_ptr deleters for the libcrypto objects the ES256 users hold: core/p256's (keys, their
// contexts, numbers, digests) and the ones only the server's users need.
struct Free : p256::Free
{
    using p256::Free::operator();
    void operator()(ECDSA_SIG *signature) const;
    void operator()(BIO *bio) const;
    void operator()(X509 *certificate) const;
};
template<typename T>
using Owned = std::unique_ptr<T, Free>;

// Whether key is an EC key on P-256 (prime256v1).
bool isP256(EVP_PKEY *key);

// A P-256 private key from PEM: PKCS #8 ("PRIVATE KEY", as Apple's .p8 files) or SEC 1
// ("EC PRIVATE KEY"). Null with *error for anything else; the error never quotes the PEM.
Owned<EVP_PKEY> privateKeyFromPem(QByteArrayView pem, QString *error);

// The uncompressed public point of a P-256 key (65 bytes); empty when it cannot be read.
QByteArray publicPoint(EVP_PKEY *key);

// The raw 64-byte r||s signature of data with a P-256 private key; nullopt when signing failed.
std::optional<QByteArray> sign(EVP_PKEY *key, QByteArrayView data);

// Whether raw (exactly 64 bytes r||s) is key's signature of data.
bool verify(EVP_PKEY *key, QByteArrayView data, QByteArrayView raw);

// DER ECDSA-Sig-Value -> raw r||s (each left-padded to 32 bytes); nullopt for a DER that does not
// parse, has bytes after it, or an r or s longer than 32 bytes.
std::optional<QByteArray> rawFromDer(QByteArrayView der);
// Raw r||s (exactly 64 bytes) -> DER ECDSA-Sig-Value; nullopt for any other length.
std::optional<QByteArray> derFromRaw(QByteArrayView raw);

} // namespace tessera::server::es256
