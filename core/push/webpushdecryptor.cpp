#include "push/webpushdecryptor.h"

#include "base/securewipe.h"

#include <memory>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/param_build.h>

namespace tessera {

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
    void operator()(BIGNUM *bn) const { BN_clear_free(bn); }
};
struct CipherFree
{
    void operator()(EVP_CIPHER_CTX *ctx) const { EVP_CIPHER_CTX_free(ctx); }
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
using Bn = std::unique_ptr<BIGNUM, BnFree>;

const char *const groupName = "prime256v1";

const unsigned char *bytes(const QByteArray &data)
{
    return reinterpret_cast<const unsigned char *>(data.constData());
}

Bn bignum(const QByteArray &data)
{
    return Bn(BN_bin2bn(bytes(data), static_cast<int>(data.size()), nullptr));
}

// A P-256 key from its parts: the public point alone (checked on the curve), or with the private
// scalar (a key pair).
Pkey p256Key(const QByteArray &point, const QByteArray &scalar = {})
{
    if (point.size() != WebPushDecryptor::pointBytes || point.at(0) != 0x04)
        return {};
    std::unique_ptr<OSSL_PARAM_BLD, BuildFree> build(OSSL_PARAM_BLD_new());
    Bn priv;
    if (!scalar.isEmpty())
        priv = bignum(scalar);
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
    std::unique_ptr<EVP_PKEY_CTX, PkeyCtxFree> check(
        EVP_PKEY_CTX_new_from_pkey(nullptr, owned.get(), nullptr));
    if (!check || EVP_PKEY_public_check(check.get()) <= 0)
        return {};
    return owned;
}

QByteArray withNul(const char *text)
{
    QByteArray data(text);
    data.append('\0');
    return data;
}

std::optional<QByteArray> hkdf(
    const QByteArray &salt, const QByteArray &ikm, const QByteArray &info, qsizetype length)
{
    std::unique_ptr<EVP_KDF, KdfFree> kdf(EVP_KDF_fetch(nullptr, "HKDF", nullptr));
    std::unique_ptr<EVP_KDF_CTX, KdfCtxFree> ctx(kdf ? EVP_KDF_CTX_new(kdf.get()) : nullptr);
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
    const bool ok = EVP_KDF_derive(ctx.get(), reinterpret_cast<unsigned char *>(out.data()),
                        size_t(length), params)
        > 0;
    secureWipe(k);
    if (!ok)
        return std::nullopt;
    return out;
}

std::optional<QByteArray> ecdh(EVP_PKEY *own, EVP_PKEY *peer)
{
    std::unique_ptr<EVP_PKEY_CTX, PkeyCtxFree> ctx(
        EVP_PKEY_CTX_new_from_pkey(nullptr, own, nullptr));
    size_t length = 0;
    if (!ctx || EVP_PKEY_derive_init(ctx.get()) <= 0
        || EVP_PKEY_derive_set_peer(ctx.get(), peer) <= 0
        || EVP_PKEY_derive(ctx.get(), nullptr, &length) <= 0)
        return std::nullopt;
    QByteArray secret(qsizetype(length), '\0');
    if (EVP_PKEY_derive(ctx.get(), reinterpret_cast<unsigned char *>(secret.data()), &length) <= 0)
        return std::nullopt;
    secret.resize(qsizetype(length));
    return secret;
}

// AES-128-GCM open of ciphertext|tag; nullopt when the tag does not match.
std::optional<QByteArray> openGcm(
    const QByteArray &key, const QByteArray &nonce, const QByteArray &sealed)
{
    const qsizetype textBytes = sealed.size() - WebPushDecryptor::tagBytes;
    std::unique_ptr<EVP_CIPHER_CTX, CipherFree> ctx(EVP_CIPHER_CTX_new());
    QByteArray out(textBytes, '\0');
    auto *outBytes = reinterpret_cast<unsigned char *>(out.data());
    QByteArray tag = sealed.right(WebPushDecryptor::tagBytes);
    int written = 0;
    int last = 0;
    if (!ctx
        || EVP_DecryptInit_ex2(ctx.get(), EVP_aes_128_gcm(), bytes(key), bytes(nonce), nullptr) != 1
        || EVP_DecryptUpdate(ctx.get(), outBytes, &written, bytes(sealed), int(textBytes)) != 1
        || EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, int(tag.size()), tag.data()) != 1
        || EVP_DecryptFinal_ex(ctx.get(), outBytes + written, &last) != 1) {
        secureWipe(out);
        return std::nullopt;
    }
    out.resize(written + last);
    return out;
}

std::optional<QByteArray> fail(QString *reason, const QString &why)
{
    if (reason != nullptr)
        *reason = why;
    return std::nullopt;
}

} // namespace

WebPushDecryptor::WebPushDecryptor(QByteArray privateKey, QByteArray publicKey, QByteArray auth)
    : m_private(std::move(privateKey))
    , m_public(std::move(publicKey))
    , m_auth(std::move(auth))
{ }

WebPushDecryptor::~WebPushDecryptor()
{
    secureWipe(m_private);
    secureWipe(m_auth);
}

std::pair<QByteArray, QByteArray> WebPushDecryptor::generateKeyPair()
{
    const Pkey key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
    if (!key)
        return {};
    QByteArray point(pointBytes, '\0');
    size_t length = 0;
    BIGNUM *scalar = nullptr;
    if (EVP_PKEY_get_octet_string_param(key.get(), OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY,
            reinterpret_cast<unsigned char *>(point.data()), size_t(point.size()), &length)
            != 1
        || length != size_t(pointBytes)
        || EVP_PKEY_get_bn_param(key.get(), OSSL_PKEY_PARAM_PRIV_KEY, &scalar) != 1)
        return {};
    const Bn owned(scalar);
    QByteArray priv(privateBytes, '\0');
    if (BN_bn2binpad(scalar, reinterpret_cast<unsigned char *>(priv.data()), int(privateBytes))
        != int(privateBytes))
        return {};
    return { priv, point };
}

bool WebPushDecryptor::isKeyPair(const QByteArray &privateKey, const QByteArray &publicKey)
{
    if (privateKey.size() != privateBytes)
        return false;
    const Pkey pair = p256Key(publicKey, privateKey);
    if (!pair)
        return false;
    std::unique_ptr<EVP_PKEY_CTX, PkeyCtxFree> check(
        EVP_PKEY_CTX_new_from_pkey(nullptr, pair.get(), nullptr));
    return check && EVP_PKEY_pairwise_check(check.get()) > 0;
}

std::optional<QByteArray> WebPushDecryptor::decrypt(const QByteArray &body, QString *reason) const
{
    if (body.size() > maxBodyBytes)
        return fail(reason, QStringLiteral("the push is larger than %1 bytes").arg(maxBodyBytes));
    if (body.size() < headerBytes)
        return fail(reason, QStringLiteral("the push is shorter than its header"));
    const QByteArray salt = body.left(saltBytes);
    const quint32 rs = (quint32(quint8(body.at(16))) << 24) | (quint32(quint8(body.at(17))) << 16)
        | (quint32(quint8(body.at(18))) << 8) | quint32(quint8(body.at(19)));
    const auto idlen = qsizetype(quint8(body.at(20)));
    if (idlen != pointBytes)
        return fail(reason, QStringLiteral("the key id is not a 65-byte P-256 point"));
    // RFC 8188 section 2: a record size below 18 is invalid (16 bytes of tag, 1 of delimiter).
    if (rs < 18)
        return fail(reason, QStringLiteral("the record size is too small"));
    const QByteArray senderKey = body.mid(21, pointBytes);
    const QByteArray record = body.mid(headerBytes);
    if (record.size() < tagBytes + 1)
        return fail(reason, QStringLiteral("the record is shorter than its tag"));
    if (quint64(record.size()) > quint64(rs))
        return fail(reason, QStringLiteral("the push has more than one record"));
    if (m_private.size() != privateBytes || m_auth.size() != authBytes)
        return fail(reason, QStringLiteral("no push keys"));
    const Pkey peer = p256Key(senderKey);
    if (!peer)
        return fail(reason, QStringLiteral("the sender's key is not a point on P-256"));
    const Pkey own = p256Key(m_public, m_private);
    if (!own)
        return fail(reason, QStringLiteral("our push keys are not a P-256 key pair"));
    std::optional<QByteArray> shared = ecdh(own.get(), peer.get());
    if (!shared)
        return fail(reason, QStringLiteral("no shared secret"));
    // RFC 8291 section 3.4, then RFC 8188 sections 2.2 and 2.3.
    const QByteArray keyInfo = withNul("WebPush: info").append(m_public).append(senderKey);
    std::optional<QByteArray> ikm = hkdf(m_auth, *shared, keyInfo, 32);
    secureWipe(*shared);
    if (!ikm)
        return fail(reason, QStringLiteral("key derivation failed"));
    std::optional<QByteArray> cek = hkdf(salt, *ikm, withNul("Content-Encoding: aes128gcm"), 16);
    const std::optional<QByteArray> nonce =
        hkdf(salt, *ikm, withNul("Content-Encoding: nonce"), 12);
    secureWipe(*ikm);
    if (!cek || !nonce)
        return fail(reason, QStringLiteral("key derivation failed"));
    std::optional<QByteArray> padded = openGcm(*cek, *nonce, record);
    secureWipe(*cek);
    if (!padded)
        return fail(reason, QStringLiteral("the tag does not match"));
    // The last (and only) record: data | 0x02 | zeros.
    qsizetype end = padded->size();
    while (end > 0 && padded->at(end - 1) == '\0')
        --end;
    if (end == 0 || padded->at(end - 1) != '\x02') {
        secureWipe(*padded);
        return fail(reason, QStringLiteral("the record has no last-record delimiter"));
    }
    padded->truncate(end - 1);
    return padded;
}

} // namespace tessera
