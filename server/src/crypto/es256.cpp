#include "crypto/es256.h"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

namespace tessera::server::es256 {

namespace {

constexpr int scalarBytes = int(signatureBytes / 2);

const unsigned char *bytesOf(QByteArrayView view)
{
    return reinterpret_cast<const unsigned char *>(view.data());
}

// An encrypted PEM is refused rather than asking for a passphrase on the terminal.
int noPassphrase(char * /*buffer*/, int /*size*/, int /*writing*/, void * /*data*/)
{
    return 0;
}

} // namespace

void Free::operator()(ECDSA_SIG *signature) const
{
    ECDSA_SIG_free(signature);
}
void Free::operator()(BIO *bio) const
{
    BIO_free(bio);
}
void Free::operator()(X509 *certificate) const
{
    X509_free(certificate);
}

bool isP256(EVP_PKEY *key)
{
    char group[32] = {};
    size_t groupLength = 0;
    return key && EVP_PKEY_is_a(key, "EC")
        && EVP_PKEY_get_utf8_string_param(
               key, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof(group), &groupLength)
        == 1
        && QByteArrayView(group, qsizetype(groupLength)) == "prime256v1";
}

Owned<EVP_PKEY> privateKeyFromPem(QByteArrayView pem, QString *error)
{
    const auto refuse = [error](const QString &why) {
        if (error)
            *error = why;
        return Owned<EVP_PKEY>();
    };
    if (pem.isEmpty())
        return refuse(QStringLiteral("the key is empty"));
    const Owned<BIO> bio(BIO_new_mem_buf(pem.data(), int(pem.size())));
    Owned<EVP_PKEY> key(
        bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, noPassphrase, nullptr) : nullptr);
    if (!key)
        return refuse(QStringLiteral("the key is not a private key in PEM"));
    if (!isP256(key.get()))
        return refuse(QStringLiteral("the key is not a P-256 (ES256) key"));
    return key;
}

QByteArray publicPoint(EVP_PKEY *key)
{
    return p256::pointOf(key);
}

std::optional<QByteArray> sign(EVP_PKEY *key, QByteArrayView data)
{
    const Owned<EVP_MD_CTX> context(EVP_MD_CTX_new());
    size_t length = 0;
    if (!key || !context
        || EVP_DigestSignInit(context.get(), nullptr, EVP_sha256(), nullptr, key) != 1
        || EVP_DigestSign(context.get(), nullptr, &length, bytesOf(data), size_t(data.size()))
            != 1) {
        return std::nullopt;
    }
    QByteArray der(qsizetype(length), Qt::Uninitialized);
    if (EVP_DigestSign(context.get(), reinterpret_cast<unsigned char *>(der.data()), &length,
            bytesOf(data), size_t(data.size()))
        != 1) {
        return std::nullopt;
    }
    der.resize(qsizetype(length));
    return rawFromDer(der);
}

bool verify(EVP_PKEY *key, QByteArrayView data, QByteArrayView raw)
{
    const std::optional<QByteArray> der = derFromRaw(raw);
    if (!key || !der)
        return false;
    const Owned<EVP_MD_CTX> context(EVP_MD_CTX_new());
    return context && EVP_DigestVerifyInit(context.get(), nullptr, EVP_sha256(), nullptr, key) == 1
        && EVP_DigestVerify(context.get(), bytesOf(*der), size_t(der->size()), bytesOf(data),
               size_t(data.size()))
        == 1;
}

std::optional<QByteArray> rawFromDer(QByteArrayView der)
{
    const unsigned char *cursor = bytesOf(der);
    const Owned<ECDSA_SIG> signature(d2i_ECDSA_SIG(nullptr, &cursor, long(der.size())));
    if (!signature || cursor != bytesOf(der) + der.size())
        return std::nullopt;
    const BIGNUM *r = nullptr;
    const BIGNUM *s = nullptr;
    ECDSA_SIG_get0(signature.get(), &r, &s);
    QByteArray raw(signatureBytes, '\0');
    auto *out = reinterpret_cast<unsigned char *>(raw.data());
    if (BN_bn2binpad(r, out, scalarBytes) != scalarBytes
        || BN_bn2binpad(s, out + scalarBytes, scalarBytes) != scalarBytes) {
        return std::nullopt;
    }
    return raw;
}

std::optional<QByteArray> derFromRaw(QByteArrayView raw)
{
    if (raw.size() != signatureBytes)
        return std::nullopt;
    Owned<BIGNUM> r(BN_bin2bn(bytesOf(raw), scalarBytes, nullptr));
    Owned<BIGNUM> s(BN_bin2bn(bytesOf(raw) + scalarBytes, scalarBytes, nullptr));
    const Owned<ECDSA_SIG> signature(ECDSA_SIG_new());
    if (!r || !s || !signature || ECDSA_SIG_set0(signature.get(), r.get(), s.get()) != 1)
        return std::nullopt;
    (void)r.release(); // owned by signature now
    (void)s.release();
    const int size = i2d_ECDSA_SIG(signature.get(), nullptr);
    if (size <= 0)
        return std::nullopt;
    QByteArray der(size, Qt::Uninitialized);
    auto *out = reinterpret_cast<unsigned char *>(der.data());
    if (i2d_ECDSA_SIG(signature.get(), &out) != size)
        return std::nullopt;
    return der;
}

} // namespace tessera::server::es256
