#include "push/pushroutes.h"

#include "base/clock.h"
#include "base/serverlogging.h"
#include "http/jsonreader.h"
#include "protocol/wiretime.h"
#include "push/pushsubscriptions.h"
#include "push/webpushcrypto.h"
#include "storage/storage.h"
#include "subsystems/callbackurl.h"

#include <QHostAddress>
#include <QRegularExpression>

namespace tessera::server {

namespace {

// Strict base64url (with or without padding); nullopt when it is not.
std::optional<QByteArray> base64Url(const QString &text)
{
    const auto result = QByteArray::fromBase64Encoding(
        text.toLatin1(), QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
    if (!result || text.contains(QLatin1Char('+')) || text.contains(QLatin1Char('/')))
        return std::nullopt;
    return result.decoded;
}

bool isLoopbackHost(const QString &host)
{
    if (host == u"localhost")
        return true;
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

} // namespace

PushRoutes::PushRoutes(
    Storage &storage, const Clock &clock, bool loopbackHttp, QStringList transports)
    : m_storage(storage)
    , m_clock(clock)
    , m_loopbackHttp(loopbackHttp)
    , m_transports(std::move(transports))
{ }

void PushRoutes::addRoutes(RouteTable &routes)
{
    using M = RouteTable::Method;
    const QString path = QStringLiteral("/v1/me/push");
    routes.add(M::Post, path, Access::SignedIn,
        [this](const HttpRequest &request) { return subscribe(request); });
    routes.setMaxBodyBytes(M::Post, path, bodyBytes);
    routes.add(M::Delete, path, Access::SignedIn,
        [this](const HttpRequest &request) { return unsubscribe(request); });
}

QString PushRoutes::checkEndpoint(const QString &text, QString *message) const
{
    QString why;
    const std::optional<CallbackUrl> url = CallbackUrl::parse(text, &why);
    if (!url) {
        *message = QStringLiteral("“endpoint” %1.").arg(why);
        return {};
    }
    const QString scheme = url->url().scheme();
    const bool loopbackHttp =
        m_loopbackHttp && scheme == u"http" && isLoopbackHost(url->url().host());
    if (scheme != u"https" && !loopbackHttp) {
        *message = QStringLiteral("“endpoint” must be an https URL.");
        return {};
    }
    return url->toString();
}

QString PushRoutes::checkToken(const QString &transport, const QString &text, QString *message)
{
    static const QRegularExpression fcm(QStringLiteral("^[A-Za-z0-9_:-]{100,4096}$"));
    static const QRegularExpression apns(QStringLiteral("^[0-9A-Fa-f]{64}$"));
    if (transport == u"fcm") {
        if (fcm.match(text).hasMatch())
            return text;
        *message = QStringLiteral(
            "“token” must be an FCM registration token: 100 to 4096 of A-Z a-z 0-9 _ : -.");
        return {};
    }
    if (apns.match(text).hasMatch())
        return text.toLower();
    *message = QStringLiteral("“token” must be an APNs device token: 64 hexadecimal digits.");
    return {};
}

HttpResponse PushRoutes::subscribe(const HttpRequest &request) const
{
    QString error;
    const std::optional<QJsonObject> body = request.jsonBody(&error);
    if (!body)
        return http::badRequest(error);
    JsonReader reader(*body);
    reader.allowOnly({ QStringLiteral("transport"), QStringLiteral("endpoint"),
        QStringLiteral("token"), QStringLiteral("keys") });
    const QString transport = reader.string(QStringLiteral("transport"), 16);
    const bool webPush = transport == u"webpush";
    const QString endpointText = webPush
        ? reader.string(QStringLiteral("endpoint"), maxEndpointLength)
        : reader.optionalString(QStringLiteral("endpoint"), maxEndpointLength);
    const QString tokenText = webPush
        ? reader.optionalString(QStringLiteral("token"), maxTokenLength)
        : reader.string(QStringLiteral("token"), maxTokenLength);
    const QJsonObject keysObject = reader.object(QStringLiteral("keys"));
    if (!reader.ok())
        return http::badRequest(reader.error());
    if (!webPush && transport != u"fcm" && transport != u"apns")
        return http::badRequest(
            QStringLiteral("“transport” must be \"webpush\", \"fcm\" or \"apns\"."));
    if (webPush && !tokenText.isEmpty())
        return http::badRequest(QStringLiteral("A webpush subscription has no “token”."));
    if (!webPush && !endpointText.isEmpty())
        return http::badRequest(
            QStringLiteral("An %1 subscription has a “token”, no “endpoint”.").arg(transport));
    JsonReader keys(keysObject, QStringLiteral("keys"));
    keys.allowOnly({ QStringLiteral("p256dh"), QStringLiteral("auth") });
    const QString p256dhText = keys.string(QStringLiteral("p256dh"), 100);
    const QString authText = keys.string(QStringLiteral("auth"), 32);
    if (!keys.ok())
        return http::badRequest(keys.error());
    QString message;
    const QString endpoint = webPush ? checkEndpoint(endpointText, &message)
                                     : checkToken(transport, tokenText, &message);
    if (endpoint.isEmpty())
        return http::badRequest(message);
    const std::optional<QByteArray> p256dh = base64Url(p256dhText);
    if (!p256dh || !WebPushCrypto::isP256Point(*p256dh))
        return http::badRequest(QStringLiteral(
            "“keys.p256dh” must be an uncompressed P-256 public key (65 bytes, base64url)."));
    const std::optional<QByteArray> auth = base64Url(authText);
    if (!auth || auth->size() != WebPushCrypto::authBytes)
        return http::badRequest(
            QStringLiteral("“keys.auth” must be a 16-byte secret in base64url."));
    // Web Push registrations are kept without a VAPID key (nothing is sent until one is set).
    if (!webPush && !m_transports.contains(transport))
        return http::error(409, QStringLiteral("push_transport_unavailable"),
            QStringLiteral("This server does not send pushes through %1.").arg(transport));
    const Principal &principal = *request.principal;
    QSqlDatabase db = m_storage.connection();
    if (!PushSubscriptions::put(db,
            { principal.userId, principal.deviceId, transport, endpoint, *p256dh, *auth },
            wiretime::format(m_clock.now())))
        return http::internalError();
    qCInfo(lcServer) << "push: device" << principal.deviceId << "subscribed through" << transport;
    return http::noContent();
}

HttpResponse PushRoutes::unsubscribe(const HttpRequest &request) const
{
    QSqlDatabase db = m_storage.connection();
    if (!PushSubscriptions::remove(db, request.principal->userId, request.principal->deviceId))
        return http::internalError();
    return http::noContent();
}

} // namespace tessera::server
