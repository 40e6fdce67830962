#pragma once

#include "apireply.h"
#include "serverendpoint.h"

#include <QFuture>
#include <QObject>

class QNetworkAccessManager;
class QNetworkReply;

namespace tessera {

// JSON over HTTP(S) to the Tessera server. Every call answers a future that always finishes,
// with an ApiReply saying what happened; nothing throws and nothing is retried here.
class ApiClient : public QObject
{
    Q_OBJECT
public:
    explicit ApiClient(ServerEndpoint endpoint, QObject *parent = nullptr);
    // Aborts what is still pending: every future handed out finishes (with a NetworkError).
    ~ApiClient() override;

    const ServerEndpoint &endpoint() const { return m_endpoint; }
    void setTimeout(std::chrono::milliseconds timeout) { m_timeout = timeout; }

    QFuture<ApiReply> get(const QString &path);

    // Largest answer body accepted; anything longer is a protocol error.
    static constexpr qint64 maxReplyBytes = 8 * 1024 * 1024;

private:
    QFuture<ApiReply> track(QNetworkReply *reply);

    ServerEndpoint m_endpoint;
    QNetworkAccessManager *m_network;
    std::chrono::milliseconds m_timeout { 15000 };
};

} // namespace tessera
