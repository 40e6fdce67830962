#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QString>
#include <QUrl>

#include <memory>
#include <optional>

namespace tessera::server {

// The server's VAPID key (RFC 8292): a P-256 private key read from a PEM file named in the
// server config (`openssl ecparam -name prime256v1 -genkey -noout -out vapid.pem`). It signs the
// ES256 JWT each push request carries; the signature is raw r||s (64 bytes), not OpenSSL's DER.
// The key itself is never logged or written anywhere.
class VapidKey
{
public:
    // The longest a JWT lives (RFC 8292 section 2: at most 24 hours).
    static constexpr qint64 lifetimeSeconds = qint64(12) * 3600;

    ~VapidKey();
    VapidKey(VapidKey &&) noexcept;
    VapidKey &operator=(VapidKey &&) noexcept;

    // The key in PEM (SEC 1 "EC PRIVATE KEY" or PKCS #8); nullopt with *error when it is not a
    // P-256 private key.
    static std::optional<VapidKey> fromPem(const QByteArray &pem, QString *error);
    static std::optional<VapidKey> fromFile(const QString &path, QString *error);

    // The uncompressed public point (65 bytes), the `k=` of the header in base64url.
    QByteArray publicKey() const { return m_public; }

    // An endpoint's origin: scheme://host[:port] (the JWT's aud).
    static QString originOf(const QUrl &endpoint);
    // The ES256 JWT for endpoint's origin, expiring lifetimeSeconds after now, sub = subject.
    std::optional<QByteArray> jwt(
        const QUrl &endpoint, const QString &subject, const QDateTime &now) const;
    // "vapid t=<jwt>, k=<public key>"
    std::optional<QByteArray> authorization(
        const QUrl &endpoint, const QString &subject, const QDateTime &now) const;

private:
    struct Key;
    explicit VapidKey(std::unique_ptr<Key> key, QByteArray publicKey);

    std::unique_ptr<Key> m_key;
    QByteArray m_public;
};

} // namespace tessera::server
