#include "health/hc1verifier.h"

#include "crypto/es256.h"

#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

namespace tessera::server {

namespace {

constexpr int maxIssuerKeys = 256;

template<typename T>
using Owned = es256::Owned<T>;

Hc1Signature answer(QString *reason, Hc1Signature signature, const QString &why)
{
    if (reason)
        *reason = why;
    return signature;
}

// A P-256 public key from its SubjectPublicKeyInfo DER; null for anything else.
Owned<EVP_PKEY> p256Key(const QByteArray &der)
{
    const auto *cursor = reinterpret_cast<const unsigned char *>(der.constData());
    Owned<EVP_PKEY> key(d2i_PUBKEY(nullptr, &cursor, der.size()));
    if (!key || cursor != reinterpret_cast<const unsigned char *>(der.constData()) + der.size()
        || !es256::isP256(key.get())) {
        return nullptr;
    }
    return key;
}

QByteArray spkiDer(EVP_PKEY *key)
{
    const int size = i2d_PUBKEY(key, nullptr);
    if (size <= 0)
        return {};
    QByteArray der(size, Qt::Uninitialized);
    auto *out = reinterpret_cast<unsigned char *>(der.data());
    if (i2d_PUBKEY(key, &out) != size)
        return {};
    return der;
}

} // namespace

Hc1Signature verifyHc1(
    const hc1::Hc1Certificate &certificate, const QList<QByteArray> &issuerKeysDer, QString *reason)
{
    if (issuerKeysDer.isEmpty()) {
        return answer(reason, Hc1Signature::NotChecked,
            QStringLiteral("signature not checked: no issuer key is configured"));
    }
    if (certificate.algorithm != hc1::algorithmEs256) {
        return answer(reason, Hc1Signature::NotChecked,
            QStringLiteral("signature not checked: algorithm %1 is not ES256 (-7), the only one "
                           "this server checks")
                .arg(certificate.algorithm));
    }
    if (certificate.signature.size() != es256::signatureBytes) {
        return answer(reason, Hc1Signature::Invalid,
            QStringLiteral("signature invalid: an ES256 signature has 64 bytes, this one %1")
                .arg(certificate.signature.size()));
    }
    if (!es256::derFromRaw(certificate.signature)) {
        return answer(reason, Hc1Signature::Invalid,
            QStringLiteral("signature invalid: not an ECDSA signature"));
    }
    int usable = 0;
    for (const QByteArray &keyDer : issuerKeysDer) {
        const Owned<EVP_PKEY> key = p256Key(keyDer);
        if (!key)
            continue;
        ++usable;
        if (es256::verify(key.get(), certificate.signedBytes, certificate.signature)) {
            return answer(reason, Hc1Signature::Valid,
                QStringLiteral("signature valid: issuer key %1 verifies it").arg(usable));
        }
    }
    if (usable == 0) {
        return answer(reason, Hc1Signature::NotChecked,
            QStringLiteral("signature not checked: no configured issuer key is a P-256 key"));
    }
    return answer(reason, Hc1Signature::Invalid,
        QStringLiteral("signature invalid: no configured issuer key verifies it"));
}

std::optional<QList<QByteArray>> readHc1IssuerKeys(const QByteArray &pem, QString *error)
{
    const auto refuse = [error](const QString &why) -> std::optional<QList<QByteArray>> {
        if (error)
            *error = why;
        return std::nullopt;
    };
    Owned<BIO> bio(BIO_new_mem_buf(pem.constData(), int(pem.size())));
    if (!bio)
        return refuse(QStringLiteral("cannot read the issuer key file"));
    QList<QByteArray> keys;
    for (;;) {
        char *name = nullptr;
        char *header = nullptr;
        unsigned char *data = nullptr;
        long length = 0;
        if (PEM_read_bio(bio.get(), &name, &header, &data, &length) != 1)
            break;
        const QByteArray blockName(name);
        const QByteArray block(reinterpret_cast<const char *>(data), qsizetype(length));
        OPENSSL_free(name);
        OPENSSL_free(header);
        OPENSSL_free(data);
        QByteArray spki;
        if (blockName == "PUBLIC KEY") {
            spki = block;
        } else if (blockName == "CERTIFICATE") {
            const auto *cursor = reinterpret_cast<const unsigned char *>(block.constData());
            const Owned<X509> certificate(d2i_X509(nullptr, &cursor, block.size()));
            if (!certificate)
                return refuse(
                    QStringLiteral("a CERTIFICATE block of the issuer key file is damaged"));
            spki = spkiDer(X509_get0_pubkey(certificate.get()));
        } else {
            continue; // other blocks (a private key by mistake) are not issuer keys
        }
        if (!p256Key(spki))
            return refuse(QStringLiteral("an issuer key is not a P-256 (ES256) public key"));
        if (keys.size() == maxIssuerKeys)
            return refuse(QStringLiteral("more than %1 issuer keys").arg(maxIssuerKeys));
        keys.append(spki);
    }
    if (keys.isEmpty()) {
        return refuse(QStringLiteral("the issuer key file holds no PUBLIC KEY or CERTIFICATE "
                                     "block"));
    }
    return keys;
}

QString hc1SignatureName(Hc1Signature signature)
{
    switch (signature) {
    case Hc1Signature::Valid:
        return QStringLiteral("valid");
    case Hc1Signature::Invalid:
        return QStringLiteral("invalid");
    case Hc1Signature::NotChecked:
        break;
    }
    return QStringLiteral("not_checked");
}

} // namespace tessera::server
