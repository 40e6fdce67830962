#include "http/frontdoor.h"

#include "http/connectionguard.h"
#include "http/httpresponses.h"
#include "http/routetable.h"

#include <QSslSocket>

namespace tessera::server {

Q_LOGGING_CATEGORY(lcFrontDoor, "tessera.server.frontdoor", QtInfoMsg)

namespace {

QByteArray addressKey(const QHostAddress &address)
{
    bool isV4 = false;
    const quint32 v4 = address.toIPv4Address(&isV4); // ::ffff:a.b.c.d counts as a.b.c.d
    return isV4 ? QHostAddress(v4).toString().toLatin1() : address.toString().toLatin1();
}

} // namespace

FrontDoor::FrontDoor(HttpLimits limits, BodyLimit bodyLimit, QObject *parent)
    : QTcpServer(parent)
    , m_limits(limits)
    , m_bodyLimit(std::move(bodyLimit))
    , m_perAddress(std::make_shared<QHash<QByteArray, int>>())
{
    // Qt's default backlog of 50 stalls a burst of reconnects (a drained node's streams moving
    // here, bench_streams10k's 1,000 at once) for tens of seconds; the kernel caps it at somaxconn.
    setListenBacklogSize(1024);
}

void FrontDoor::incomingConnection(qintptr handle)
{
    QTcpSocket *socket = nullptr;
    if (m_tls) {
        auto *tlsSocket = new QSslSocket(this);
        tlsSocket->setSslConfiguration(*m_tls);
        socket = tlsSocket;
    } else {
        socket = new QTcpSocket(this);
    }
    if (!socket->setSocketDescriptor(handle)) {
        delete socket;
        return;
    }
    connect(socket, &QAbstractSocket::disconnected, socket, &QObject::deleteLater);
    const QByteArray key = addressKey(socket->peerAddress());
    if (m_limits.maxConnectionsPerAddress > 0
        && m_perAddress->value(key) >= m_limits.maxConnectionsPerAddress) {
        qCInfo(lcFrontDoor) << "refused a connection: too many from" << key;
        if (m_tls) {
            socket->abort();
        } else {
            HttpResponse response = http::error(503, QStringLiteral("too_many_connections"),
                QStringLiteral("Too many connections from your address. Close some and try "
                               "again."));
            response.setHeader(QByteArrayLiteral("Retry-After"), QByteArrayLiteral("10"));
            response.setHeader(QByteArrayLiteral("Date"), RouteTable::httpDate(now()));
            socket->write(response.serialize(true));
            socket->disconnectFromHost();
        }
        if (socket->state() == QAbstractSocket::UnconnectedState)
            socket->deleteLater();
        return;
    }
    ++(*m_perAddress)[key];
    new ConnectionGuard(
        socket, this, m_limits, m_bodyLimit, m_now, [perAddress = m_perAddress, key] {
            auto it = perAddress->find(key);
            if (it != perAddress->end() && --it.value() <= 0)
                perAddress->erase(it);
        });
    if (m_tls) {
        auto *tlsSocket = static_cast<QSslSocket *>(socket);
        connect(tlsSocket, &QAbstractSocket::errorOccurred, tlsSocket, [tlsSocket] {
            if (!tlsSocket->isEncrypted())
                tlsSocket->deleteLater();
        });
        tlsSocket->startServerEncryption();
    }
}

void FrontDoor::handOver(QTcpSocket *socket)
{
    addPendingConnection(socket); // QHttpServer takes it from here (pendingConnectionAvailable)
}

} // namespace tessera::server
