#include "push/vapidkey.h"

#include "crypto/es256.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>

namespace tessera::server {

struct VapidKey::Key
{
    es256::Owned<EVP_PKEY> pkey;
};

namespace {

QByteArray base64Url(const QByteArray &bytes)
{
    return bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
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
    QString why;
    auto key = std::make_unique<Key>(Key { es256::privateKeyFromPem(pem, &why) });
    const QByteArray point = es256::publicPoint(key->pkey.get());
    if (!key->pkey || point.isEmpty()) {
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
    const std::optional<QByteArray> raw = es256::sign(m_key->pkey.get(), signingInput);
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
