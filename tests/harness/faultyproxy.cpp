#include "faultyproxy.h"

#include <QHostAddress>
#include <QTcpSocket>

namespace tessera::test {

struct FaultyProxy::Link
{
    QTcpSocket *client = nullptr;
    QTcpSocket *server = nullptr;
    QByteArray early; // from the client before the server connection is up
    // Bytes left before the cut in each direction; -1: no cut.
    qint64 upLeft = -1;
    qint64 downLeft = -1;
    bool dropped = false;
};

FaultyProxy::FaultyProxy(quint32 seed, QObject *parent)
    : QObject(parent)
    , m_seed(seed)
    , m_random(seed)
{
    connect(&m_server, &QTcpServer::newConnection, this, &FaultyProxy::accept);
}

FaultyProxy::~FaultyProxy()
{
    const QList<Link *> links = m_links;
    for (Link *link : links)
        drop(link, true);
}

bool FaultyProxy::listen()
{
    return m_server.listen(QHostAddress::LocalHost, 0);
}

void FaultyProxy::setCutProbability(double probability, int maxBytes)
{
    m_cutProbability = probability;
    m_maxBytes = std::max(1, maxBytes);
}

void FaultyProxy::cutAll()
{
    const QList<Link *> links = m_links;
    for (Link *link : links) {
        ++m_cuts;
        drop(link, true);
    }
}

void FaultyProxy::accept()
{
    while (QTcpSocket *client = m_server.nextPendingConnection()) {
        ++m_connections;
        auto *link = new Link;
        link->client = client;
        m_links.append(link);
        if (m_random.generateDouble() < m_cutProbability) {
            const qint64 at = 1 + m_random.bounded(m_maxBytes);
            if (m_random.bounded(2) == 0)
                link->upLeft = at; // in the middle of a request
            else
                link->downLeft = at; // in the middle of an answer (the request was served)
        }
        if (m_target == 0) {
            drop(link, true);
            continue;
        }
        link->server = new QTcpSocket(this);
        QTcpSocket *server = link->server;
        connect(client, &QTcpSocket::readyRead, this, [this, link] {
            if (link->dropped)
                return;
            if (link->server->state() == QAbstractSocket::ConnectedState)
                forward(link, link->client->readAll(), true);
            else
                link->early += link->client->readAll();
        });
        connect(server, &QTcpSocket::connected, this, [this, link] {
            if (link->dropped)
                return;
            forward(link, std::exchange(link->early, {}) + link->client->readAll(), true);
        });
        connect(server, &QTcpSocket::readyRead, this, [this, link] {
            if (!link->dropped)
                forward(link, link->server->readAll(), false);
        });
        // Either side ending ends the other (after what it has to write is written).
        connect(client, &QTcpSocket::disconnected, this, [this, link] { drop(link, false); });
        connect(server, &QTcpSocket::disconnected, this, [this, link] { drop(link, false); });
        connect(server, &QTcpSocket::errorOccurred, this, [this, link] { drop(link, false); });
        connect(client, &QTcpSocket::errorOccurred, this, [this, link] { drop(link, false); });
        server->connectToHost(QHostAddress::LocalHost, m_target);
    }
}

void FaultyProxy::forward(Link *link, const QByteArray &data, bool upstream)
{
    if (data.isEmpty())
        return;
    QTcpSocket *to = upstream ? link->server : link->client;
    qint64 &left = upstream ? link->upLeft : link->downLeft;
    if (left < 0 || data.size() < left) {
        to->write(data);
        if (left >= 0)
            left -= data.size();
        return;
    }
    // The cut: a part of what came, then nothing more either way.
    to->write(data.left(left));
    to->flush();
    ++m_cuts;
    drop(link, true);
}

void FaultyProxy::drop(Link *link, bool abort)
{
    if (link->dropped)
        return;
    link->dropped = true;
    m_links.removeOne(link);
    if (!abort && link->client && link->server) {
        // What was read but not yet passed on still goes through.
        const QByteArray up = std::exchange(link->early, {}) + link->client->readAll();
        if (link->server->state() == QAbstractSocket::ConnectedState)
            link->server->write(up);
        link->client->write(link->server->readAll());
    }
    for (QTcpSocket *socket : { link->client, link->server }) {
        if (!socket)
            continue;
        socket->disconnect(this);
        if (abort)
            socket->abort();
        else {
            socket->flush();
            socket->disconnectFromHost();
        }
        socket->deleteLater();
    }
    delete link;
}

} // namespace tessera::test
