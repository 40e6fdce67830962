#include "identity/authorizedapi.h"

#include "base/futurewatch.h"
#include "base/logging.h"
#include "identity/internal/localreply.h"
#include "identity/tokenkeeper.h"
#include "protocol/version.h"

#include <QFutureWatcher>
#include <QJsonDocument>
#include <QPromise>
#include <QSslCertificate>

namespace tessera {

namespace {

ApiReply notSignedIn()
{
    return identity::localReply(401, QStringLiteral("authentication_required"),
        AuthorizedApi::tr("You are not signed in."));
}

} // namespace

AuthorizedApi::AuthorizedApi(ApiClient &client, TokenKeeper &tokens, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_tokens(tokens)
{
    connect(&m_tokens, &TokenKeeper::refreshFinished, this, &AuthorizedApi::refreshFinished);
}

void AuthorizedApi::refreshNow()
{
    m_tokens.refreshNow();
}

AuthorizedApi::~AuthorizedApi() = default;

QFuture<ApiReply> AuthorizedApi::get(const QString &path)
{
    return authorized([this, path](const QByteArray &token) {
        return m_client.get(path, ApiClient::RequestOptions { token, {} });
    });
}

QFuture<ApiReply> AuthorizedApi::getBytes(const QString &path, const QByteArray &ifNoneMatch)
{
    return authorized([this, path, ifNoneMatch](const QByteArray &token) {
        return m_client.getBytes(path, ApiClient::RequestOptions { token, {} }, ifNoneMatch);
    });
}

QFuture<ApiReply> AuthorizedApi::post(
    const QString &path, const QJsonObject &body, const QByteArray &idempotencyKey)
{
    return authorized([this, path, body, idempotencyKey](const QByteArray &token) {
        return m_client.post(path, body, ApiClient::RequestOptions { token, idempotencyKey });
    });
}

QFuture<ApiReply> AuthorizedApi::put(
    const QString &path, const QJsonObject &body, const QByteArray &idempotencyKey)
{
    return authorized([this, path, body, idempotencyKey](const QByteArray &token) {
        return m_client.put(path, body, ApiClient::RequestOptions { token, idempotencyKey });
    });
}

QFuture<ApiReply> AuthorizedApi::putBytes(
    const QString &path, const QByteArray &bytes, const QByteArray &contentType)
{
    return authorized([this, path, bytes, contentType](const QByteArray &token) {
        return m_client.putBytes(path, bytes, contentType, ApiClient::RequestOptions { token, {} });
    });
}

QFuture<ApiReply> AuthorizedApi::deleteResource(const QString &path)
{
    return authorized([this, path](const QByteArray &token) {
        return m_client.deleteResource(path, ApiClient::RequestOptions { token, {} });
    });
}

QNetworkRequest AuthorizedApi::webSocketRequest(const QString &path) const
{
    const QByteArray token = m_tokens.accessToken();
    if (token.isEmpty())
        return {};
    QUrl url = m_client.endpoint().resolve(path);
    url.setScheme(m_client.endpoint().isPlainHttp() ? QStringLiteral("ws") : QStringLiteral("wss"));
    QNetworkRequest request(url);
    if (!m_client.endpoint().isPlainHttp())
        request.setSslConfiguration(m_client.tlsPolicy().sslConfiguration());
    request.setHeader(
        QNetworkRequest::UserAgentHeader, QString(QStringLiteral("Tessera/") + productVersion()));
    if (!m_client.tlsPolicy().hasPin())
        request.setRawHeader("Authorization", QByteArrayLiteral("Bearer ") + token);
    return request;
}

QByteArray AuthorizedApi::webSocketAuthMessage(const QSslCertificate &peer, bool encrypted) const
{
    if (!m_tokens.hasAccessToken() || !encrypted || m_client.endpoint().isPlainHttp()
        || peer.isNull() || !m_client.tlsPolicy().accepts(peer))
        return {};
    return QJsonDocument(
        QJsonObject { { QStringLiteral("type"), QStringLiteral("auth") },
            { QStringLiteral("token"), QString::fromLatin1(m_tokens.accessToken()) } })
        .toJson(QJsonDocument::Compact);
}

QFuture<ApiReply> AuthorizedApi::authorized(const Call &call)
{
    auto promise = std::make_shared<QPromise<ApiReply>>();
    promise->start();
    QFuture<ApiReply> future = promise->future();
    if (!m_tokens.hasAccessToken() && !m_tokens.hasRefreshToken()) {
        promise->addResult(notSignedIn());
        promise->finish();
        return future;
    }
    attempt(call, promise, false);
    return future;
}

void AuthorizedApi::attempt(const Call &call, const Promise &promise, bool refreshed)
{
    using Outcome = TokenKeeper::RefreshOutcome;
    const auto deliver = [promise](const ApiReply &reply) {
        promise->addResult(reply);
        promise->finish();
    };
    if (!m_tokens.hasAccessToken()) {
        if (refreshed) {
            deliver(notSignedIn());
            return;
        }
        m_tokens.refresh([this, call, promise, deliver](Outcome outcome, const ApiReply &reply) {
            if (outcome == Outcome::Ok)
                attempt(call, promise, true);
            else
                deliver(reply);
        });
        return;
    }
    QFuture<ApiReply> sent = call(m_tokens.accessToken());
    // The answer's progress goes on to the caller's future; a caller that cancelled stops it.
    auto *progress = new QFutureWatcher<ApiReply>(this);
    connect(
        progress, &QFutureWatcherBase::progressValueChanged, this, [progress, promise](int value) {
            QFuture<ApiReply> future = progress->future();
            if (promise->isCanceled()) {
                future.cancel();
                return;
            }
            promise->setProgressRange(future.progressMinimum(), future.progressMaximum());
            promise->setProgressValue(value);
        });
    connect(progress, &QFutureWatcherBase::finished, progress, &QObject::deleteLater);
    progress->setFuture(sent);
    whenFinished(this, sent, [this, call, promise, refreshed, deliver](const ApiReply &reply) {
        if (!refreshed && reply.httpStatus == 401 && reply.error.code == u"invalid_token") {
            qCInfo(lcSession) << "access token refused: refreshing once";
            m_tokens.refresh(
                [this, call, promise, reply, deliver](Outcome outcome, const ApiReply &) {
                    if (outcome == Outcome::Ok)
                        attempt(call, promise, true);
                    else
                        deliver(reply);
                });
            return;
        }
        deliver(reply);
    });
}

} // namespace tessera
