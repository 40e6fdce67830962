#include "net/apiclient.h"

#include "base/logging.h"
#include "protocol/version.h"

#include <QJsonDocument>
#include <QLocale>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPromise>
#include <QRandomGenerator>
#include <QSslConfiguration>

#include <algorithm>
#include <memory>

namespace tessera {

namespace {

// Set on a reply aborted because the server's key did not match the pin.
constexpr char pinMismatchProperty[] = "tesseraPinMismatch";

// Set on a reply aborted because its body grew past ApiClient::maxReplyBytes.
constexpr char tooLargeProperty[] = "tesseraReplyTooLarge";

// An answer refused by the client itself (no body is read).
ApiReply refused(ApiReply::Kind kind, const QString &code, const QString &message)
{
    ApiReply result;
    result.kind = kind;
    result.error = ApiError { code, message };
    return result;
}

ApiReply tooLarge()
{
    return refused(ApiReply::Kind::ProtocolError, QStringLiteral("reply_too_large"),
        QStringLiteral("the answer is larger than allowed"));
}

ApiReply pinMismatch()
{
    return refused(ApiReply::Kind::TlsError, QStringLiteral("pin_mismatch"),
        QStringLiteral("the server presented a key that does not match the configured pin"));
}

ApiReply replyFrom(QNetworkReply *reply, bool asBytes)
{
    ApiReply result;
    if (reply->property(pinMismatchProperty).toBool())
        return pinMismatch();
    if (reply->property(tooLargeProperty).toBool())
        return tooLarge();
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

    if (reply->hasRawHeader("Retry-After")) {
        bool ok = false;
        const int seconds = reply->rawHeader("Retry-After").trimmed().toInt(&ok);
        if (ok && seconds >= 0)
            result.retryAfterSeconds = seconds;
    }
    result.replayed = reply->rawHeader("Idempotent-Replayed").trimmed() == "true";
    if (reply->hasRawHeader("Date")) {
        // RFC 9110 IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT".
        QDateTime parsed =
            QLocale::c().toDateTime(QString::fromLatin1(reply->rawHeader("Date")).trimmed(),
                QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'"));
        if (parsed.isValid()) {
            parsed.setTimeSpec(Qt::UTC);
            result.serverDate = parsed;
        }
    }

    // What arrived (the reply is finished), not a buffer of the largest size allowed.
    if (reply->bytesAvailable() > ApiClient::maxReplyBytes)
        return tooLarge();
    const QByteArray bytes = reply->readAll();
    if (asBytes
        && ((result.httpStatus >= 200 && result.httpStatus < 300) || result.httpStatus == 304)) {
        result.kind = ApiReply::Kind::Ok;
        result.bytes = bytes;
        result.contentType = reply->rawHeader("Content-Type");
        result.etag = reply->rawHeader("ETag");
        return result;
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(bytes, &parseError);
    const bool isObject = parseError.error == QJsonParseError::NoError && document.isObject();
    // The status line came, then the connection broke before the whole answer (a cut connection):
    // nothing definite came back, whatever the status said (a 409 cut short is not a refusal).
    if (!isObject && networkError >= QNetworkReply::ConnectionRefusedError
        && networkError <= QNetworkReply::UnknownNetworkError) {
        result.kind = ApiReply::Kind::NetworkError;
        result.error = ApiError { QStringLiteral("network_error"), reply->errorString() };
        return result;
    }

    if (result.httpStatus >= 200 && result.httpStatus < 300) {
        if (bytes.isEmpty() && (result.httpStatus == 204 || result.httpStatus == 202)) {
            result.kind = ApiReply::Kind::Ok; // no content, as the API says
            return result;
        }
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
    // GET /v1/health of a draining node says so in its status, not in an error.
    if (result.error.code.isEmpty() && result.httpStatus == 503
        && result.body.value(QStringLiteral("status")).toString() == u"draining")
        result.error = ApiError { QStringLiteral("draining"),
            QStringLiteral("This server is stopping; ask again in a moment.") };
    if (result.error.code.isEmpty())
        result.error = ApiError { QStringLiteral("http_%1").arg(result.httpStatus), QString() };
    return result;
}

} // namespace

// One request as it was sent, kept to send it again on a fresh connection.
struct ApiClient::Outgoing
{
    enum class Verb { Get, Post, Put, Delete };
    Verb verb = Verb::Get;
    QNetworkRequest request;
    QByteArray body;
    bool asBytes = false; // the answer's body is kept as bytes, not read as JSON
    bool mayRepeat = false; // sending it twice does what sending it once does
};

ApiClient::ApiClient(ServerEndpoint endpoint, QObject *parent)
    : ApiClient(std::move(endpoint), TlsPolicy {}, parent)
{ }

ApiClient::ApiClient(ServerEndpoint endpoint, TlsPolicy tls, QObject *parent)
    : QObject(parent)
    , m_endpoint(std::move(endpoint))
    , m_tls(std::move(tls))
    , m_network(newManager())
{ }

ApiClient::~ApiClient()
{
    // Every manager's (a retired one's too): they are this object's children.
    const auto pending = findChildren<QNetworkReply *>();
    for (QNetworkReply *reply : pending)
        reply->abort();
}

QNetworkAccessManager *ApiClient::newManager()
{
    auto *manager = new QNetworkAccessManager(this);
    manager->setRedirectPolicy(QNetworkRequest::NoLessSafeRedirectPolicy);
    return manager;
}

bool ApiClient::isDraining(const ApiReply &reply)
{
    // replyFrom gives GET /v1/health's {"status":"draining"} this error code too.
    return reply.httpStatus == 503 && reply.error.code == u"draining";
}

void ApiClient::dropConnections(QNetworkAccessManager *answered)
{
    if (answered != m_network)
        return; // dropped already, by an earlier draining answer
    // A manager's connections cannot be closed one by one, and clearConnectionCache() stops the
    // thread the requests still running are on: a new manager takes the requests from here on.
    ++m_drops;
    m_network = newManager();
    deleteWhenIdle(answered);
}

void ApiClient::deleteWhenIdle(QNetworkAccessManager *retired)
{
    if (retired == m_network)
        return;
    const auto replies = retired->findChildren<QNetworkReply *>(Qt::FindDirectChildrenOnly);
    if (std::all_of(replies.cbegin(), replies.cend(),
            [](const QNetworkReply *reply) { return reply->isFinished(); }))
        retired->deleteLater(); // with its connections
}

QNetworkRequest ApiClient::makeRequest(const QString &path, const RequestOptions &options) const
{
    QNetworkRequest request(m_endpoint.resolve(path));
    request.setRawHeader("Accept", "application/json");
    request.setHeader(
        QNetworkRequest::UserAgentHeader, QString(QStringLiteral("Tessera/") + productVersion()));
    request.setTransferTimeout(static_cast<int>(m_timeout.count()));
    if (!m_endpoint.isPlainHttp())
        request.setSslConfiguration(m_tls.sslConfiguration());
    if (!options.bearerToken.isEmpty())
        request.setRawHeader("Authorization", QByteArrayLiteral("Bearer ") + options.bearerToken);
    if (!options.idempotencyKey.isEmpty())
        request.setRawHeader("Idempotency-Key", options.idempotencyKey);

    return request;
}

QFuture<ApiReply> ApiClient::get(const QString &path, const RequestOptions &options)
{
    qCDebug(lcNet) << "GET" << path;
    return send({ Outgoing::Verb::Get, makeRequest(path, options), {}, false, true });
}

QFuture<ApiReply> ApiClient::getBytes(
    const QString &path, const RequestOptions &options, const QByteArray &ifNoneMatch)
{
    QNetworkRequest request = makeRequest(path, options);
    request.setRawHeader("Accept", "image/*");
    if (!ifNoneMatch.isEmpty())
        request.setRawHeader("If-None-Match", ifNoneMatch);
    qCDebug(lcNet) << "GET" << path << "(bytes)";
    return send({ Outgoing::Verb::Get, request, {}, true, true });
}

QFuture<ApiReply> ApiClient::post(
    const QString &path, const QJsonObject &body, const RequestOptions &options)
{
    QNetworkRequest request = makeRequest(path, options);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    qCDebug(lcNet) << "POST" << path;
    // Sent again after a draining answer only with its Idempotency-Key.
    return send({ Outgoing::Verb::Post, request, QJsonDocument(body).toJson(QJsonDocument::Compact),
        false, !options.idempotencyKey.isEmpty() });
}

QFuture<ApiReply> ApiClient::put(
    const QString &path, const QJsonObject &body, const RequestOptions &options)
{
    QNetworkRequest request = makeRequest(path, options);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    qCDebug(lcNet) << "PUT" << path;
    return send({ Outgoing::Verb::Put, request, QJsonDocument(body).toJson(QJsonDocument::Compact),
        false, true });
}

QFuture<ApiReply> ApiClient::putBytes(const QString &path, const QByteArray &bytes,
    const QByteArray &contentType, const RequestOptions &options)
{
    QNetworkRequest request = makeRequest(path, options);
    request.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
    qCDebug(lcNet) << "PUT" << path << bytes.size() << "bytes";
    return send({ Outgoing::Verb::Put, request, bytes, false, true });
}

QFuture<ApiReply> ApiClient::deleteResource(const QString &path, const RequestOptions &options)
{
    qCDebug(lcNet) << "DELETE" << path;
    return send({ Outgoing::Verb::Delete, makeRequest(path, options), {}, false, true });
}

QByteArray ApiClient::newIdempotencyKey()
{
    QByteArray bytes(16, Qt::Uninitialized);
    QRandomGenerator::system()->generate(reinterpret_cast<quint32 *>(bytes.data()),
        reinterpret_cast<quint32 *>(bytes.data() + bytes.size()));
    return bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

QFuture<ApiReply> ApiClient::send(Outgoing outgoing)
{
    auto promise = std::make_shared<QPromise<ApiReply>>();
    promise->start();
    QFuture<ApiReply> future = promise->future();
    auto kept = std::make_shared<const Outgoing>(std::move(outgoing));
    track(dispatch(*kept), kept, promise, false);
    return future;
}

QNetworkReply *ApiClient::dispatch(const Outgoing &outgoing)
{
    switch (outgoing.verb) {
    case Outgoing::Verb::Post:
        return m_network->post(outgoing.request, outgoing.body);
    case Outgoing::Verb::Put:
        return m_network->put(outgoing.request, outgoing.body);
    case Outgoing::Verb::Delete:
        return m_network->deleteResource(outgoing.request);
    case Outgoing::Verb::Get:
        break;
    }
    return m_network->get(outgoing.request);
}

void ApiClient::track(QNetworkReply *reply, const std::shared_ptr<const Outgoing> &outgoing,
    const std::shared_ptr<QPromise<ApiReply>> &promise, bool retried)
{
    if (m_tls.hasPin()) {
        // Emitted after the handshake and before any request byte is sent; Qt delivers it
        // blocking, so aborting here keeps the request (and its bearer token) from leaving.
        connect(reply, &QNetworkReply::encrypted, this, [this, reply]() {
            if (m_tls.accepts(reply->sslConfiguration().peerCertificate()))
                return;
            qCWarning(lcNet) << "refused" << reply->url().host()
                             << ": its key does not match the configured pin";
            reply->setProperty(pinMismatchProperty, true);
            reply->abort();
        });
    }
    // A body past the limit is not buffered to its end: the download stops there.
    // The future's progress is the bytes received (of the size, when the server says it), for a
    // caller that shows it (a data export); a future its caller cancelled stops the download.
    connect(reply, &QNetworkReply::downloadProgress, this,
        [reply, promise](qint64 received, qint64 total) {
            if (received > ApiClient::maxReplyBytes
                && !reply->property(tooLargeProperty).toBool()) {
                reply->setProperty(tooLargeProperty, true);
                reply->abort();
                return;
            }
            if (promise->isCanceled()) {
                reply->abort();
                return;
            }
            if (total > 0 && total <= ApiClient::maxReplyBytes)
                promise->setProgressRange(0, int(total));
            promise->setProgressValue(int(received));
        });
    connect(reply, &QNetworkReply::finished, this, [this, reply, outgoing, promise, retried]() {
        // A reused connection emits no second encrypted(): check the key of every answer.
        if (m_tls.hasPin() && reply->url().scheme() == QLatin1String("https")
            && reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).isValid()
            && !m_tls.accepts(reply->sslConfiguration().peerCertificate()))
            reply->setProperty(pinMismatchProperty, true);
        ApiReply result = replyFrom(reply, outgoing->asBytes);
        qCDebug(lcNet) << reply->request().url().path() << "->" << result.httpStatus;
        QNetworkAccessManager *const manager = reply->manager();
        reply->deleteLater();
        if (isDraining(result)) {
            // The node is stopping: what was kept alive to it goes, and the request goes again
            // at once on a fresh connection (the balancer's choice of another node).
            dropConnections(manager);
            if (!retried && outgoing->mayRepeat && !promise->isCanceled()) {
                qCInfo(lcNet) << reply->request().url().path()
                              << ": the server is draining; sent again on a fresh connection";
                track(dispatch(*outgoing), outgoing, promise, true);
                return;
            }
        }
        deleteWhenIdle(manager);
        promise->addResult(std::move(result));
        promise->finish();
    });
}

} // namespace tessera
