#include "p256/p256.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/param_build.h>

namespace tessera::p256 {

namespace {

struct KdfFree
{
    void operator()(EVP_KDF *kdf) const { EVP_KDF_free(kdf); }
};
struct KdfCtxFree
{
    void operator()(EVP_KDF_CTX *ctx) const { EVP_KDF_CTX_free(ctx); }
};
struct CipherTypeFree
{
    void operator()(EVP_CIPHER *cipher) const { EVP_CIPHER_free(cipher); }
};

const char *const groupName = "prime256v1";

const unsigned char *bytesOf(const QByteArray &data)
{
    return reinterpret_cast<const unsigned char *>(data.constData());
}

unsigned char *bytesOf(QByteArray &data)
{
    return reinterpret_cast<unsigned char *>(data.data());
}

// Our own copies of secrets: zeroed when no other QByteArray shares the buffer, then dropped.
void wipe(QByteArray &bytes)
{
    if (!bytes.isEmpty() && bytes.isDetached())
        OPENSSL_cleanse(bytes.data(), size_t(bytes.size()));
    bytes.clear();
}

// The P-256 domain parameters, made once (shared read-only between threads): keys made from them
// skip looking the curve up by name and building it, a third of a key's making.
EVP_PKEY *parameters()
{
    static const Key made = [] {
        const Owned<EVP_PKEY_CTX> ctx(EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr));
        char group[] = "prime256v1";
        const OSSL_PARAM params[] = {
            OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, group, 0),
            OSSL_PARAM_construct_end(),
        };
        EVP_PKEY *key = nullptr;
        if (!ctx || EVP_PKEY_paramgen_init(ctx.get()) <= 0
            || EVP_PKEY_CTX_set_params(ctx.get(), params) <= 0
            || EVP_PKEY_paramgen(ctx.get(), &key) <= 0)
            return Key();
        return Key(key);
    }();
    return made.get();
}

// The point must be on the curve (making a key from data alone does not say so). The quick check
// (on the curve, not at infinity) is the whole check on P-256, whose cofactor is 1: the full one
// adds a scalar multiplication (n * Q) that cannot fail for a point on the curve.
bool onCurve(EVP_PKEY *key)
{
    const Owned<EVP_PKEY_CTX> check(EVP_PKEY_CTX_new_from_pkey(nullptr, key, nullptr));
    return check && EVP_PKEY_public_check_quick(check.get()) > 0;
}

bool uncompressedPoint(const QByteArray &point)
{
    return point.size() == pointBytes && point.at(0) == 0x04;
}

// HKDF and AES-128-GCM fetched from the default provider once (an EVP_KDF or EVP_CIPHER is shared
// between threads; each use has its own context).
EVP_KDF *hkdfAlgorithm()
{
    static const std::unique_ptr<EVP_KDF, KdfFree> kdf(EVP_KDF_fetch(nullptr, "HKDF", nullptr));
    return kdf.get();
}

EVP_CIPHER *aes128Gcm()
{
    static const std::unique_ptr<EVP_CIPHER, CipherTypeFree> cipher(
        EVP_CIPHER_fetch(nullptr, "AES-128-GCM", nullptr));
    return cipher.get();
}

bool gcmSizes(const QByteArray &key, const QByteArray &nonce)
{
    return key.size() == gcmKeyBytes && nonce.size() == gcmNonceBytes;
}

} // namespace

void Free::operator()(EVP_PKEY *key) const
{
    EVP_PKEY_free(key);
}
void Free::operator()(EVP_PKEY_CTX *context) const
{
    EVP_PKEY_CTX_free(context);
}
void Free::operator()(BIGNUM *number) const
{
    BN_clear_free(number);
}
void Free::operator()(EVP_CIPHER_CTX *context) const
{
    EVP_CIPHER_CTX_free(context);
}
void Free::operator()(EVP_MD_CTX *context) const
{
    EVP_MD_CTX_free(context);
}
void Free::operator()(OSSL_PARAM *params) const
{
    OSSL_PARAM_free(params);
}
void Free::operator()(OSSL_PARAM_BLD *build) const
{
    OSSL_PARAM_BLD_free(build);
}

Key publicKey(const QByteArray &point)
{
    EVP_PKEY *domain = parameters();
    if (!domain || !uncompressedPoint(point))
        return {};
    Key key(EVP_PKEY_new());
    if (!key || EVP_PKEY_copy_parameters(key.get(), domain) != 1
        || EVP_PKEY_set1_encoded_public_key(key.get(), bytesOf(point), size_t(point.size())) != 1
        || !onCurve(key.get()))
        return {};
    return key;
}

Key keyPair(const QByteArray &point, const QByteArray &scalar)
{
    if (!uncompressedPoint(point) || scalar.size() != scalarBytes)
        return {};
    const Owned<OSSL_PARAM_BLD> build(OSSL_PARAM_BLD_new());
    const Owned<BIGNUM> priv(BN_bin2bn(bytesOf(scalar), int(scalar.size()), nullptr));
    if (!build || !priv
        || !OSSL_PARAM_BLD_push_utf8_string(build.get(), OSSL_PKEY_PARAM_GROUP_NAME, groupName, 0)
        || !OSSL_PARAM_BLD_push_octet_string(
            build.get(), OSSL_PKEY_PARAM_PUB_KEY, point.constData(), size_t(point.size()))
        || !OSSL_PARAM_BLD_push_BN(build.get(), OSSL_PKEY_PARAM_PRIV_KEY, priv.get()))
        return {};
    const Owned<OSSL_PARAM> params(OSSL_PARAM_BLD_to_param(build.get()));
    const Owned<EVP_PKEY_CTX> ctx(EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr));
    EVP_PKEY *made = nullptr;
    if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) <= 0
        || EVP_PKEY_fromdata(ctx.get(), &made, EVP_PKEY_KEYPAIR, params.get()) <= 0)
        return {};
    Key key(made);
    if (!onCurve(key.get()))
        return {};
    return key;
}

bool isKeyPair(const QByteArray &point, const QByteArray &scalar)
{
    const Key pair = keyPair(point, scalar);
    if (!pair)
        return false;
    const Owned<EVP_PKEY_CTX> check(EVP_PKEY_CTX_new_from_pkey(nullptr, pair.get(), nullptr));
    return check && EVP_PKEY_pairwise_check(check.get()) > 0;
}

Key generate()
{
    EVP_PKEY *domain = parameters();
    const Owned<EVP_PKEY_CTX> ctx(
        domain ? EVP_PKEY_CTX_new_from_pkey(nullptr, domain, nullptr) : nullptr);
    EVP_PKEY *made = nullptr;
    if (!ctx || EVP_PKEY_keygen_init(ctx.get()) <= 0 || EVP_PKEY_keygen(ctx.get(), &made) <= 0)
        return {};
    return Key(made);
}

QByteArray pointOf(EVP_PKEY *key)
{
    QByteArray point(pointBytes, '\0');
    size_t length = 0;
    if (key == nullptr
        || EVP_PKEY_get_octet_string_param(key, OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY, bytesOf(point),
               size_t(point.size()), &length)
            != 1
        || length != size_t(pointBytes))
        return {};
    return point;
}

QByteArray scalarOf(EVP_PKEY *key)
{
    BIGNUM *read = nullptr;
    if (key == nullptr || EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_PRIV_KEY, &read) != 1)
        return {};
    const Owned<BIGNUM> scalar(read);
    QByteArray bytes(scalarBytes, '\0');
    if (BN_bn2binpad(scalar.get(), bytesOf(bytes), int(scalarBytes)) != int(scalarBytes)) {
        wipe(bytes);
        return {};
    }
    return bytes;
}

std::optional<QByteArray> ecdh(EVP_PKEY *own, EVP_PKEY *peer)
{
    if (own == nullptr || peer == nullptr)
        return std::nullopt;
    const Owned<EVP_PKEY_CTX> ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, own, nullptr));
    size_t length = 0;
    if (!ctx || EVP_PKEY_derive_init(ctx.get()) <= 0
        || EVP_PKEY_derive_set_peer_ex(ctx.get(), peer, 0) <= 0
        || EVP_PKEY_derive(ctx.get(), nullptr, &length) <= 0)
        return std::nullopt;
    QByteArray secret(qsizetype(length), '\0');
    if (EVP_PKEY_derive(ctx.get(), bytesOf(secret), &length) <= 0) {
        wipe(secret);
        return std::nullopt;
    }
    secret.resize(qsizetype(length));
    return secret;
}

std::optional<QByteArray> hkdfSha256(
    const QByteArray &salt, const QByteArray &ikm, const QByteArray &info, qsizetype length)
{
    EVP_KDF *kdf = hkdfAlgorithm();
    const std::unique_ptr<EVP_KDF_CTX, KdfCtxFree> ctx(kdf ? EVP_KDF_CTX_new(kdf) : nullptr);
    if (!ctx || length <= 0)
        return std::nullopt;
    char digest[] = "SHA256";
    // OSSL_PARAM takes non-const buffers: our own copies (the key's wiped after).
    QByteArray s = salt;
    QByteArray k = ikm;
    QByteArray i = info;
    const OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, digest, 0),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, s.data(), size_t(s.size())),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY, k.data(), size_t(k.size())),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO, i.data(), size_t(i.size())),
        OSSL_PARAM_construct_end(),
    };
    QByteArray out(length, '\0');
    const bool ok = EVP_KDF_derive(ctx.get(), bytesOf(out), size_t(length), params) > 0;
    wipe(k);
    if (!ok) {
        wipe(out);
        return std::nullopt;
    }
    return out;
}

std::optional<QByteArray> aes128GcmSeal(
    const QByteArray &key, const QByteArray &nonce, const QByteArray &plaintext)
{
    EVP_CIPHER *cipher = aes128Gcm();
    const Owned<EVP_CIPHER_CTX> ctx(cipher ? EVP_CIPHER_CTX_new() : nullptr);
    if (!ctx || !gcmSizes(key, nonce))
        return std::nullopt;
    QByteArray out(plaintext.size() + gcmTagBytes, '\0');
    unsigned char *bytes = bytesOf(out);
    int written = 0;
    int last = 0;
    if (EVP_EncryptInit_ex2(ctx.get(), cipher, bytesOf(key), bytesOf(nonce), nullptr) != 1
        || EVP_EncryptUpdate(
               ctx.get(), bytes, &written, bytesOf(plaintext), static_cast<int>(plaintext.size()))
            != 1
        || EVP_EncryptFinal_ex(ctx.get(), bytes + written, &last) != 1
        || EVP_CIPHER_CTX_ctrl(
               ctx.get(), EVP_CTRL_GCM_GET_TAG, int(gcmTagBytes), bytes + written + last)
            != 1)
        return std::nullopt;
    out.resize(written + last + gcmTagBytes);
    return out;
}

std::optional<QByteArray> aes128GcmOpen(
    const QByteArray &key, const QByteArray &nonce, const QByteArray &sealed)
{
    EVP_CIPHER *cipher = aes128Gcm();
    const Owned<EVP_CIPHER_CTX> ctx(cipher ? EVP_CIPHER_CTX_new() : nullptr);
    if (!ctx || !gcmSizes(key, nonce) || sealed.size() < gcmTagBytes)
        return std::nullopt;
    const qsizetype textBytes = sealed.size() - gcmTagBytes;
    QByteArray out(textBytes, '\0');
    unsigned char *bytes = bytesOf(out);
    QByteArray tag = sealed.right(gcmTagBytes);
    int written = 0;
    int last = 0;
    if (EVP_DecryptInit_ex2(ctx.get(), cipher, bytesOf(key), bytesOf(nonce), nullptr) != 1
        || EVP_DecryptUpdate(ctx.get(), bytes, &written, bytesOf(sealed), int(textBytes)) != 1
        || EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, int(tag.size()), tag.data()) != 1
        || EVP_DecryptFinal_ex(ctx.get(), bytes + written, &last) != 1) {
        wipe(out);
        return std::nullopt;
    }
    out.resize(written + last);
    return out;
}

} // namespace tessera::p256
