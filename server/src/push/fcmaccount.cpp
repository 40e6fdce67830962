#include "push/fcmaccount.h"

#include <QFile>
#include <QHostAddress>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <openssl/evp.h>
#include <openssl/pem.h>

namespace tessera::server {

struct FcmAccount::Key
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

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

} // namespace

FcmAccount::FcmAccount(
    std::unique_ptr<Key> key, QString clientEmail, QString projectId, QUrl tokenUri)
    : m_key(std::move(key))
    , m_clientEmail(std::move(clientEmail))
    , m_projectId(std::move(projectId))
    , m_tokenUri(std::move(tokenUri))
{ }

FcmAccount::~FcmAccount() = default;
FcmAccount::FcmAccount(FcmAccount &&) noexcept = default;
FcmAccount &FcmAccount::operator=(FcmAccount &&) noexcept = default;

bool FcmAccount::isAllowedUrl(const QUrl &url, bool loopbackHttp)
{
    if (!url.isValid() || url.host().isEmpty() || !url.userInfo().isEmpty() || url.hasFragment())
        return false;
    if (url.scheme() == u"https")
        return true;
    if (!loopbackHttp || url.scheme() != u"http")
        return false;
    const QHostAddress address(url.host());
    return url.host() == u"localhost" || (!address.isNull() && address.isLoopback());
}

std::optional<FcmAccount> FcmAccount::fromJson(
    const QByteArray &json, bool loopbackHttp, QString *error)
{
    QJsonParseError parseError {};
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
        *error = QStringLiteral("the FCM service account file is not a JSON object");
        return std::nullopt;
    }
    const QJsonObject object = document.object();
    const auto text = [&](const char *name) {
        return object.value(QLatin1String(name)).toString();
    };
    static const QRegularExpression project(QStringLiteral("^[a-z][a-z0-9-]{2,62}$"));
    if (text("client_email").isEmpty() || !text("client_email").contains(QLatin1Char('@'))) {
        *error = QStringLiteral("the FCM service account has no client_email");
        return std::nullopt;
    }
    if (!project.match(text("project_id")).hasMatch()) {
        *error = QStringLiteral("the FCM service account's project_id is missing or malformed");
        return std::nullopt;
    }
    const QUrl tokenUri(text("token_uri"), QUrl::StrictMode);
    if (!isAllowedUrl(tokenUri, loopbackHttp)) {
        *error = QStringLiteral("the FCM service account's token_uri must be an https URL");
        return std::nullopt;
    }
    const QByteArray pem = text("private_key").toLatin1();
    BIO *bio = BIO_new_mem_buf(pem.constData(), static_cast<int>(pem.size()));
    EVP_PKEY *pkey = bio ? PEM_read_bio_PrivateKey(bio, nullptr, nullptr, nullptr) : nullptr;
    BIO_free(bio);
    auto key = std::make_unique<Key>(pkey);
    if (!pkey || !EVP_PKEY_is_a(pkey, "RSA") || EVP_PKEY_get_bits(pkey) < 2048) {
        *error = QStringLiteral(
            "the FCM service account's private_key is not an RSA private key (2048 bits or more)");
        return std::nullopt;
    }
    return FcmAccount(std::move(key), text("client_email"), text("project_id"), tokenUri);
}

std::optional<FcmAccount> FcmAccount::fromFile(
    const QString &path, bool loopbackHttp, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read the FCM service account file %1").arg(path);
        return std::nullopt;
    }
    return fromJson(file.read(qint64(1024) * 1024), loopbackHttp, error);
}

std::optional<QByteArray> FcmAccount::assertion(const QDateTime &now) const
{
    const qint64 iat = now.toSecsSinceEpoch();
    const QByteArray signingInput =
        base64Url(compact({ { QStringLiteral("alg"), QStringLiteral("RS256") },
            { QStringLiteral("typ"), QStringLiteral("JWT") } }))
        + '.'
        + base64Url(compact({ { QStringLiteral("iss"), m_clientEmail },
            { QStringLiteral("scope"), scope },
            { QStringLiteral("aud"), m_tokenUri.toString(QUrl::FullyEncoded) },
            { QStringLiteral("iat"), iat }, { QStringLiteral("exp"), iat + jwtLifetimeSeconds } }));
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    size_t length = 0;
    QByteArray signature;
    bool ok = ctx && EVP_DigestSignInit(ctx, nullptr, EVP_sha256(), nullptr, m_key->pkey) == 1
        && EVP_DigestSign(ctx, nullptr, &length,
               reinterpret_cast<const unsigned char *>(signingInput.constData()),
               size_t(signingInput.size()))
            == 1;
    if (ok) {
        signature.resize(qsizetype(length));
        ok = EVP_DigestSign(ctx, reinterpret_cast<unsigned char *>(signature.data()), &length,
                 reinterpret_cast<const unsigned char *>(signingInput.constData()),
                 size_t(signingInput.size()))
            == 1;
        signature.resize(qsizetype(length));
    }
    EVP_MD_CTX_free(ctx);
    if (!ok)
        return std::nullopt;
    return signingInput + '.' + base64Url(signature);
}

} // namespace tessera::server
