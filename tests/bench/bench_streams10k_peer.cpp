// bench-streams10k-peer: the floor for bench_streams10k, a minimal QWebSocketServer holding
// WebSockets as tessera-server's stream does, and nothing else: it accepts every WebSocket on
// 127.0.0.1:PORT (any path), sends {"type":"hello"}, and on a line "hint N" on its standard input
// sends {"cursor":"N","type":"inbox"} to every open socket.
//
//   bench-streams10k-peer PORT       prints "listening" once it listens
#include "selfclock.h"

#include <QCoreApplication>
#include <QList>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QWebSocket>
#include <QWebSocketServer>

#include <cstdio>
#include <sys/resource.h>

namespace {

class Acceptor : public QTcpServer
{
public:
    explicit Acceptor(QWebSocketServer &server)
        : m_server(server)
    { }

protected:
    void incomingConnection(qintptr handle) override
    {
        auto *socket = new QTcpSocket;
        if (!socket->setSocketDescriptor(handle)) {
            delete socket;
            return;
        }
        m_server.handleConnection(socket);
    }

private:
    QWebSocketServer &m_server;
};

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc != 4) {
        (void)std::fprintf(stderr, "usage: %s PORT EXPECTED HINTS\n", argv[0]);
        return 2;
    }
    const int expected = QByteArray(argv[2]).toInt();
    const int hints = QByteArray(argv[3]).toInt();
    rlimit limit {};
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0) {
        limit.rlim_cur = limit.rlim_max;
        setrlimit(RLIMIT_NOFILE, &limit);
    }
    // Accepted as tessera-server's front door accepts (every connection taken at once, Qt's
    // listen backlog), then upgraded by QWebSocketServer.
    QWebSocketServer server(QStringLiteral("peer"), QWebSocketServer::NonSecureMode);
    Acceptor acceptor(server);
    if (!acceptor.listen(QHostAddress::LocalHost, quint16(QByteArray(argv[1]).toUShort()))) {
        (void)std::fprintf(stderr, "%s\n", qPrintable(acceptor.errorString()));
        return 1;
    }
    QList<QWebSocket *> sockets;
    QObject::connect(&server, &QWebSocketServer::newConnection, &server, [&] {
        while (QWebSocket *socket = server.nextPendingConnection()) {
            sockets.append(socket);
            QObject::connect(socket, &QWebSocket::disconnected, socket, [&sockets, socket] {
                sockets.removeOne(socket);
                socket->deleteLater();
            });
            socket->sendTextMessage(QStringLiteral("{\"type\":\"hello\"}"));
        }
    });
    // Once `expected` sockets are open: `hints` hints, one every second, each noted as
    // "sent N NS" (CLOCK_MONOTONIC, comparable with the subscribers' receipts).
    int sent = 0;
    QTimer pace;
    pace.setInterval(1000);
    QObject::connect(&pace, &QTimer::timeout, &app, [&] {
        if (sockets.size() < expected)
            return;
        ++sent;
        const QString message = QStringLiteral("{\"cursor\":\"%1\",\"type\":\"inbox\"}").arg(sent);
        std::printf("sent %d %lld\n", sent, static_cast<long long>(tessera::bench::monotonicNs()));
        (void)std::fflush(stdout);
        for (QWebSocket *socket : std::as_const(sockets))
            socket->sendTextMessage(message);
        if (sent == hints)
            pace.stop();
    });
    pace.start();
    std::printf("listening\n");
    (void)std::fflush(stdout);
    return app.exec();
}
