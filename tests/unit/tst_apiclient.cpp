// ApiClient's answer limits, against a small HTTP server of the test's own on 127.0.0.1: a
// normal answer is read whole; a body larger than maxReplyBytes is refused as reply_too_large,
// with or without a Content-Length, and its download stops at the limit. An error answer cut
// short by a broken connection is a network error (nothing definite came back), a whole one is
// the server's refusal; a replayed answer (Idempotent-Replayed: true) says so.
#include "net/apiclient.h"
#include "net/apireply.h"
#include "net/serverendpoint.h"

#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <memory>

using namespace tessera;

namespace {

// Answers every connection's first request with answer, writing body in pieces (the whole of a
// large one would sit in the socket's buffer at once otherwise), then closes.
class OneAnswerServer : public QTcpServer
{
public:
    OneAnswerServer(QByteArray head, qint64 bodyBytes, char fill)
        : m_head(std::move(head))
        , m_bodyBytes(bodyBytes)
        , m_fill(fill)
    {
        connect(this, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = nextPendingConnection())
                serve(socket);
        });
    }

    qint64 bodyBytesWritten() const { return m_written; }

private:
    void serve(QTcpSocket *socket)
    {
        connect(socket, &QTcpSocket::readyRead, socket, [this, socket] {
            if (!socket->readAll().contains("\r\n\r\n") || socket->property("answered").toBool())
                return;
            socket->setProperty("answered", true);
            socket->write(m_head);
            writeMore(socket);
        });
        connect(socket, &QTcpSocket::bytesWritten, socket, [this, socket] {
            if (socket->bytesToWrite() == 0)
                writeMore(socket);
        });
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    }

    void writeMore(QTcpSocket *socket)
    {
        const qint64 left = m_bodyBytes - m_written;
        if (left <= 0) {
            socket->disconnectFromHost();
            return;
        }
        const qint64 piece = std::min<qint64>(left, qint64 { 256 } * 1024);
        socket->write(QByteArray(piece, m_fill));
        m_written += piece;
    }

    QByteArray m_head;
    qint64 m_bodyBytes = 0;
    char m_fill = ' ';
    qint64 m_written = 0;
};

ApiReply getFrom(OneAnswerServer &server)
{
    const auto endpoint =
        ServerEndpoint::parse(QStringLiteral("http://127.0.0.1:%1").arg(server.serverPort()),
            ServerEndpoint::PlainHttp::AllowOnLoopback, nullptr);
    ApiClient client(*endpoint);
    QFuture<ApiReply> future = client.get(QStringLiteral("/v1/health"));
    if (!QTest::qWaitFor([&future] { return future.isFinished(); }, 30000))
        return {};
    return future.result();
}

} // namespace

class TestApiClient : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void readsAnAnswerWhole()
    {
        // A JSON object padded with spaces to 1 MiB: well within the limit.
        const qint64 size = qint64 { 1024 } * 1024;
        const QByteArray json = "{\"status\":\"ok\"}";
        OneAnswerServer server("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                               "Content-Length: "
                + QByteArray::number(size + json.size()) + "\r\nConnection: close\r\n\r\n" + json,
            size, ' ');
        QVERIFY(server.listen(QHostAddress::LocalHost));
        const ApiReply reply = getFrom(server);
        QVERIFY2(reply.ok(), qPrintable(reply.error.message));
        QCOMPARE(reply.body.value(QStringLiteral("status")).toString(), QStringLiteral("ok"));
        QVERIFY(!reply.replayed);
    }

    void saysWhenAnAnswerIsReplayed()
    {
        const QByteArray json = "{\"id\":\"evt_1\",\"answer\":\"waiting\"}";
        OneAnswerServer server("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                               "Idempotent-Replayed: true\r\nContent-Length: "
                + QByteArray::number(json.size()) + "\r\nConnection: close\r\n\r\n" + json,
            0, ' ');
        QVERIFY(server.listen(QHostAddress::LocalHost));
        const ApiReply reply = getFrom(server);
        QVERIFY2(reply.ok(), qPrintable(reply.error.message));
        QVERIFY(reply.replayed);
        QCOMPARE(reply.body.value(QStringLiteral("answer")).toString(), QStringLiteral("waiting"));
    }

    void anErrorCutShortIsANetworkError_data()
    {
        QTest::addColumn<bool>("whole");
        QTest::newRow("whole") << true;
        QTest::newRow("cut short") << false;
    }

    void anErrorCutShortIsANetworkError()
    {
        QFETCH(bool, whole);
        const QByteArray json =
            "{\"error\":{\"code\":\"request_in_progress\",\"message\":"
            "\"A request with this Idempotency-Key is still being processed.\"}}";
        // Cut short: the connection closes after half of the body its Content-Length promised.
        OneAnswerServer server("HTTP/1.1 409 Conflict\r\nContent-Type: application/json\r\n"
                               "Content-Length: "
                + QByteArray::number(json.size()) + "\r\nConnection: close\r\n\r\n"
                + (whole ? json : json.left(json.size() / 2)),
            0, ' ');
        QVERIFY(server.listen(QHostAddress::LocalHost));
        const ApiReply reply = getFrom(server);
        if (whole) {
            QCOMPARE(reply.kind, ApiReply::Kind::HttpError);
            QCOMPARE(reply.httpStatus, 409);
            QCOMPARE(reply.error.code, QStringLiteral("request_in_progress"));
        } else {
            QCOMPARE(reply.kind, ApiReply::Kind::NetworkError);
            QCOMPARE(reply.error.code, QStringLiteral("network_error"));
        }
    }

    void refusesAnAnswerPastTheLimit_data()
    {
        QTest::addColumn<bool>("withLength");
        QTest::newRow("Content-Length") << true;
        QTest::newRow("until the connection closes") << false;
    }

    void refusesAnAnswerPastTheLimit()
    {
        QFETCH(bool, withLength);
        const qint64 size = qint64 { 64 } * 1024 * 1024; // 8 times the limit
        QByteArray head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n";
        if (withLength)
            head += "Content-Length: " + QByteArray::number(size) + "\r\n";
        head += "Connection: close\r\n\r\n";
        OneAnswerServer server(head, size, ' ');
        QVERIFY(server.listen(QHostAddress::LocalHost));
        const ApiReply reply = getFrom(server);
        QCOMPARE(reply.kind, ApiReply::Kind::ProtocolError);
        QCOMPARE(reply.error.code, QStringLiteral("reply_too_large"));
        // The download stopped near the limit, not at the end of the body.
        QVERIFY2(server.bodyBytesWritten() < size / 2,
            qPrintable(QString::number(server.bodyBytesWritten())));
    }
};

QTEST_GUILESS_MAIN(TestApiClient)
#include "tst_apiclient.moc"
