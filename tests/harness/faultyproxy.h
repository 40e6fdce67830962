#pragma once

#include <QList>
#include <QObject>
#include <QRandomGenerator>
#include <QTcpServer>

class QTcpSocket;

namespace tessera::test {

// A loopback TCP proxy for fault tests: listens on 127.0.0.1 and forwards each connection to a
// target port (the server, which may be restarted on another port: setTarget()). Cuts
// connections at random (seeded, so a failing run can be repeated with its seed): a cut
// connection forwards only part of a request or of an answer, then both sides are aborted. With
// no target (port 0), or while the target refuses, a connection is closed at once.
class FaultyProxy : public QObject
{
    Q_OBJECT
public:
    explicit FaultyProxy(quint32 seed, QObject *parent = nullptr);
    ~FaultyProxy() override;

    bool listen();
    quint16 port() const { return m_server.serverPort(); }
    quint32 seed() const { return m_seed; }

    void setTarget(quint16 port) { m_target = port; }
    // The chance (0..1) that a new connection will be cut somewhere in its first maxBytes bytes
    // (either direction).
    void setCutProbability(double probability, int maxBytes = 4096);
    // Aborts every open connection now.
    void cutAll();

    int connectionCount() const { return m_connections; }
    int cutCount() const { return m_cuts; }

private:
    struct Link;

    void accept();
    void forward(Link *link, const QByteArray &data, bool upstream);
    void drop(Link *link, bool abort);

    QTcpServer m_server;
    quint32 m_seed;
    QRandomGenerator m_random;
    quint16 m_target = 0;
    double m_cutProbability = 0;
    int m_maxBytes = 4096;
    int m_connections = 0;
    int m_cuts = 0;
    QList<Link *> m_links;
};

} // namespace tessera::test
