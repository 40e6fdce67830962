#include "push/vapidkey.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

namespace tessera::server {

struct VapidKey::Key
{
    explicit Key(EVP_PKEY *key)
        : pkey(key)
    { }
    ~Key() { EVP_PKEY_free(pkey); }
    Key(const Key &) = delete;
    Key &operator=(const Key &) = delete;
    EVP_PKEY *pkey;
};

namespace {

QByteArray base64Url(const QByteArray &bytes)
{
    return bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

// OpenSSL's DER ECDSA-Sig-Value as JOSE's raw r||s (RFC 7518 section 3.4).
std::optional<QByteArray> rawSignature(const QByteArray &der)
{
    const auto *bytes = reinterpret_cast<const unsigned char *>(der.constData());
    ECDSA_SIG *sig = d2i_ECDSA_SIG(nullptr, &bytes, static_cast<long>(der.size()));
    if (!sig)
        return std::nullopt;
    const BIGNUM *r = nullptr;
    const BIGNUM *s = nullptr;
    ECDSA_SIG_get0(sig, &r, &s);
    QByteArray raw(64, '\0');
    auto *out = reinterpret_cast<unsigned char *>(raw.data());
    const bool ok = BN_bn2binpad(r, out, 32) == 32 && BN_bn2binpad(s, out + 32, 32) == 32;
    ECDSA_SIG_free(sig);
    return ok ? std::optional<QByteArray>(raw) : std::nullopt;
}

} // namespace

VapidKey::VapidKey(std::unique_ptr<Key> key, QByteArray publicKey)
    : m_key(std::move(key))
    , m_public(std::move(publicKey))
{ }

VapidKey::~VapidKey() = default;
VapidKey::VapidKey(VapidKey &&) noexcept = default;
VapidKey &VapidKey::operator=(VapidKey &&) noexcept = default;

std::optional<VapidKey> VapidKey::fromPem(const QByteArray &pem, QString *error)
{
    BIO *bio = BIO_new_mem_buf(pem.constData(), static_cast<int>(pem.size()));
    EVP_PKEY *pkey = bio ? PEM_read_bio_PrivateKey(bio, nullptr, nullptr, nullptr) : nullptr;
    BIO_free(bio);
    auto key = std::make_unique<Key>(pkey);
    char group[64] = {};
    size_t groupLength = 0;
    QByteArray point(65, '\0');
    size_t pointLength = 0;
    if (!pkey || !EVP_PKEY_is_a(pkey, "EC")
        || EVP_PKEY_get_utf8_string_param(
               pkey, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof(group), &groupLength)
            != 1
        || qstrcmp(group, "prime256v1") != 0
        || EVP_PKEY_get_octet_string_param(pkey, OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY,
               reinterpret_cast<unsigned char *>(point.data()), size_t(point.size()), &pointLength)
            != 1
        || pointLength != 65) {
        *error = QStringLiteral("the VAPID key is not a P-256 private key in PEM");
        return std::nullopt;
    }
    return VapidKey(std::move(key), point);
}

std::optional<VapidKey> VapidKey::fromFile(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read the VAPID key file %1").arg(path);
        return std::nullopt;
    }
    return fromPem(file.readAll(), error);
}

QString VapidKey::originOf(const QUrl &endpoint)
{
    return endpoint
        .adjusted(
            QUrl::RemovePath | QUrl::RemoveQuery | QUrl::RemoveFragment | QUrl::RemoveUserInfo)
        .toString(QUrl::FullyEncoded);
}

std::optional<QByteArray> VapidKey::jwt(
    const QUrl &endpoint, const QString &subject, const QDateTime &now) const
{
    const QByteArray header = base64Url(QJsonDocument(
        QJsonObject { { QStringLiteral("typ"), QStringLiteral("JWT") },
            { QStringLiteral("alg"),
                QStringLiteral("ES256") } }).toJson(QJsonDocument::Compact));
    const QByteArray claims = base64Url(QJsonDocument(
        QJsonObject { { QStringLiteral("aud"), originOf(endpoint) },
            { QStringLiteral("exp"), now.toSecsSinceEpoch() + lifetimeSeconds },
            { QStringLiteral("sub"),
                subject } }).toJson(QJsonDocument::Compact));
    const QByteArray signingInput = QByteArray(header).append('.').append(claims);
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    size_t length = 0;
    QByteArray der;
    bool ok = ctx && EVP_DigestSignInit(ctx, nullptr, EVP_sha256(), nullptr, m_key->pkey) == 1
        && EVP_DigestSign(ctx, nullptr, &length,
               reinterpret_cast<const unsigned char *>(signingInput.constData()),
               size_t(signingInput.size()))
            == 1;
    if (ok) {
        der.resize(qsizetype(length));
        ok = EVP_DigestSign(ctx, reinterpret_cast<unsigned char *>(der.data()), &length,
                 reinterpret_cast<const unsigned char *>(signingInput.constData()),
                 size_t(signingInput.size()))
            == 1;
        der.resize(qsizetype(length));
    }
    EVP_MD_CTX_free(ctx);
    const std::optional<QByteArray> raw = ok ? rawSignature(der) : std::nullopt;
    if (!raw)
        return std::nullopt;
    return QByteArray(signingInput).append('.').append(base64Url(*raw));
}

std::optional<QByteArray> VapidKey::authorization(
    const QUrl &endpoint, const QString &subject, const QDateTime &now) const
{
    const std::optional<QByteArray> token = jwt(endpoint, subject, now);
    if (!token)
        return std::nullopt;
    return QByteArray("vapid t=").append(*token).append(", k=").append(base64Url(m_public));
}

} // namespace tessera::server
