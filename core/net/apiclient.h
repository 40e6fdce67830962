#pragma once

#include "net/apireply.h"
#include "net/serverendpoint.h"
#include "net/tlspolicy.h"

#include <QByteArray>
#include <QFuture>
#include <QJsonObject>
#include <QObject>
#include <QPromise>

#include <memory>

class QNetworkAccessManager;
class QNetworkReply;
class QNetworkRequest;

namespace tessera {

// JSON over HTTP(S) to the Tessera server. Every call answers a future that always finishes,
// with an ApiReply saying what happened; nothing throws.
//
// Connections are kept alive between requests, except after a node's 503 `draining` (isDraining):
// the server is stopping and a load balancer sends new connections to another node, so every
// kept connection is dropped (the requests still running finish on theirs) and the request is
// sent once more at once on a fresh one, when it may be sent twice: a GET, PUT or DELETE, or a
// POST with its Idempotency-Key (a POST without one answers the 503; the caller's next request
// goes fresh). That is the only retry made here.
//
// TLS: the server's certificate is verified (Qt's default, never relaxed here) against the
// system's anchors and the policy's extra CA certificates; with a key pin in the policy, a
// server presenting another key is refused before the request is sent (TlsError, pin_mismatch).
class ApiClient : public QObject
{
    Q_OBJECT
public:
    // What goes with one request besides its path and body.
    struct RequestOptions
    {
        QByteArray bearerToken; // Authorization: Bearer <token> when not empty
        QByteArray idempotencyKey; // Idempotency-Key when not empty (retryable mutations)
    };

    explicit ApiClient(ServerEndpoint endpoint, QObject *parent = nullptr);
    ApiClient(ServerEndpoint endpoint, TlsPolicy tls, QObject *parent = nullptr);
    // Aborts what is still pending: every future handed out finishes (with a NetworkError).
    ~ApiClient() override;

    const ServerEndpoint &endpoint() const { return m_endpoint; }
    const TlsPolicy &tlsPolicy() const { return m_tls; }
    void setTimeout(std::chrono::milliseconds timeout) { m_timeout = timeout; }

    QFuture<ApiReply> get(const QString &path, const RequestOptions &options = {});
    // GET path for bytes, not JSON (a medium): ApiReply::bytes, contentType and etag; with
    // ifNoneMatch, a copy still current answers 304 (Ok, without bytes).
    QFuture<ApiReply> getBytes(
        const QString &path, const RequestOptions &options, const QByteArray &ifNoneMatch = {});
    QFuture<ApiReply> post(
        const QString &path, const QJsonObject &body, const RequestOptions &options = {});
    // PUT path with a JSON body (a publisher's news post).
    QFuture<ApiReply> put(
        const QString &path, const QJsonObject &body, const RequestOptions &options = {});
    // PUT path with bytes of contentType (a health record's certificate); the answer is JSON.
    QFuture<ApiReply> putBytes(const QString &path, const QByteArray &bytes,
        const QByteArray &contentType, const RequestOptions &options = {});
    // DELETE path (no body), e.g. a sub-system withdrawing its notification.
    QFuture<ApiReply> deleteResource(const QString &path, const RequestOptions &options = {});

    // A random Idempotency-Key (128 bits, base64url).
    static QByteArray newIdempotencyKey();

    // Largest answer body accepted; anything longer is a protocol error.
    static constexpr qint64 maxReplyBytes = qint64 { 8 } * 1024 * 1024;

    // The answer of a draining node: 503 with the error code "draining" (any route; an answer's
    // {"status":"draining"}, GET /v1/health's, is given that code when it is read).
    static bool isDraining(const ApiReply &reply);
    // How many times kept connections were dropped after a draining answer (for tests).
    int connectionDrops() const { return m_drops; }

private:
    struct Outgoing;

    QNetworkRequest makeRequest(const QString &path, const RequestOptions &options) const;
    QFuture<ApiReply> send(Outgoing outgoing);
    QNetworkReply *dispatch(const Outgoing &outgoing);
    void track(QNetworkReply *reply, const std::shared_ptr<const Outgoing> &outgoing,
        const std::shared_ptr<QPromise<ApiReply>> &promise, bool retried);
    QNetworkAccessManager *newManager();
    // After a draining answer on answered: later requests go on a fresh manager (fresh
    // connections); answered is deleted once its last request is done.
    void dropConnections(QNetworkAccessManager *answered);
    void deleteWhenIdle(QNetworkAccessManager *retired);

    ServerEndpoint m_endpoint;
    TlsPolicy m_tls;
    QNetworkAccessManager *m_network;
    std::chrono::milliseconds m_timeout { 15000 };
    int m_drops = 0;
};

} // namespace tessera
