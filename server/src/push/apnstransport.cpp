#include "push/apnstransport.h"

#include "base/clock.h"
#include "base/serverlogging.h"
#include "crypto/es256.h"

#include <QCryptographicHash>
#include <QFile>
#include <QHostAddress>
#include <QJsonDocument>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPointer>
#include <QRegularExpression>

namespace tessera::server {

struct ApnsTransport::Key
{
    es256::Owned<EVP_PKEY> pkey;
};

namespace {

constexpr qsizetype appleIdLength = 10;
constexpr qsizetype maxTopicLength = 255;
constexpr qsizetype maxDeviceTokenLength = 200;
constexpr qsizetype maxReasonLength = 64;
constexpr qint64 maxRetryAfterSeconds = qint64(24) * 3600;

QByteArray base64Url(const QByteArray &bytes)
{
    return bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

std::optional<ApnsTransport::Config> refuse(QString *error, const QString &why)
{
    if (error)
        *error = why;
    return std::nullopt;
}

bool isLoopback(const QString &host)
{
    if (host.compare(QStringLiteral("localhost"), Qt::CaseInsensitive) == 0)
        return true;
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

// Retry-After (RFC 9110 section 10.2.3): seconds, or an HTTP date; capped at a day.
std::optional<qint64> retryAfterOf(const QByteArray &value, const QDateTime &now)
{
    if (value.isEmpty())
        return std::nullopt;
    bool number = false;
    const qint64 seconds = value.trimmed().toLongLong(&number);
    if (number)
        return seconds >= 0 ? std::optional(std::min(seconds, maxRetryAfterSeconds)) : std::nullopt;
    const QDateTime at = QDateTime::fromString(QString::fromLatin1(value), Qt::RFC2822Date);
    if (!at.isValid())
        return std::nullopt;
    return std::clamp<qint64>(now.secsTo(at), 0, maxRetryAfterSeconds);
}

// Apple's {"reason": "..."}: a word of letters, or empty; never the raw answer in a log.
QString reasonOf(const QByteArray &answer)
{
    static const QRegularExpression word(QStringLiteral("^[A-Za-z]{1,%1}$").arg(maxReasonLength));
    const QString reason = QJsonDocument::fromJson(answer.left(4096))
                               .object()
                               .value(QStringLiteral("reason"))
                               .toString();
    return word.match(reason).hasMatch() ? reason : QString();
}

} // namespace

std::optional<ApnsTransport::Config> ApnsTransport::Config::fromJson(
    const QJsonObject &json, QString *error)
{
    static const QRegularExpression appleId(QStringLiteral("^[A-Z0-9]{%1}$").arg(appleIdLength));
    static const QRegularExpression bundleId(QStringLiteral("^[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+$"));
    static const QStringList known { QStringLiteral("keyFile"), QStringLiteral("keyId"),
        QStringLiteral("teamId"), QStringLiteral("topic"), QStringLiteral("endpoint") };
    for (auto it = json.begin(); it != json.end(); ++it) {
        if (!known.contains(it.key()))
            return refuse(error, QStringLiteral("apns: unknown key \"%1\"").arg(it.key()));
    }
    Config config;
    const QJsonValue keyFile = json.value(QStringLiteral("keyFile"));
    if (!keyFile.isString() || keyFile.toString().isEmpty())
        return refuse(error, QStringLiteral("apns.keyFile: the path of the .p8 key is required"));
    config.keyFile = keyFile.toString();
    const QJsonValue keyId = json.value(QStringLiteral("keyId"));
    if (!keyId.isString() || !appleId.match(keyId.toString()).hasMatch())
        return refuse(error, QStringLiteral("apns.keyId: 10 characters A-Z and 0-9 are required"));
    config.keyId = keyId.toString();
    const QJsonValue teamId = json.value(QStringLiteral("teamId"));
    if (!teamId.isString() || !appleId.match(teamId.toString()).hasMatch())
        return refuse(error, QStringLiteral("apns.teamId: 10 characters A-Z and 0-9 are required"));
    config.teamId = teamId.toString();
    const QJsonValue topic = json.value(QStringLiteral("topic"));
    if (!topic.isString() || topic.toString().size() > maxTopicLength
        || !bundleId.match(topic.toString()).hasMatch()) {
        return refuse(error, QStringLiteral("apns.topic: the app's bundle id is required"));
    }
    config.topic = topic.toString();
    if (json.contains(QStringLiteral("endpoint"))) {
        const QJsonValue endpoint = json.value(QStringLiteral("endpoint"));
        const QUrl url(endpoint.toString(), QUrl::StrictMode);
        const bool https = url.scheme() == QLatin1String("https");
        const bool loopbackHttp = url.scheme() == QLatin1String("http") && isLoopback(url.host());
        if (!endpoint.isString() || !url.isValid() || url.host().isEmpty()
            || !url.userInfo().isEmpty()
            || (!url.path().isEmpty() && url.path() != QLatin1String("/")) || url.hasQuery()
            || url.hasFragment() || !(https || loopbackHttp)) {
            return refuse(error,
                QStringLiteral("apns.endpoint: an https:// origin is required (http:// only to "
                               "loopback)"));
        }
        config.endpoint = url.adjusted(QUrl::StripTrailingSlash);
    }
    return config;
}

std::unique_ptr<ApnsTransport> ApnsTransport::create(
    const Config &config, const Clock &clock, QString *error, QObject *parent)
{
    QFile file(config.keyFile);
    if (!file.open(QIODevice::ReadOnly) || file.size() > qint64(64) * 1024) {
        if (error)
            *error = QStringLiteral("apns.keyFile: cannot read %1").arg(config.keyFile);
        return nullptr;
    }
    QString why;
    auto key = std::make_unique<Key>(Key { es256::privateKeyFromPem(file.readAll(), &why) });
    if (!key->pkey) {
        if (error)
            *error = QStringLiteral("apns.keyFile %1: %2").arg(config.keyFile, why);
        return nullptr;
    }
    return std::unique_ptr<ApnsTransport>(new ApnsTransport(config, std::move(key), clock, parent));
}

ApnsTransport::ApnsTransport(
    Config config, std::unique_ptr<Key> key, const Clock &clock, QObject *parent)
    : PushTransport(parent)
    , m_config(std::move(config))
    , m_key(std::move(key))
    , m_clock(clock)
{
    m_network.setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
}

ApnsTransport::~ApnsTransport() = default;

QByteArray ApnsTransport::body(const QByteArray &encrypted)
{
    const QJsonObject aps { { QStringLiteral("alert"),
                                QJsonObject {
                                    { QStringLiteral("title"), QStringLiteral("New item") } } },
        { QStringLiteral("mutable-content"), 1 } };
    return QJsonDocument(QJsonObject { { QStringLiteral("aps"), aps },
                             { QStringLiteral("p"), QString::fromLatin1(base64Url(encrypted)) } })
        .toJson(QJsonDocument::Compact);
}

QByteArray ApnsTransport::collapseId(const QString &itemId)
{
    static const QRegularExpression safe(
        QStringLiteral("^[A-Za-z0-9_-]{1,%1}$").arg(maxCollapseIdBytes));
    if (safe.match(itemId).hasMatch())
        return itemId.toLatin1();
    return base64Url(QCryptographicHash::hash(itemId.toUtf8(), QCryptographicHash::Sha256));
}

bool ApnsTransport::isDeviceToken(const QString &token)
{
    static const QRegularExpression hex(
        QStringLiteral("^([0-9A-Fa-f]{2}){1,%1}$").arg(maxDeviceTokenLength / 2));
    return hex.match(token).hasMatch();
}

std::optional<QByteArray> ApnsTransport::providerToken()
{
    const QDateTime now = m_clock.now();
    if (!m_token.isEmpty() && m_tokenIssuedAt.isValid()
        && m_tokenIssuedAt.secsTo(now) < tokenReuseSeconds && m_tokenIssuedAt <= now) {
        return m_token;
    }
    const QByteArray header = base64Url(QJsonDocument(
        QJsonObject { { QStringLiteral("alg"), QStringLiteral("ES256") },
            { QStringLiteral("kid"),
                m_config.keyId } }).toJson(QJsonDocument::Compact));
    const QByteArray claims = base64Url(QJsonDocument(
        QJsonObject { { QStringLiteral("iss"), m_config.teamId },
            { QStringLiteral("iat"),
                now.toSecsSinceEpoch() } }).toJson(QJsonDocument::Compact));
    const QByteArray signingInput = QByteArray(header).append('.').append(claims);
    const std::optional<QByteArray> signature = es256::sign(m_key->pkey.get(), signingInput);
    if (!signature)
        return std::nullopt;
    m_token = QByteArray(signingInput).append('.').append(base64Url(*signature));
    m_tokenIssuedAt = now;
    return m_token;
}

void ApnsTransport::send(const Push &push, std::function<void(const Result &)> done)
{
    const auto finish = [this, done](const Result &result) {
        QMetaObject::invokeMethod(
            this, [done, result] { done(result); }, Qt::QueuedConnection);
    };
    const QString &token = push.subscription.endpoint;
    if (!isDeviceToken(token)) {
        finish({ Outcome::Refused, 0, std::nullopt,
            QStringLiteral("not an APNs device token (hex expected)") });
        return;
    }
    const QByteArray payload = body(push.encrypted);
    if (payload.size() > maxPayloadBytes) {
        finish({ Outcome::Refused, 0, std::nullopt,
            QStringLiteral("payload of %1 bytes is over APNs' %2")
                .arg(payload.size())
                .arg(maxPayloadBytes) });
        return;
    }
    const std::optional<QByteArray> jwt = providerToken();
    if (!jwt) {
        finish({ Outcome::Retry, 0, std::nullopt,
            QStringLiteral("the provider token could not be signed") });
        return;
    }
    QUrl url = m_config.endpoint;
    url.setPath(QStringLiteral("/3/device/") + token);
    QNetworkRequest request(url);
    if (url.scheme() == QLatin1String("http"))
        request.setAttribute(QNetworkRequest::Http2DirectAttribute, true); // h2c, loopback only
    else
        request.setAttribute(QNetworkRequest::Http2AllowedAttribute, true);
    request.setTransferTimeout(int(m_config.timeout.count()));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
    request.setRawHeader("authorization", QByteArray("bearer ").append(*jwt));
    request.setRawHeader("apns-topic", m_config.topic.toUtf8());
    request.setRawHeader("apns-push-type", "alert");
    request.setRawHeader("apns-priority", push.due.urgency == QLatin1String("high") ? "10" : "5");
    const qint64 created = push.due.createdAt.isValid() ? push.due.createdAt.toSecsSinceEpoch()
                                                        : m_clock.now().toSecsSinceEpoch();
    request.setRawHeader(
        "apns-expiration", QByteArray::number(created + std::max<qint64>(0, push.due.ttl)));
    request.setRawHeader("apns-collapse-id", collapseId(push.due.itemId));
    QNetworkReply *reply = m_network.post(request, payload);
    connect(reply, &QNetworkReply::finished, this,
        [this, reply, done, sentToken = *jwt, id = push.due.id] {
            reply->deleteLater();
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            const bool http2 = reply->attribute(QNetworkRequest::Http2WasUsedAttribute).toBool();
            const Result result =
                resultOf(status, reply->isOpen() ? reply->readAll() : QByteArray(),
                    reply->rawHeader("retry-after"), http2);
            if (status == 403 && result.detail == QLatin1String("ExpiredProviderToken")
                && m_token == sentToken) {
                m_token.clear(); // made again for the next push at once
            }
            if (status == 0) {
                qCInfo(lcServer) << "apns push" << id << "had no answer:" << reply->errorString();
            }
            done(result);
        });
}

ApnsTransport::Result ApnsTransport::resultOf(
    int status, const QByteArray &answer, const QByteArray &retryAfter, bool http2) const
{
    const QString reason = reasonOf(answer);
    Result result;
    result.status = status;
    result.detail = reason;
    if (status != 0 && !http2) {
        result.outcome = Outcome::Refused;
        result.detail = QStringLiteral("answered over HTTP/1.1, not HTTP/2: not APNs");
        return result;
    }
    const bool tokenGone = status == 400
        && (reason == QLatin1String("BadDeviceToken")
            || reason == QLatin1String("DeviceTokenNotForTopic"));
    if (status == 200) {
        result.outcome = Outcome::Accepted;
    } else if (status == 410 || tokenGone) {
        result.outcome = Outcome::Gone;
    } else if (status == 0 || status == 429 || status >= 500
        || (status == 403 && reason == QLatin1String("ExpiredProviderToken"))) {
        result.outcome = Outcome::Retry;
        result.retryAfterSeconds = retryAfterOf(retryAfter, m_clock.now());
        if (result.detail.isEmpty())
            result.detail = status == 0 ? QStringLiteral("no answer") : QString();
    } else {
        result.outcome = Outcome::Refused;
        if (result.detail.isEmpty())
            result.detail = QStringLiteral("answered %1").arg(status);
    }
    return result;
}

} // namespace tessera::server
