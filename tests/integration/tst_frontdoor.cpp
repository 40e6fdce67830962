// The server's HTTP front door, against the real tessera-server with
// raw sockets: bodies past a route's limit refused from their head (the server's peak memory
// stays near idle), header and idle timeouts, the cap per address, 100-continue, HEAD, HTTP/1.0,
// %2F, strict framing, pipelining, and the same over TLS. HTTP only: SQLite.
#include "rawhttpconnection.h"
#include "serverprocess.h"
#include "testca.h"
#include "tlsserverfixture.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonObject>
#include <QSslSocket>
#include <QTcpSocket>
#include <QTest>

#include <memory>
#include <optional>

using namespace tessera::test;

namespace {

QByteArray get(const QByteArray &path, const QByteArray &extra = {})
{
    return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extra + "\r\n";
}

QByteArray post(const QByteArray &path, const QByteArray &body, const QByteArray &extra = {})
{
    return "POST " + path
        + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
        + QByteArray::number(body.size()) + "\r\n" + extra + "\r\n" + body;
}

const QByteArray wrongPassword =
    R"({"username":"L0000000","password":"not-the-password","device":{"id":"d","name":"n","platform":"desktop"}})";

// One client sending a huge body as fast as the server takes it, until an answer comes back or
// the connection ends.
struct Upload
{
    QTcpSocket socket;
    bool chunked = false;
    qint64 sent = 0; // body bytes written when the answer came
    QByteArray received;
    bool done = false;
};

constexpr qint64 hugeBody = 200LL * 1024 * 1024;

} // namespace

class TestFrontDoor : public QObject
{
    Q_OBJECT

    // Short timeouts, so that the tests of them wait seconds, not minutes.
    static ServerProcess::Options shortTimeouts(int cap = 64)
    {
        ServerProcess::Options options;
        options.config = QJsonObject { { QStringLiteral("http"),
            QJsonObject { { QStringLiteral("headerTimeoutMilliseconds"), 1000 },
                { QStringLiteral("idleTimeoutMilliseconds"), 1500 },
                { QStringLiteral("maxConnectionsPerAddress"), cap } } } };
        return options;
    }

    ServerProcess m_server; // shortTimeouts(), for the tests that need nothing else

private Q_SLOTS:
    void initTestCase() { QVERIFY2(m_server.start(shortTimeouts()), qPrintable(m_server.error())); }

    // A 200 MB body to the sign-in (16 KiB limit) used to make the server hold it all
    // (609 MiB; three at once 1.4 GiB), chunked bodies too. Now 413 comes from the head (or the
    // first chunk's size), the body is never kept, and the peak stays within 16 MiB of idle.
    void hugeBodiesAreRefusedBeforeTheyAreRead_data()
    {
        QTest::addColumn<bool>("chunked");
        QTest::addColumn<int>("clients");
        QTest::newRow("Content-Length") << false << 1;
        QTest::newRow("chunked") << true << 1;
        QTest::newRow("three Content-Length") << false << 3;
        QTest::newRow("three chunked") << true << 3;
    }
    void hugeBodiesAreRefusedBeforeTheyAreRead()
    {
        QFETCH(bool, chunked);
        QFETCH(int, clients);
        ServerProcess server;
        QVERIFY2(server.start(), qPrintable(server.error()));
        {
            RawHttpConnection warmUp; // the pool's threads, the database connection: part of idle
            QVERIFY(warmUp.open(server.url()));
            warmUp.send(post("/v1/auth/login", wrongPassword));
            QVERIFY(warmUp.next());
        }
        const qint64 idle = server.peakMemoryKiB();
        QVERIFY(idle > 0);

        const QByteArray chunk(65'536, 'x');
        const QByteArray piece =
            chunked ? QByteArray::number(chunk.size(), 16) + "\r\n" + chunk + "\r\n" : chunk;
        std::vector<std::unique_ptr<Upload>> uploads;
        for (int i = 0; i < clients; ++i) {
            auto upload = std::make_unique<Upload>();
            upload->chunked = chunked;
            Upload *const raw = upload.get();
            const auto pump = [raw, piece] {
                while (!raw->done && raw->sent < hugeBody && raw->socket.bytesToWrite() < 524'288
                    && raw->socket.state() == QAbstractSocket::ConnectedState) {
                    raw->socket.write(piece);
                    raw->sent += piece.size();
                }
            };
            QObject::connect(&raw->socket, &QTcpSocket::bytesWritten, &raw->socket, pump);
            QObject::connect(&raw->socket, &QTcpSocket::readyRead, &raw->socket, [raw] {
                raw->received += raw->socket.readAll();
                raw->done = raw->done || raw->received.contains("\r\n\r\n");
            });
            QObject::connect(
                &raw->socket, &QTcpSocket::disconnected, &raw->socket, [raw] { raw->done = true; });
            raw->socket.connectToHost(server.url().host(), quint16(server.url().port()));
            QVERIFY(raw->socket.waitForConnected(10000));
            raw->socket.write("POST /v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                              "Content-Type: application/json\r\n"
                + (chunked ? QByteArray("Transfer-Encoding: chunked\r\n")
                           : "Content-Length: " + QByteArray::number(hugeBody) + "\r\n")
                + "\r\n");
            pump();
            uploads.push_back(std::move(upload));
        }
        QTRY_VERIFY_WITH_TIMEOUT(std::all_of(uploads.cbegin(), uploads.cend(),
                                     [](const auto &upload) { return upload->done; }),
            60000);
        const qint64 peak = server.peakMemoryKiB();
        qInfo("server peak %lld KiB, idle %lld KiB", peak, idle);
        QVERIFY2(peak - idle < 16'384,
            qPrintable(QStringLiteral("peak %1 KiB, idle %2 KiB").arg(peak).arg(idle)));
        for (const auto &upload : uploads) {
            upload->received += upload->socket.readAll();
            const auto answer = takeRawAnswer(upload->received);
            QVERIFY2(answer, upload->received.left(200).constData());
            QCOMPARE(answer->status, 413);
            QCOMPARE(answer->code(), QStringLiteral("body_too_large"));
            QCOMPARE(answer->header("Connection"), QByteArrayLiteral("close"));
            // Early: long before the body was all sent.
            QVERIFY2(upload->sent < hugeBody / 4, qPrintable(QString::number(upload->sent)));
        }
        QVERIFY(server.isRunning());
    }

    // Bodies within the limit pass, chunked ones too; a declared body over the limit with
    // Expect: 100-continue gets 413 instead of 100.
    void bodiesWithinTheLimitPass()
    {
        RawHttpConnection connection;
        QVERIFY(connection.open(m_server.url()));
        QByteArray chunkedBody =
            QByteArray::number(wrongPassword.size(), 16) + "\r\n" + wrongPassword + "\r\n0\r\n\r\n";
        connection.send("POST /v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
            + chunkedBody);
        auto answer = connection.next();
        QVERIFY(answer);
        QVERIFY2(answer->status == 400 || answer->status == 401,
            qPrintable(QString::number(answer->status)));
        connection.send(post("/v1/auth/login", wrongPassword));
        answer = connection.next();
        QVERIFY(answer);
        QVERIFY2(answer->status == 400 || answer->status == 401,
            qPrintable(QString::number(answer->status)));

        RawHttpConnection refused;
        QVERIFY(refused.open(m_server.url()));
        refused.send("POST /v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 20000\r\n"
                     "Expect: 100-continue\r\n\r\n");
        answer = refused.next();
        QVERIFY(answer);
        QCOMPARE(answer->status, 413);
        QCOMPARE(answer->code(), QStringLiteral("body_too_large"));
        QVERIFY(refused.closedWithin(10000));
    }

    // Expect: 100-continue: 100 as soon as the head is in, then the answer once the body came.
    void expectContinueGets100First()
    {
        RawHttpConnection connection;
        QVERIFY(connection.open(m_server.url()));
        connection.send("POST /v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        "Content-Type: application/json\r\nExpect: 100-continue\r\n"
                        "Content-Length: "
            + QByteArray::number(wrongPassword.size()) + "\r\n\r\n");
        const auto interim = connection.next(false);
        QVERIFY2(interim, connection.buffer().constData());
        QCOMPARE(interim->status, 100);
        connection.send(wrongPassword);
        const auto answer = connection.next();
        QVERIFY(answer);
        QVERIFY2(answer->status == 400 || answer->status == 401,
            qPrintable(QString::number(answer->status)));
    }

    // Item 7 and decision 2: headers over 16 KiB get 431 and the connection is closed.
    void oversizedHeadGets431()
    {
        RawHttpConnection connection;
        QVERIFY(connection.open(m_server.url()));
        connection.send(get("/v1/health", "X-Fill: " + QByteArray(20'480, 'a') + "\r\n"));
        const auto answer = connection.next();
        QVERIFY2(answer, connection.buffer().left(200).constData());
        QCOMPARE(answer->status, 431);
        QCOMPARE(answer->code(), QStringLiteral("headers_too_large"));
        QVERIFY(!answer->header("Date").isEmpty()); // like every answer of the server
        QVERIFY(connection.closedWithin(10000));
    }

    // Item 7: half-sent headers held connections open for 40 s and more. Now the head must be
    // complete within the header timeout (1 s here): 408, then closed; a connection that sends
    // nothing at all is closed too.
    void slowHeadsAreClosed()
    {
        RawHttpConnection half;
        QVERIFY(half.open(m_server.url()));
        half.send("GET /v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        RawHttpConnection silent;
        QVERIFY(silent.open(m_server.url()));
        QVERIFY(half.closedWithin(20000));
        const auto answer = takeRawAnswer(half.buffer());
        QVERIFY2(answer, half.buffer().constData());
        QCOMPARE(answer->status, 408);
        QCOMPARE(answer->code(), QStringLiteral("request_timeout"));
        QVERIFY(silent.closedWithin(20000));
        QVERIFY(silent.buffer().isEmpty());
    }

    // Item 7: an idle keep-alive connection is closed after the idle timeout (1.5 s here).
    void idleKeepAliveIsClosed()
    {
        RawHttpConnection connection;
        QVERIFY(connection.open(m_server.url()));
        connection.send(get("/v1/health"));
        const auto answer = connection.next();
        QVERIFY(answer);
        QCOMPARE(answer->status, 200);
        QVERIFY(connection.closedWithin(20000));
        QVERIFY(connection.buffer().isEmpty());
    }

    // Item 7: connections past the cap per address are refused (503 too_many_connections, then
    // closed); a place frees when a connection ends.
    void connectionsPastTheCapAreRefused()
    {
        ServerProcess server;
        ServerProcess::Options options; // the usual timeouts: the three stay open
        options.config = QJsonObject { { QStringLiteral("http"),
            QJsonObject { { QStringLiteral("maxConnectionsPerAddress"), 3 } } } };
        QVERIFY2(server.start(options), qPrintable(server.error()));
        std::vector<std::unique_ptr<RawHttpConnection>> held;
        for (int i = 0; i < 3; ++i) {
            held.push_back(std::make_unique<RawHttpConnection>());
            QVERIFY(held.back()->open(server.url()));
            held.back()->send(get("/v1/health"));
            const auto answer = held.back()->next();
            QVERIFY(answer);
            QCOMPARE(answer->status, 200);
        }
        RawHttpConnection extra;
        QVERIFY(extra.open(server.url()));
        extra.send(get("/v1/health"));
        QVERIFY(extra.closedWithin(10000));
        if (const auto answer = takeRawAnswer(extra.buffer())) {
            QCOMPARE(answer->status, 503);
            QCOMPARE(answer->code(), QStringLiteral("too_many_connections"));
        }

        held.front()->socket().disconnectFromHost();
        held.erase(held.begin());
        // The server sees the close on its next turn of the event loop: try for a while.
        std::optional<RawAnswer> answer;
        QElapsedTimer clock;
        clock.start();
        while ((!answer || answer->status == 503) && clock.elapsed() < 10000) {
            RawHttpConnection again;
            QVERIFY(again.open(server.url()));
            again.send(get("/v1/health"));
            answer = again.next();
            if (!answer || answer->status == 503)
                QTest::qWait(100);
        }
        QVERIFY(answer);
        QCOMPARE(answer->status, 200);
    }

    // Item 8: HEAD answers as GET without the body (it answered 405).
    void headAnswersHeadersOnly()
    {
        RawHttpConnection connection;
        QVERIFY(connection.open(m_server.url()));
        connection.send(get("/v1/health"));
        const auto full = connection.next();
        QVERIFY(full);
        connection.send("HEAD /v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        const auto head = connection.next(false);
        QVERIFY(head);
        QCOMPARE(head->status, 200);
        QCOMPARE(head->header("Content-Length"), QByteArray::number(full->body.size()));
        QCOMPARE(head->header("Content-Type"), full->header("Content-Type"));
        // No body came after the head: the next answer on the connection starts right there.
        connection.send(get("/v1/health"));
        const auto after = connection.next();
        QVERIFY(after);
        QCOMPARE(after->status, 200);
        QCOMPARE(after->body, full->body);
    }

    // Item 8: an HTTP/1.0 request got a kept-alive HTTP/1.1 answer; now Connection: close, and
    // the connection ends after it.
    void http10IsClosedAfterItsAnswer()
    {
        RawHttpConnection connection;
        QVERIFY(connection.open(m_server.url()));
        connection.send("GET /v1/health HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
        const auto answer = connection.next();
        QVERIFY(answer);
        QCOMPARE(answer->status, 200);
        QCOMPARE(answer->header("Connection"), QByteArrayLiteral("close"));
        QVERIFY(connection.closedWithin(10000));
    }

    // Item 8: "%2F" was decoded before routing ("/v1/inbox%2Fx" reached /v1/inbox/{id}). A raw
    // path with an encoded "/" or NUL names no endpoint: 404 not_found.
    void encodedSlashIsNotRouted_data()
    {
        QTest::addColumn<QByteArray>("request");
        QTest::newRow("%2F") << get("/v1/inbox%2Fx");
        QTest::newRow("%2f in a segment") << get("/v1/inbox/x%2fread");
        QTest::newRow("%00") << get("/v1/inbox/%00");
        QTest::newRow("POST %2F") << post("/v1/inbox/x%2Fread", "{}");
    }
    void encodedSlashIsNotRouted()
    {
        QFETCH(QByteArray, request);
        RawHttpConnection connection;
        QVERIFY(connection.open(m_server.url()));
        connection.send(request);
        const auto answer = connection.next();
        QVERIFY(answer);
        QCOMPARE(answer->status, 404);
        QCOMPARE(answer->code(), QStringLiteral("not_found"));
    }

    // Framing that QHttpServer 6.4 would take one way and a proxy another is refused: 400 and
    // closed.
    void ambiguousFramingIsRefused_data()
    {
        QTest::addColumn<QByteArray>("request");
        QTest::newRow("Content-Length and chunked")
            << QByteArray("POST /v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\n"
                          "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
        QTest::newRow("two lengths")
            << QByteArray("POST /v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2\r\n"
                          "Content-Length: 3\r\n\r\n{}x");
        QTest::newRow("folded header")
            << QByteArray("GET /v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-A: a\r\n b\r\n\r\n");
        QTest::newRow("HTTP/2.0") << QByteArray("GET /v1/health HTTP/2.0\r\n\r\n");
    }
    void ambiguousFramingIsRefused()
    {
        QFETCH(QByteArray, request);
        RawHttpConnection connection;
        QVERIFY(connection.open(m_server.url()));
        connection.send(request);
        const auto answer = connection.next();
        QVERIFY2(answer, connection.buffer().constData());
        QCOMPARE(answer->status, 400);
        QCOMPARE(answer->code(), QStringLiteral("invalid_request"));
        QVERIFY(connection.closedWithin(10000));
    }

    // A refusal comes after the answers the connection still owes (pipelining), then the end.
    void refusalComesAfterOwedAnswers()
    {
        RawHttpConnection connection;
        QVERIFY(connection.open(m_server.url()));
        connection.send(get("/v1/health") + post("/v1/auth/login", wrongPassword)
            + post("/v1/auth/login", QByteArray(20'480, ' ')) + get("/v1/health"));
        QList<int> statuses;
        while (const auto answer = connection.next())
            statuses.append(answer->status);
        QCOMPARE(statuses.size(), 3);
        QCOMPARE(statuses[0], 200);
        QVERIFY2(
            statuses[1] == 400 || statuses[1] == 401, qPrintable(QString::number(statuses[1])));
        QCOMPARE(statuses[2], 413);
        QVERIFY(connection.closedWithin(10000));
    }

    // Requests that arrive a few bytes at a time (heads, bodies and chunk sizes split anywhere)
    // are read by the front door and QHttpServer alike: every pipelined one is answered, in order.
    void piecemealPipelineIsAnsweredInOrder()
    {
        const QByteArray chunkedLogin =
            "POST /v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            "Transfer-Encoding: chunked\r\n\r\n"
            + QByteArray::number(wrongPassword.size(), 16) + "\r\n" + wrongPassword
            + "\r\n0\r\n\r\n";
        const QByteArray all = get("/v1/health") + chunkedLogin
            + "HEAD /v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
            + post("/v1/auth/login", wrongPassword) + get("/v1/nothing-here");
        RawHttpConnection connection;
        connection.socket().setSocketOption(QAbstractSocket::LowDelayOption, 1);
        QVERIFY(connection.open(m_server.url()));
        for (qsizetype at = 0; at < all.size(); at += 7) {
            connection.send(all.mid(at, 7));
            QTest::qWait(2); // so that the server reads them as separate pieces
        }
        const QList<bool> bodies { true, true, false, true, true };
        QList<int> statuses;
        for (const bool body : bodies) {
            const auto answer = connection.next(body);
            QVERIFY2(answer, connection.buffer().constData());
            statuses.append(answer->status);
        }
        QCOMPARE(statuses[0], 200);
        QVERIFY2(
            statuses[1] == 400 || statuses[1] == 401, qPrintable(QString::number(statuses[1])));
        QCOMPARE(statuses[2], 200);
        QVERIFY2(
            statuses[3] == 400 || statuses[3] == 401, qPrintable(QString::number(statuses[3])));
        QCOMPARE(statuses[4], 404);
        QVERIFY(connection.buffer().isEmpty());
    }

    // TLS still works through the front door, and a connection that never starts its handshake
    // is closed after the header timeout (QSslServer 6.4 has none).
    void tlsWorksAndTimesOut()
    {
        TlsServerFixture tls;
        QVERIFY2(tls.create(), qPrintable(tls.error()));
        ServerProcess server;
        ServerProcess::Options options = tls.serverOptions();
        options.config.insert(
            QStringLiteral("http"), shortTimeouts().config.value(QStringLiteral("http")));
        QVERIFY2(server.start(options), qPrintable(server.error()));
        QCOMPARE(server.url().scheme(), QStringLiteral("https"));

        auto socket = std::make_unique<QSslSocket>();
        QSslSocket *const tlsSocket = socket.get();
        QSslConfiguration configuration = tlsSocket->sslConfiguration();
        configuration.setCaCertificates(QSslCertificate::fromPath(tls.caFile()));
        tlsSocket->setSslConfiguration(configuration);
        RawHttpConnection secure(std::move(socket));
        tlsSocket->connectToHostEncrypted(server.url().host(), quint16(server.url().port()));
        QVERIFY2(tlsSocket->waitForEncrypted(10000), qPrintable(tlsSocket->errorString()));
        secure.send(get("/v1/health"));
        const auto answer = secure.next();
        QVERIFY(answer);
        QCOMPARE(answer->status, 200);
        secure.send("HEAD /v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        const auto head = secure.next(false);
        QVERIFY(head);
        QCOMPARE(head->status, 200);
        QVERIFY(secure.closedWithin(20000)); // idle

        RawHttpConnection silent;
        QVERIFY(silent.open(server.url()));
        QVERIFY(silent.closedWithin(20000));
    }

    void cleanupTestCase() { m_server.stop(); }
};

QTEST_GUILESS_MAIN(TestFrontDoor)
#include "tst_frontdoor.moc"
