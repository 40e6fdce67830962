#pragma once

// Header only (the tessera_testfakes target): a server endpoint for tests that must fail to
// connect.
#include "net/serverendpoint.h"

#include <QHostAddress>
#include <QString>
#include <QTcpServer>

namespace tessera::test {

// A loopback address where nothing listens (the port was free a moment ago).
inline ServerEndpoint deadEndpoint()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost);
    const quint16 port = probe.serverPort();
    probe.close();
    return *ServerEndpoint::parse(QStringLiteral("http://127.0.0.1:%1").arg(port),
        ServerEndpoint::PlainHttp::AllowOnLoopback, nullptr);
}

} // namespace tessera::test
