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

void WebPushTransport::send(const Push &push, std::function<void(const Result &)> done)
{
    const QUrl endpoint(push.subscription.endpoint);
    // The push service checks exp against its own clock: the real time, never the server's
    // injected one (--now, --clock-file).
    const auto authorization =
        m_key.authorization(endpoint, m_subject, QDateTime::currentDateTimeUtc());
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
