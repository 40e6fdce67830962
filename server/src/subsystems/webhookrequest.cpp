#include "subsystems/webhookrequest.h"

#include "base/serverlogging.h"
#include "subsystems/callbackurl.h"
#include "subsystems/webhookdispatcher.h"

#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTimer>

#include <memory>

namespace tessera::server {

namespace {

const char *const timedOutProperty = "tesseraTimedOut";

} // namespace

QNetworkRequest WebhookRequest::make(const CallbackUrl &url, const QString &deliveryId,
    const QByteArray &body, const QList<QByteArray> &secrets, qint64 unixSeconds)
{
    QNetworkRequest request { url.url() };
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setRawHeader(QByteArrayLiteral("Tessera-Delivery-Id"), deliveryId.toLatin1());
    request.setRawHeader(QByteArrayLiteral("Tessera-Event-Type"), eventType(body).toUtf8());
    request.setRawHeader(QByteArrayLiteral("Tessera-Signature"),
        WebhookDispatcher::signature(secrets, unixSeconds, body));
    request.setRawHeader(QByteArrayLiteral("User-Agent"), QByteArrayLiteral("Tessera-Webhooks"));
    // A signed POST goes to the URL the sub-system gave and nowhere else: a 3xx is a failure.
    request.setAttribute(
        QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    request.setTransferTimeout(0); // post() keeps its own deadline for the whole call
    return request;
}

QString WebhookRequest::eventType(const QByteArray &body)
{
    const QString type =
        QJsonDocument::fromJson(body).object().value(QStringLiteral("type")).toString();
    return type.isEmpty() ? QStringLiteral("notification.decided") : type;
}

void WebhookRequest::post(QNetworkAccessManager &network, const QNetworkRequest &request,
    const QByteArray &body, std::chrono::seconds timeout,
    const std::function<void(const Outcome &)> &done)
{
    QNetworkReply *reply = network.post(request, body);
    auto *deadline = new QTimer(reply);
    deadline->setSingleShot(true);
    QObject::connect(deadline, &QTimer::timeout, reply, [reply] {
        reply->setProperty(timedOutProperty, true);
        reply->abort();
    });
    deadline->start(std::chrono::duration_cast<std::chrono::milliseconds>(timeout));
    // The answer is kept up to maxAnswerBytes (a submission's result card); the rest is dropped
    // as it comes, so a receiver cannot fill the server's memory.
    auto answer = std::make_shared<Outcome>();
    const auto take = [reply, answer] {
        const QByteArray chunk = reply->readAll();
        const qsizetype room = maxAnswerBytes - answer->answer.size();
        if (chunk.size() > room)
            answer->answerTooLarge = true;
        answer->answer.append(chunk.left(std::max<qsizetype>(room, 0)));
    };
    QObject::connect(reply, &QNetworkReply::readyRead, reply, take);
    QObject::connect(reply, &QNetworkReply::finished, reply, [reply, timeout, done, answer, take] {
        reply->deleteLater();
        take();
        const QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
        const bool timedOut = reply->property(timedOutProperty).toBool();
        Outcome outcome;
        outcome.answer = answer->answer;
        outcome.answerTooLarge = answer->answerTooLarge;
        if (status.isValid() && !timedOut)
            outcome.status = status.toInt();
        outcome.error = failure(outcome.status, timedOut, timeout);
        if (!outcome.status && !timedOut)
            qCInfo(lcServer).noquote() << "webhook to" << reply->url().host()
                                       << "could not connect:" << reply->errorString();
        done(outcome);
    });
}

WebhookRequest::Outcome WebhookRequest::postAndWait(
    const QNetworkRequest &request, const QByteArray &body, std::chrono::seconds timeout)
{
    QNetworkAccessManager network;
    QEventLoop loop;
    Outcome outcome;
    post(network, request, body, timeout, [&](const Outcome &result) {
        outcome = result;
        loop.quit();
    });
    loop.exec();
    return outcome;
}

QString WebhookRequest::failure(
    std::optional<int> status, bool timedOut, std::chrono::seconds timeout)
{
    if (timedOut)
        return QStringLiteral("no answer within %1 s").arg(timeout.count());
    // The same words for every other failure below HTTP (refused, reset, TLS): the delivery log
    // must not tell a sub-system which ports are open (a port scanner).
    if (!status)
        return QStringLiteral("could not connect");
    if (*status >= 300 && *status <= 399)
        return QStringLiteral(
            "HTTP %1: redirects are not followed; set callbackUrl to the final URL")
            .arg(*status);
    if (*status < 200 || *status > 299)
        return QStringLiteral("HTTP %1").arg(*status);
    return {};
}

} // namespace tessera::server
