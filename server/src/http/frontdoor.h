#pragma once

#include "base/serverconfig.h"

#include <QByteArrayView>
#include <QDateTime>
#include <QHash>
#include <QLoggingCategory>
#include <QSslConfiguration>
#include <QTcpServer>

#include <functional>
#include <memory>
#include <optional>

namespace tessera::server {

Q_DECLARE_LOGGING_CATEGORY(lcFrontDoor) // tessera.server.frontdoor: refused connections

// The body limit for a request: from its method and raw request-target (RouteTable).
using BodyLimit = std::function<qint64(QByteArrayView method, QByteArrayView target)>;

// The server's listening socket, handed to QHttpServer with bind() (DESIGN.md, second round,
// decision 2). QHttpServer 6.4 holds a whole body (twice) before a route sees it, and has no
// header limit, no timeouts and no 100-continue; so a connection reaches it only once its first
// request's head is in and within limits, and a ConnectionGuard keeps reading each connection's
// bytes ahead of it. TLS (when given a configuration) is done here too, with the handshake inside
// the header deadline. Connections past maxConnectionsPerAddress from one address get 503 (TLS:
// are closed) at once. Stays while the server runs on QHttpServer 6.4 (Debian 12); on a newer Qt
// each limit is re-tested (tests/integration/tst_frontdoor.cpp) before any part of this goes.
class FrontDoor : public QTcpServer
{
    Q_OBJECT
public:
    FrontDoor(HttpLimits limits, BodyLimit bodyLimit, QObject *parent = nullptr);

    void setTls(const QSslConfiguration &configuration) { m_tls = configuration; }
    // The server's clock, for the Date of the front door's own answers.
    void setClock(std::function<QDateTime()> now) { m_now = std::move(now); }
    QDateTime now() const { return m_now ? m_now() : QDateTime::currentDateTimeUtc(); }

    // Called by a connection's guard when its first request may go to QHttpServer.
    void handOver(QTcpSocket *socket);

protected:
    void incomingConnection(qintptr handle) override;

private:
    HttpLimits m_limits;
    BodyLimit m_bodyLimit;
    std::optional<QSslConfiguration> m_tls;
    std::function<QDateTime()> m_now;
    // Open connections per address; shared with the guards, which may outlive this object
    // while its children are deleted.
    std::shared_ptr<QHash<QByteArray, int>> m_perAddress;
};

} // namespace tessera::server
