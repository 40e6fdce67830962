#include "push/webpushcrypto.h"

#include <memory>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/param_build.h>
#include <openssl/rand.h>

namespace tessera::server {

namespace {

struct PkeyFree
{
    void operator()(EVP_PKEY *key) const { EVP_PKEY_free(key); }
};
struct PkeyCtxFree
{
    void operator()(EVP_PKEY_CTX *ctx) const { EVP_PKEY_CTX_free(ctx); }
};
struct ParamFree
{
    void operator()(OSSL_PARAM *params) const { OSSL_PARAM_free(params); }
};
struct BuildFree
{
    void operator()(OSSL_PARAM_BLD *build) const { OSSL_PARAM_BLD_free(build); }
};
struct BnFree
{
    void operator()(BIGNUM *bn) const { BN_free(bn); }
};
struct CipherFree
{
    void operator()(EVP_CIPHER_CTX *ctx) const { EVP_CIPHER_CTX_free(ctx); }
};
struct CipherTypeFree
{
    void operator()(EVP_CIPHER *cipher) const { EVP_CIPHER_free(cipher); }
};
struct KdfFree
{
    void operator()(EVP_KDF *kdf) const { EVP_KDF_free(kdf); }
};
struct KdfCtxFree
{
    void operator()(EVP_KDF_CTX *ctx) const { EVP_KDF_CTX_free(ctx); }
};

using Pkey = std::unique_ptr<EVP_PKEY, PkeyFree>;

const char *const groupName = "prime256v1";

// The P-256 domain parameters, made once (shared read-only between threads): keys made from them
// skip looking the curve up by name and building it, a third of a key's making.
EVP_PKEY *p256Parameters()
{
    static const Pkey parameters = [] {
        std::unique_ptr<EVP_PKEY_CTX, PkeyCtxFree> ctx(
            EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr));
        char group[] = "prime256v1";
        const OSSL_PARAM params[] = {
            OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, group, 0),
            OSSL_PARAM_construct_end(),
        };
        EVP_PKEY *made = nullptr;
        if (!ctx || EVP_PKEY_paramgen_init(ctx.get()) <= 0
            || EVP_PKEY_CTX_set_params(ctx.get(), params) <= 0
            || EVP_PKEY_paramgen(ctx.get(), &made) <= 0)
            return Pkey();
        return Pkey(made);
    }();
    return parameters.get();
}

// A fresh P-256 key pair.
Pkey p256KeyPair()
{
    EVP_PKEY *parameters = p256Parameters();
    std::unique_ptr<EVP_PKEY_CTX, PkeyCtxFree> ctx(
        parameters ? EVP_PKEY_CTX_new_from_pkey(nullptr, parameters, nullptr) : nullptr);
    EVP_PKEY *made = nullptr;
    if (!ctx || EVP_PKEY_keygen_init(ctx.get()) <= 0 || EVP_PKEY_keygen(ctx.get(), &made) <= 0)
        return {};
    return Pkey(made);
}

// The public key of an uncompressed P-256 point, checked on the curve (not at infinity: the
// quick check is the whole check on P-256, whose cofactor is 1).
Pkey p256PublicKey(const QByteArray &point)
{
    EVP_PKEY *parameters = p256Parameters();
    if (!parameters || point.size() != WebPushCrypto::pointBytes || point.at(0) != 0x04)
        return {};
    Pkey key(EVP_PKEY_new());
    if (!key || EVP_PKEY_copy_parameters(key.get(), parameters) != 1
        || EVP_PKEY_set1_encoded_public_key(key.get(),
               reinterpret_cast<const unsigned char *>(point.constData()), size_t(point.size()))
            != 1)
        return {};
    std::unique_ptr<EVP_PKEY_CTX, PkeyCtxFree> check(
        EVP_PKEY_CTX_new_from_pkey(nullptr, key.get(), nullptr));
    if (!check || EVP_PKEY_public_check_quick(check.get()) <= 0)
        return {};
    return key;
}

// A P-256 key pair from its parts, the point checked as p256PublicKey() does.
Pkey p256Key(const QByteArray &point, const QByteArray &scalar)
{
    std::unique_ptr<OSSL_PARAM_BLD, BuildFree> build(OSSL_PARAM_BLD_new());
    std::unique_ptr<BIGNUM, BnFree> priv;
    if (!scalar.isEmpty())
        priv.reset(BN_bin2bn(reinterpret_cast<const unsigned char *>(scalar.constData()),
            static_cast<int>(scalar.size()), nullptr));
    if (!build || (!scalar.isEmpty() && !priv)
        || !OSSL_PARAM_BLD_push_utf8_string(build.get(), OSSL_PKEY_PARAM_GROUP_NAME, groupName, 0)
        || !OSSL_PARAM_BLD_push_octet_string(
            build.get(), OSSL_PKEY_PARAM_PUB_KEY, point.constData(), size_t(point.size()))
        || (priv && !OSSL_PARAM_BLD_push_BN(build.get(), OSSL_PKEY_PARAM_PRIV_KEY, priv.get())))
        return {};
    std::unique_ptr<OSSL_PARAM, ParamFree> params(OSSL_PARAM_BLD_to_param(build.get()));
    std::unique_ptr<EVP_PKEY_CTX, PkeyCtxFree> ctx(
        EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr));
    EVP_PKEY *key = nullptr;
    if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) <= 0
        || EVP_PKEY_fromdata(
               ctx.get(), &key, priv ? EVP_PKEY_KEYPAIR : EVP_PKEY_PUBLIC_KEY, params.get())
            <= 0)
        return {};
    Pkey owned(key);
    // The point must be on the curve (fromdata alone does not say so). The quick check (on the
    // curve, not at infinity) is the whole check on P-256, whose cofactor is 1: the full one adds
    // a scalar multiplication (n * Q) that cannot fail for a point on the curve.
    std::unique_ptr<EVP_PKEY_CTX, PkeyCtxFree> check(
        EVP_PKEY_CTX_new_from_pkey(nullptr, owned.get(), nullptr));
    if (!check || EVP_PKEY_public_check_quick(check.get()) <= 0)
        return {};
    return owned;
}

// HKDF fetched from the default provider once (an EVP_KDF is shared between threads; each
// derivation has its own context).
EVP_KDF *hkdfAlgorithm()
{
    static const std::unique_ptr<EVP_KDF, KdfFree> kdf(EVP_KDF_fetch(nullptr, "HKDF", nullptr));
    return kdf.get();
}

// text with its terminating NUL, as RFC 8291 and RFC 8188 write their info strings.
QByteArray withNul(const char *text)
{
    QByteArray bytes(text);
    bytes.append('\0');
    return bytes;
}

std::optional<QByteArray> hkdf(
    const QByteArray &salt, const QByteArray &ikm, const QByteArray &info, qsizetype length)
{
    EVP_KDF *kdf = hkdfAlgorithm();
    std::unique_ptr<EVP_KDF_CTX, KdfCtxFree> ctx(kdf ? EVP_KDF_CTX_new(kdf) : nullptr);
    if (!ctx)
        return std::nullopt;
    char digest[] = "SHA256";
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
    if (EVP_KDF_derive(
            ctx.get(), reinterpret_cast<unsigned char *>(out.data()), size_t(length), params)
        <= 0)
        return std::nullopt;
    return out;
}

// peer was checked on the curve when it was made (p256PublicKey): not checked again here, a full
// check being an extra scalar multiplication.
std::optional<QByteArray> ecdh(EVP_PKEY *own, EVP_PKEY *peer)
{
    std::unique_ptr<EVP_PKEY_CTX, PkeyCtxFree> ctx(
        EVP_PKEY_CTX_new_from_pkey(nullptr, own, nullptr));
    size_t length = 0;
    if (!ctx || EVP_PKEY_derive_init(ctx.get()) <= 0
        || EVP_PKEY_derive_set_peer_ex(ctx.get(), peer, 0) <= 0
        || EVP_PKEY_derive(ctx.get(), nullptr, &length) <= 0)
        return std::nullopt;
    QByteArray secret(qsizetype(length), '\0');
    if (EVP_PKEY_derive(ctx.get(), reinterpret_cast<unsigned char *>(secret.data()), &length) <= 0)
        return std::nullopt;
    secret.resize(qsizetype(length));
    return secret;
}

std::optional<QByteArray> aes128gcm(
    const QByteArray &key, const QByteArray &nonce, const QByteArray &plaintext)
{
    // Fetched once (EVP_aes_128_gcm() is fetched again at every init).
    static const std::unique_ptr<EVP_CIPHER, CipherTypeFree> cipher(
        EVP_CIPHER_fetch(nullptr, "AES-128-GCM", nullptr));
    std::unique_ptr<EVP_CIPHER_CTX, CipherFree> ctx(cipher ? EVP_CIPHER_CTX_new() : nullptr);
    QByteArray out(plaintext.size() + 16, '\0');
    auto *bytes = reinterpret_cast<unsigned char *>(out.data());
    int written = 0;
    int last = 0;
    if (!ctx
        || EVP_EncryptInit_ex2(ctx.get(), cipher.get(),
               reinterpret_cast<const unsigned char *>(key.constData()),
               reinterpret_cast<const unsigned char *>(nonce.constData()), nullptr)
            != 1
        || EVP_EncryptUpdate(ctx.get(), bytes, &written,
               reinterpret_cast<const unsigned char *>(plaintext.constData()),
               static_cast<int>(plaintext.size()))
            != 1
        || EVP_EncryptFinal_ex(ctx.get(), bytes + written, &last) != 1
        || EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, 16, bytes + written + last) != 1)
        return std::nullopt;
    out.resize(written + last + 16);
    return out;
}

// The record for the subscription (p256dh, its key checked on the curve; auth) with the
// application server's key pair own (asPublic its point) and salt; sizes checked by the callers.
std::optional<QByteArray> seal(const QByteArray &plaintext, const QByteArray &p256dh,
    const QByteArray &auth, EVP_PKEY *own, const QByteArray &asPublic, const QByteArray &salt)
{
    const Pkey peer = p256PublicKey(p256dh);
    if (!peer)
        return std::nullopt;
    const std::optional<QByteArray> shared = ecdh(own, peer.get());
    if (!shared)
        return std::nullopt;
    // RFC 8291 section 3.4: IKM = HKDF(auth, ecdh, "WebPush: info" 0x00 ua_public as_public, 32).
    const QByteArray keyInfo = withNul("WebPush: info").append(p256dh).append(asPublic);
    const std::optional<QByteArray> ikm = hkdf(auth, *shared, keyInfo, 32);
    if (!ikm)
        return std::nullopt;
    // RFC 8188 section 2.2 and 2.3.
    const std::optional<QByteArray> cek =
        hkdf(salt, *ikm, withNul("Content-Encoding: aes128gcm"), 16);
    const std::optional<QByteArray> nonce =
        hkdf(salt, *ikm, withNul("Content-Encoding: nonce"), 12);
    if (!cek || !nonce)
        return std::nullopt;
    // One record, the last: the padding delimiter 0x02 and no padding.
    const std::optional<QByteArray> sealed =
        aes128gcm(*cek, *nonce, QByteArray(plaintext).append('\x02'));
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
    return p256PublicKey(point) != nullptr;
}

std::optional<QByteArray> WebPushCrypto::encrypt(
    const QByteArray &plaintext, const QByteArray &p256dh, const QByteArray &auth)
{
    if (!validSizes(plaintext, p256dh, auth))
        return std::nullopt;
    // The ephemeral key pair is used as made (its point on the curve by construction).
    const Pkey ephemeral = p256KeyPair();
    if (!ephemeral)
        return std::nullopt;
    QByteArray asPublic(pointBytes, '\0');
    size_t publicLength = 0;
    QByteArray salt(saltBytes, '\0');
    if (EVP_PKEY_get_octet_string_param(ephemeral.get(), OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY,
            reinterpret_cast<unsigned char *>(asPublic.data()), size_t(asPublic.size()),
            &publicLength)
            != 1
        || publicLength != size_t(pointBytes)
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
    const Pkey own = p256Key(asPublic, asPrivate);
    if (!own)
        return std::nullopt;
    return seal(plaintext, p256dh, auth, own.get(), asPublic, salt);
}

} // namespace tessera::server
