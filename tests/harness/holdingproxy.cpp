#include "holdingproxy.h"

#include <QTcpSocket>

namespace tessera::test {

// One connection: what the client sent before the target answered the connect waits in
// pending; answers after the first wait in held while the proxy holds.
struct HoldingProxy::Link : QObject
{
    QTcpSocket *client = nullptr;
    QTcpSocket *upstream = nullptr;
    QByteArray pending;
    QByteArray held;
    int answers = 0;
};

HoldingProxy::HoldingProxy(quint16 target, QObject *parent)
    : QObject(parent)
    , m_target(target)
{
    connect(&m_server, &QTcpServer::newConnection, this, &HoldingProxy::accept);
}

bool HoldingProxy::listen()
{
    return m_server.listen(QHostAddress::LocalHost);
}

void HoldingProxy::release()
{
    m_holding = false;
    for (Link *link : std::as_const(m_links)) {
        if (!link->held.isEmpty() && link->client->state() == QAbstractSocket::ConnectedState)
            link->client->write(link->held);
        link->held.clear();
    }
    m_heldBytes = 0;
}

void HoldingProxy::accept()
{
    while (QTcpSocket *client = m_server.nextPendingConnection()) {
        auto *link = new Link;
        link->setParent(this);
        m_links.append(link);
        link->client = client;
        client->setParent(link);
        link->upstream = new QTcpSocket(link);
        connect(link->upstream, &QTcpSocket::connected, link, [link] {
            link->upstream->write(link->pending);
            link->pending.clear();
        });
        connect(client, &QTcpSocket::readyRead, link, [link] {
            const QByteArray data = link->client->readAll();
            if (link->upstream->state() == QAbstractSocket::ConnectedState)
                link->upstream->write(data);
            else
                link->pending += data;
        });
        connect(link->upstream, &QTcpSocket::readyRead, link, [this, link] {
            const QByteArray data = link->upstream->readAll();
            if (m_holding && link->answers++ > 0) {
                link->held += data;
                m_heldBytes += data.size();
            } else {
                link->client->write(data);
            }
        });
        connect(client, &QTcpSocket::disconnected, link->upstream, &QTcpSocket::disconnectFromHost);
        connect(link->upstream, &QTcpSocket::disconnected, link, [link] {
            if (link->held.isEmpty())
                link->client->disconnectFromHost();
        });
        link->upstream->connectToHost(QHostAddress::LocalHost, m_target);
    }
}

} // namespace tessera::test
