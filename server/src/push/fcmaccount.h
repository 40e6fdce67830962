#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QString>
#include <QUrl>

#include <memory>
#include <optional>

namespace tessera::server {

// A Google service account for FCM HTTP v1, from the JSON file Google hands out (client_email,
// private_key: an RSA key in PEM, token_uri, project_id). It signs the RS256 JWT (OpenSSL 3 EVP)
// exchanged at token_uri for an OAuth 2 access token. The key is never logged or written.
class FcmAccount
{
public:
    static constexpr qint64 jwtLifetimeSeconds = 3600; // Google's limit: at most an hour
    static inline const QString scope =
        QStringLiteral("https://www.googleapis.com/auth/firebase.messaging");

    ~FcmAccount();
    FcmAccount(FcmAccount &&) noexcept;
    FcmAccount &operator=(FcmAccount &&) noexcept;

    // nullopt with *error (naming the field, never its value) when the file is not a usable
    // service account; token_uri must be https (or http on loopback when loopbackHttp).
    static std::optional<FcmAccount> fromJson(
        const QByteArray &json, bool loopbackHttp, QString *error);
    static std::optional<FcmAccount> fromFile(
        const QString &path, bool loopbackHttp, QString *error);

    QString clientEmail() const { return m_clientEmail; }
    QString projectId() const { return m_projectId; }
    QUrl tokenUri() const { return m_tokenUri; }

    // The signed JWT assertion (iss, scope, aud = token_uri, iat = now, exp = now + an hour).
    std::optional<QByteArray> assertion(const QDateTime &now) const;

    // https, or http on a loopback host when loopbackHttp (demo and test servers).
    static bool isAllowedUrl(const QUrl &url, bool loopbackHttp);

private:
    struct Key;
    FcmAccount(std::unique_ptr<Key> key, QString clientEmail, QString projectId, QUrl tokenUri);

    std::unique_ptr<Key> m_key;
    QString m_clientEmail;
    QString m_projectId;
    QUrl m_tokenUri;
};

} // namespace tessera::server
