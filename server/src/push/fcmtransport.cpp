#include "push/fcmtransport.h"

#include "base/serverlogging.h"
#include "push/pushhttp.h"
#include "push/pushsender.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkReply>
#include <QUrlQuery>

namespace tessera::server {

namespace {

constexpr std::chrono::milliseconds callTimeout { 30000 };
constexpr qsizetype maxAnswerBytes = qsizetype(64) * 1024;

QNetworkRequest requestTo(const QUrl &url, const QByteArray &contentType)
{
    QNetworkRequest request { url };
    request.setTransferTimeout(int(callTimeout.count()));
    request.setAttribute(
        QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    request.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
    return request;
}

} // namespace

FcmTransport::FcmTransport(FcmAccount account, const QUrl &endpoint, QObject *parent)
    : PushTransport(parent)
    , m_account(std::move(account))
{
    QString base = endpoint.toString(QUrl::FullyEncoded);
    while (base.endsWith(QLatin1Char('/')))
        base.chop(1);
    m_sendUrl = QUrl(base + QStringLiteral("/v1/projects/") + m_account.projectId()
        + QStringLiteral("/messages:send"));
}

QByteArray FcmTransport::message(const Push &push)
{
    const QJsonObject android {
        { QStringLiteral("priority"),
            push.due.urgency == u"high" ? QStringLiteral("high") : QStringLiteral("normal") },
        { QStringLiteral("ttl"), QStringLiteral("%1s").arg(push.due.ttl) },
        { QStringLiteral("collapse_key"), QString::fromLatin1(PushSender::topic(push.due.itemId)) }
    };
    const QJsonObject data { { QStringLiteral("p"),
        QString::fromLatin1(push.encrypted.toBase64(
            QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals)) } };
    return QJsonDocument(
        QJsonObject { { QStringLiteral("message"),
            QJsonObject { { QStringLiteral("token"), push.subscription.endpoint },
                { QStringLiteral("data"), data }, { QStringLiteral("android"), android } } } })
        .toJson(QJsonDocument::Compact);
}

PushTransport::Result FcmTransport::resultOf(int status, const QByteArray &body)
{
    const QJsonObject error =
        QJsonDocument::fromJson(body).object().value(QStringLiteral("error")).toObject();
    const QString state = error.value(QStringLiteral("status")).toString();
    QString errorCode;
    bool namesToken = false;
    for (const auto &value : error.value(QStringLiteral("details")).toArray()) {
        const QJsonObject detail = value.toObject();
        if (detail.contains(QStringLiteral("errorCode")))
            errorCode = detail.value(QStringLiteral("errorCode")).toString();
        for (const auto &violation : detail.value(QStringLiteral("fieldViolations")).toArray())
            namesToken = namesToken
                || violation.toObject().value(QStringLiteral("field")).toString()
                    == u"message.token";
    }
    namesToken = namesToken
        || error.value(QStringLiteral("message"))
               .toString()
               .contains(QLatin1String("registration token"), Qt::CaseInsensitive);
    const QString detail = (errorCode.isEmpty() ? state : errorCode).left(64);
    Result result { Outcome::Refused, status, std::nullopt, detail };
    if (status >= 200 && status < 300)
        result.outcome = Outcome::Accepted;
    else if (status == 404 || errorCode == u"UNREGISTERED"
        || (status == 400 && (errorCode == u"INVALID_ARGUMENT" || state == u"INVALID_ARGUMENT")
            && namesToken))
        result.outcome = Outcome::Gone;
    else if (status == 0 || status == 429 || status >= 500 || status == 401 || status == 403)
        result.outcome = Outcome::Retry;
    return result;
}

void FcmTransport::send(const Push &push, std::function<void(const Result &)> done)
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    if (!m_accessToken.isEmpty() && now < m_tokenUntil) {
        post(push, done);
        return;
    }
    m_waiting.append({ push, std::move(done) });
    exchange();
}

void FcmTransport::exchange()
{
    if (m_exchanging)
        return;
    // Google checks iat/exp against its own clock: the real time, never the injected one.
    const auto assertion = m_account.assertion(QDateTime::currentDateTimeUtc());
    const auto fail = [this](const Result &result) {
        const QList<Waiting> waiting = std::exchange(m_waiting, {});
        for (const Waiting &each : waiting)
            each.done(result);
    };
    if (!assertion) {
        qCWarning(lcServer) << "push: the FCM token request could not be signed";
        QMetaObject::invokeMethod(
            this,
            [fail] {
                fail({ Outcome::Retry, 0, std::nullopt, QStringLiteral("unsigned") });
            },
            Qt::QueuedConnection);
        return;
    }
    m_exchanging = true;
    QUrlQuery form;
    form.addQueryItem(QStringLiteral("grant_type"),
        QStringLiteral("urn:ietf:params:oauth:grant-type:jwt-bearer"));
    form.addQueryItem(QStringLiteral("assertion"), QString::fromLatin1(*assertion));
    QNetworkReply *reply =
        m_network.post(requestTo(m_account.tokenUri(), "application/x-www-form-urlencoded"),
            form.toString(QUrl::FullyEncoded).toLatin1());
    connect(reply, &QNetworkReply::finished, this, [this, reply, fail] {
        reply->deleteLater();
        m_exchanging = false;
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QJsonObject answer = QJsonDocument::fromJson(reply->read(maxAnswerBytes)).object();
        const QByteArray token = answer.value(QStringLiteral("access_token")).toString().toLatin1();
        const qint64 expiresIn = answer.value(QStringLiteral("expires_in")).toInteger();
        if (status != 200 || token.isEmpty() || expiresIn <= 0) {
            // The token endpoint's answer may name the problem; its body is never a secret
            // of ours, but only its status is logged.
            qCWarning(lcServer) << "push: the FCM access token request failed (" << status << ")";
            fail({ Outcome::Retry, status, std::nullopt, QStringLiteral("no access token") });
            return;
        }
        m_accessToken = token;
        m_tokenUntil = QDateTime::currentDateTimeUtc().addSecs(
            std::max<qint64>(0, expiresIn - tokenMarginSeconds));
        const QList<Waiting> waiting = std::exchange(m_waiting, {});
        for (const Waiting &each : waiting)
            post(each.push, each.done);
    });
}

void FcmTransport::post(const Push &push, const std::function<void(const Result &)> &done)
{
    QNetworkRequest request = requestTo(m_sendUrl, "application/json");
    request.setRawHeader("Authorization", "Bearer " + m_accessToken);
    const QByteArray usedToken = m_accessToken;
    QNetworkReply *reply = m_network.post(request, message(push));
    const bool firstTry = push.due.attempts == 0;
    connect(reply, &QNetworkReply::finished, this, [this, reply, done, usedToken, firstTry] {
        reply->deleteLater();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        Result result = resultOf(status, reply->read(maxAnswerBytes));
        result.retryAfterSeconds =
            pushhttp::retryAfter(reply->rawHeader("Retry-After"), QDateTime::currentDateTimeUtc());
        if ((status == 401 || status == 403) && m_accessToken == usedToken) {
            // The next send exchanges a new one: at once the first time, then with backoff
            // (a refusal that lasts is not hammered).
            m_accessToken.clear();
            if (firstTry)
                result.retryAfterSeconds = 0;
        }
        done(result);
    });
}

} // namespace tessera::server
