#pragma once

#include "push/pushtransport.h"

#include <QDateTime>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QUrl>

#include <chrono>
#include <memory>

namespace tessera::server {

class Clock;

// Hands pushes to Apple's push service (APNs provider API): `POST {endpoint}/3/device/{token}`
// over HTTP/2 (an answer over HTTP/1.1 is never taken as accepted) with a token-based ES256 JWT
// made from the team's .p8 key. The body is a generic visible alert ("New item", no content) with
// mutable-content so that the app's Notification Service Extension decrypts "p", the RFC 8291
// aes128gcm body for the device in base64url (DESIGN.md, second round, decision 6: Apple never
// sees the title). 200: accepted; 410 and 400 BadDeviceToken/DeviceTokenNotForTopic: gone; 429,
// 5xx, no answer: again later; 403 ExpiredProviderToken: a new token and again later; any other
// answer: refused with Apple's reason. The key is never logged.
class ApnsTransport : public PushTransport
{
    Q_OBJECT
public:
    struct Config
    {
        QString keyFile; // the .p8 PEM (PKCS #8) from the Apple developer account
        QString keyId; // 10 characters A-Z0-9: the JWT's kid
        QString teamId; // 10 characters A-Z0-9: the JWT's iss
        QString topic; // the app's bundle id: apns-topic
        QUrl endpoint { QStringLiteral("https://api.push.apple.com") }; // http:// only to loopback
        // How long a request may go without progress before it counts as no answer (not in the
        // JSON; tests shorten it).
        std::chrono::milliseconds timeout { std::chrono::seconds(30) };

        // {"keyFile", "keyId", "teamId", "topic", "endpoint"?}; nullopt with *error naming the
        // first bad key.
        static std::optional<Config> fromJson(const QJsonObject &json, QString *error);
    };

    // Apple refuses a token older than 60 minutes and one refreshed more often than every 20.
    static constexpr qint64 tokenReuseSeconds = qint64(40) * 60;
    static constexpr qsizetype maxPayloadBytes = 4096;
    static constexpr qsizetype maxCollapseIdBytes = 64;

    // The transport for config, its key read from config.keyFile; null with *error when the file
    // cannot be read or is not a P-256 private key (the error never quotes the file).
    static std::unique_ptr<ApnsTransport> create(
        const Config &config, const Clock &clock, QString *error, QObject *parent = nullptr);
    ~ApnsTransport() override;

    QString name() const override { return QStringLiteral("apns"); }
    void send(const Push &push, std::function<void(const Result &)> done) override;

    // The JSON body for an encrypted payload.
    static QByteArray body(const QByteArray &encrypted);
    // apns-collapse-id for an item id: the id when it is at most 64 bytes of [A-Za-z0-9_-], else
    // the base64url SHA-256 of it.
    static QByteArray collapseId(const QString &itemId);
    // Whether token looks like an APNs device token (hex, even length, at most 200 characters).
    static bool isDeviceToken(const QString &token);

private:
    struct Key;
    ApnsTransport(Config config, std::unique_ptr<Key> key, const Clock &clock, QObject *parent);

    // The provider token, made again when it is tokenReuseSeconds old or was refused as expired.
    std::optional<QByteArray> providerToken();
    Result resultOf(
        int status, const QByteArray &answer, const QByteArray &retryAfter, bool http2) const;

    Config m_config;
    std::unique_ptr<Key> m_key;
    const Clock &m_clock;
    QNetworkAccessManager m_network;
    QByteArray m_token;
    QDateTime m_tokenIssuedAt;
};

} // namespace tessera::server
