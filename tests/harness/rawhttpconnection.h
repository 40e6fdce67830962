#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>
#include <QTcpSocket>
#include <QUrl>

#include <memory>
#include <optional>

namespace tessera::test {

// One HTTP answer as read off the wire.
struct RawAnswer
{
    int status = 0;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;

    QByteArray header(const QByteArray &name) const; // the first with name (any case)
    QString code() const; // "error"."code" of a JSON error body, or empty
};

// Takes one whole answer off the front of buffer (with a body only when bodyExpected: not after
// HEAD, never for 1xx); nullopt when it is not all there yet.
std::optional<RawAnswer> takeRawAnswer(QByteArray &buffer, bool bodyExpected = true);

// A client connection that writes exactly the bytes a test gives (hostile framing, pipelining,
// half-sent heads) and reads answers one by one. Waits are bounded.
class RawHttpConnection
{
public:
    explicit RawHttpConnection(std::unique_ptr<QTcpSocket> socket = std::make_unique<QTcpSocket>());

    bool open(const QUrl &url); // plain TCP to url's host and port
    QTcpSocket &socket() { return *m_socket; }
    void send(const QByteArray &bytes);
    // The next answer within timeout ms; nullopt when none came (or the connection ended first).
    std::optional<RawAnswer> next(bool bodyExpected = true, int timeout = 10000);
    // Whether the server closed the connection within timeout ms (what came meanwhile is kept).
    bool closedWithin(int timeout);
    QByteArray &buffer() { return m_buffer; } // received, not taken as an answer yet

private:
    std::unique_ptr<QTcpSocket> m_socket;
    QByteArray m_buffer;
};

} // namespace tessera::test
