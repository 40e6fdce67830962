// bench-peer-httpserver: the floor a QtHttpServer 6.4 application can reach for GET /v1/health.
// It answers with a fixed body of the same size as tessera-server's health answer and the same
// headers, from a plain synchronous route: no route table, no QFuture, no database. It listens on
// 127.0.0.1 only, on a port the system picks, and prints "listening on http://127.0.0.1:PORT".
#include <QCoreApplication>
#include <QHostAddress>
#include <QHttpServer>
#include <QHttpServerResponse>

#include <csignal>
#include <cstdio>
#include <unistd.h>

namespace {

extern "C" void exitOnSignal(int)
{
    ::_exit(0); // async-signal-safe; nothing to save
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    std::signal(SIGTERM, exitOnSignal);
    std::signal(SIGINT, exitOnSignal);

    // What tessera-server answers (QJsonDocument sorts the keys), byte for byte.
    static const QByteArray body =
        QByteArrayLiteral("{\"database\":\"sqlite\",\"status\":\"ok\",\"version\":\"0.1.0\"}");

    QHttpServer server;
    server.route(QStringLiteral("/v1/health"), QHttpServerRequest::Method::Get, [] {
        QHttpServerResponse response(QByteArrayLiteral("application/json"), body);
        response.setHeader(QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("no-store"));
        response.setHeader(
            QByteArrayLiteral("X-Content-Type-Options"), QByteArrayLiteral("nosniff"));
        return response;
    });
    const quint16 port = server.listen(QHostAddress::LocalHost, 0);
    if (port == 0) {
        std::fputs("bench-peer-httpserver: cannot listen on 127.0.0.1\n", stderr);
        return 1;
    }
    std::printf("listening on http://127.0.0.1:%u\n", static_cast<unsigned>(port));
    std::fflush(stdout);
    return QCoreApplication::exec();
}
