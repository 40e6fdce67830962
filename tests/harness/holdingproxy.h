#pragma once

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QTcpServer>

class QTcpSocket;

namespace tessera::test {

// A loopback TCP proxy that can hold answers back: listens on 127.0.0.1 and forwards each
// connection to a target port. While holding, each connection passes its first answer (an LDAP
// bind's) and keeps every later one until release(): the target has answered (its data is as it
// was then) but the client has not read it yet. Requests always pass. For a few connections.
class HoldingProxy : public QObject
{
    Q_OBJECT
public:
    explicit HoldingProxy(quint16 target, QObject *parent = nullptr);

    bool listen();
    quint16 port() const { return m_server.serverPort(); }

    void setHolding(bool holding) { m_holding = holding; }
    qint64 heldBytes() const { return m_heldBytes; }
    // Sends what was held and holds nothing more.
    void release();

private:
    struct Link;

    void accept();

    QTcpServer m_server;
    quint16 m_target;
    bool m_holding = false;
    qint64 m_heldBytes = 0;
    QList<Link *> m_links; // children of the proxy, kept until it goes
};

} // namespace tessera::test
