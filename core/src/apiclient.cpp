#include "apiclient.h"

#include "logging.h"
#include "version.h"

#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPromise>

#include <memory>

namespace tessera {

namespace {

ApiReply replyFrom(QNetworkReply *reply)
{
    ApiReply result;
    const QVariant statusAttribute = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    result.httpStatus = statusAttribute.isValid() ? statusAttribute.toInt() : 0;
    const QNetworkReply::NetworkError networkError = reply->error();

    if (result.httpStatus == 0) {
        const bool tls = networkError == QNetworkReply::SslHandshakeFailedError;
        result.kind = tls ? ApiReply::Kind::TlsError : ApiReply::Kind::NetworkError;
        result.error =
            ApiError { tls ? QStringLiteral("tls_error") : QStringLiteral("network_error"),
                reply->errorString() };
        return result;
    }

    const QByteArray bytes = reply->read(ApiClient::maxReplyBytes + 1);
    if (bytes.size() > ApiClient::maxReplyBytes) {
        result.kind = ApiReply::Kind::ProtocolError;
        result.error = ApiError { QStringLiteral("reply_too_large"),
            QStringLiteral("the answer is larger than allowed") };
        return result;
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(bytes, &parseError);
    const bool isObject = parseError.error == QJsonParseError::NoError && document.isObject();

    if (result.httpStatus >= 200 && result.httpStatus < 300) {
        if (!isObject) {
            result.kind = ApiReply::Kind::ProtocolError;
            result.error = ApiError { QStringLiteral("invalid_json"),
                QStringLiteral("the answer is not a JSON object") };
            return result;
        }
        result.kind = ApiReply::Kind::Ok;
        result.body = document.object();
        return result;
    }

    result.kind = ApiReply::Kind::HttpError;
    if (isObject) {
        result.body = document.object();
        if (auto error = ApiError::fromJson(result.body))
            result.error = *error;
    }
    if (result.error.code.isEmpty())
        result.error = ApiError { QStringLiteral("http_%1").arg(result.httpStatus), QString() };
    return result;
}

} // namespace

ApiClient::ApiClient(ServerEndpoint endpoint, QObject *parent)
    : QObject(parent)
    , m_endpoint(std::move(endpoint))
    , m_network(new QNetworkAccessManager(this))
{
    m_network->setRedirectPolicy(QNetworkRequest::NoLessSafeRedirectPolicy);
}

ApiClient::~ApiClient()
{
    const auto pending = m_network->findChildren<QNetworkReply *>();
    for (QNetworkReply *reply : pending)
        reply->abort();
}

QFuture<ApiReply> ApiClient::get(const QString &path)
{
    QNetworkRequest request(m_endpoint.resolve(path));
    request.setRawHeader("Accept", "application/json");
    request.setHeader(
        QNetworkRequest::UserAgentHeader, QString(QStringLiteral("Tessera/") + productVersion()));
    request.setTransferTimeout(static_cast<int>(m_timeout.count()));
    qCDebug(lcNet) << "GET" << path;
    return track(m_network->get(request));
}

QFuture<ApiReply> ApiClient::track(QNetworkReply *reply)
{
    auto promise = std::make_shared<QPromise<ApiReply>>();
    promise->start();
    QFuture<ApiReply> future = promise->future();
    connect(reply, &QNetworkReply::finished, this, [reply, promise]() {
        ApiReply result = replyFrom(reply);
        qCDebug(lcNet) << reply->request().url().path() << "->" << result.httpStatus;
        reply->deleteLater();
        promise->addResult(std::move(result));
        promise->finish();
    });
    return future;
}

} // namespace tessera
