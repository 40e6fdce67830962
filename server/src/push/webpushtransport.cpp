#include "push/webpushtransport.h"

#include "push/pushhttp.h"
#include "push/pushsender.h"

#include <QNetworkReply>

namespace tessera::server {

namespace {

constexpr std::chrono::milliseconds callTimeout { 30000 };

} // namespace

WebPushTransport::WebPushTransport(VapidKey key, QString subject, QObject *parent)
    : PushTransport(parent)
    , m_key(std::move(key))
    , m_subject(std::move(subject))
{ }

std::optional<QByteArray> WebPushTransport::authorizationFor(
    const QUrl &endpoint, const QDateTime &now)
{
    static_assert(reuseSeconds < VapidKey::lifetimeSeconds / 2);
    const QString origin = VapidKey::originOf(endpoint);
    const auto cached = m_signed.constFind(origin);
    if (cached != m_signed.cend() && cached->madeAt <= now
        && cached->madeAt.secsTo(now) < reuseSeconds)
        return cached->authorization;
    std::optional<QByteArray> made = m_key.authorization(endpoint, m_subject, now);
    if (!made)
        return std::nullopt;
    if (m_signed.size() >= maxCachedOrigins && !m_signed.contains(origin)) {
        // Bounded: the stale ones go first, all of them when none is stale.
        m_signed.removeIf([&now](const auto &entry) {
            return entry.value().madeAt > now || entry.value().madeAt.secsTo(now) >= reuseSeconds;
        });
        if (m_signed.size() >= maxCachedOrigins)
            m_signed.clear();
    }
    m_signed.insert(origin, Signed { *made, now });
    return made;
}

void WebPushTransport::send(const Push &push, std::function<void(const Result &)> done)
{
    const QUrl endpoint(push.subscription.endpoint);
    // The push service checks exp against its own clock: the real time, never the server's
    // injected one (--now, --clock-file).
    const auto authorization = authorizationFor(endpoint, QDateTime::currentDateTimeUtc());
    if (!authorization) {
        QMetaObject::invokeMethod(
            this,
            [done] {
                done({ Outcome::Refused, 0, std::nullopt, QStringLiteral("could not be signed") });
            },
            Qt::QueuedConnection);
        return;
    }
    QNetworkRequest request { endpoint };
    request.setTransferTimeout(int(callTimeout.count()));
    request.setAttribute(
        QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/octet-stream"));
    request.setRawHeader("Content-Encoding", "aes128gcm");
    request.setRawHeader("TTL", QByteArray::number(push.due.ttl));
    request.setRawHeader("Urgency", push.due.urgency.toLatin1());
    request.setRawHeader("Topic", PushSender::topic(push.due.itemId));
    request.setRawHeader("Authorization", *authorization);
    QNetworkReply *reply = m_network.post(request, push.encrypted);
    connect(reply, &QNetworkReply::finished, this, [reply, done] {
        reply->deleteLater();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        done({ pushhttp::outcomeOf(status), status,
            pushhttp::retryAfter(reply->rawHeader("Retry-After"), QDateTime::currentDateTimeUtc()),
            {} });
    });
}

} // namespace tessera::server
