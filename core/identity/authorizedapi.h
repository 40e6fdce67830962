#pragma once

#include "net/apiclient.h"

#include <QByteArray>
#include <QFuture>
#include <QNetworkRequest>
#include <QObject>

#include <functional>
#include <memory>

class QSslCertificate;

namespace tessera {

class TokenKeeper;

// Requests to the server with the session's access token: all a feature's service needs of
// the session to talk to the server. An answer 401 invalid_token leads to one refresh (shared
// with any other waiting for one) and one retry; a request without any token answers 401
// authentication_required without being sent. The futures always finish (cancelled when the
// API is destroyed first).
class AuthorizedApi : public QObject
{
    Q_OBJECT
public:
    // client and tokens must outlive the API.
    AuthorizedApi(ApiClient &client, TokenKeeper &tokens, QObject *parent = nullptr);
    ~AuthorizedApi() override;

    // The server the requests go to.
    const ServerEndpoint &endpoint() const { return m_client.endpoint(); }
    QFuture<ApiReply> get(const QString &path);
    // GET path for bytes (a medium: ApiReply::bytes, contentType, etag); with ifNoneMatch, a
    // copy still current answers 304 without them.
    QFuture<ApiReply> getBytes(const QString &path, const QByteArray &ifNoneMatch = {});
    // The same idempotency key on the retry: the server applies the request once.
    QFuture<ApiReply> post(
        const QString &path, const QJsonObject &body, const QByteArray &idempotencyKey = {});
    // PUT and DELETE: idempotent by their nature, retried as they are; a PUT an outbox sends (a
    // survey's answer, an RSVP) carries its Idempotency-Key too.
    QFuture<ApiReply> put(
        const QString &path, const QJsonObject &body, const QByteArray &idempotencyKey = {});
    // PUT of bytes (a certificate), idempotent by its nature.
    QFuture<ApiReply> putBytes(
        const QString &path, const QByteArray &bytes, const QByteArray &contentType);
    QFuture<ApiReply> deleteResource(const QString &path);

    // The upgrade request of a WebSocket at path (ws:// or wss:// after the server's scheme)
    // for the live stream; a null request (empty URL) when there is no access token. It carries
    // the access token, except when the server's key is pinned: a WebSocket's TLS handshake
    // cannot be checked against the pin before the upgrade request is sent, so the token goes
    // in the first message instead (webSocketAuthMessage()) once the socket is connected.
    QNetworkRequest webSocketRequest(const QString &path) const;
    // {"type":"auth","token":...} for a WebSocket opened without the token, when peer (the
    // certificate the server presented on that socket) passes the pin; empty otherwise (no
    // token, plain http, or a key that is not the pinned one: then nothing may be sent).
    QByteArray webSocketAuthMessage(const QSslCertificate &peer, bool encrypted) const;

    // Refreshes the access token now (a live stream refused with 401); refreshFinished() tells
    // how it ended.
    void refreshNow();

Q_SIGNALS:
    // A refresh ended (this API's or the token keeper's own): ok says whether there is a new
    // token pair.
    void refreshFinished(bool ok);

private:
    using Call = std::function<QFuture<ApiReply>(const QByteArray &accessToken)>;
    using Promise = std::shared_ptr<QPromise<ApiReply>>;

    QFuture<ApiReply> authorized(const Call &call);
    void attempt(const Call &call, const Promise &promise, bool refreshed);

    ApiClient &m_client;
    TokenKeeper &m_tokens;
};

} // namespace tessera
