// The front door's HTTP/1.1 framing (RequestFramer): where requests and bodies end, whatever way
// the bytes are split, and what it refuses (body limits, header limit, smuggling).
#include "http/requestframer.h"

#include <QTest>

using namespace tessera::server;
using Event = RequestFramer::Event;

namespace {

// Feeds bytes in pieces of piece bytes; answers every event but NeedMore, in order ("start",
// "head GET /x", "done", "large", "malformed", "head-large"). Each head gets limit.
QStringList events(const QByteArray &bytes, qsizetype piece, qint64 limit = 100)
{
    RequestFramer framer(256);
    QStringList seen;
    for (qsizetype at = 0; at < bytes.size(); at += piece) {
        QByteArrayView rest = QByteArrayView(bytes).sliced(at, std::min(piece, bytes.size() - at));
        while (!rest.isEmpty() && !framer.stopped()) {
            qsizetype taken = 0;
            Event event = framer.feed(rest, &taken);
            rest = rest.sliced(taken);
            if (event == Event::HeadComplete) {
                seen.append(QStringLiteral("head %1 %2")
                                .arg(QString::fromLatin1(framer.head().method),
                                    QString::fromLatin1(framer.head().target)));
                event = framer.setBodyLimit(limit);
            }
            switch (event) {
            case Event::RequestStarted:
                seen.append(QStringLiteral("start"));
                break;
            case Event::RequestComplete:
                seen.append(QStringLiteral("done"));
                break;
            case Event::BodyTooLarge:
                seen.append(QStringLiteral("large"));
                break;
            case Event::Malformed:
                seen.append(QStringLiteral("malformed"));
                break;
            case Event::HeadTooLarge:
                seen.append(QStringLiteral("head-large"));
                break;
            default:
                break;
            }
        }
    }
    return seen;
}

} // namespace

class TestRequestFramer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void framing_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QStringList>("expected");
        const QStringList get { QStringLiteral("start"), QStringLiteral("head GET /x"),
            QStringLiteral("done") };
        QTest::newRow("GET") << QByteArray("GET /x HTTP/1.1\r\nHost: a\r\n\r\n") << get;
        QTest::newRow("LF only, empty lines before")
            << QByteArray("\r\n\nGET /x HTTP/1.0\n\n") << get;
        QTest::newRow("two pipelined")
            << QByteArray("GET /x HTTP/1.1\r\n\r\nPOST /y HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc")
            << (get
                   + QStringList { QStringLiteral("start"), QStringLiteral("head POST /y"),
                       QStringLiteral("done") });
        QTest::newRow("chunked") << QByteArray(
            "POST /y HTTP/1.1\r\nTransfer-Encoding: Chunked\r\n\r\n"
            "5;ext=1\r\nhello\r\nA\r\n0123456789\r\n0\r\n\r\nGET /x HTTP/1.1\r\n\r\n")
                                 << (QStringList { QStringLiteral("start"),
                                         QStringLiteral("head POST /y"), QStringLiteral("done") }
                                        + get);
        QTest::newRow("declared too large")
            << QByteArray("POST /y HTTP/1.1\r\nContent-Length: 101\r\n\r\n")
            << QStringList { QStringLiteral("start"), QStringLiteral("head POST /y"),
                   QStringLiteral("large") };
        QTest::newRow("chunks too large")
            << QByteArray("POST /y HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                          "40\r\n"
                   + QByteArray(64, 'a') + "\r\n40\r\n")
            << QStringList { QStringLiteral("start"), QStringLiteral("head POST /y"),
                   QStringLiteral("large") };
        QTest::newRow("head too large")
            << QByteArray("GET /x HTTP/1.1\r\nX: " + QByteArray(300, 'a') + "\r\n\r\n")
            << QStringList { QStringLiteral("start"), QStringLiteral("head-large") };
        const QStringList malformed { QStringLiteral("start"), QStringLiteral("malformed") };
        QTest::newRow("length and chunked") << QByteArray(
            "POST /y HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n")
                                            << malformed;
        QTest::newRow("differing lengths")
            << QByteArray("POST /y HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n")
            << malformed;
        QTest::newRow("signed length")
            << QByteArray("POST /y HTTP/1.1\r\nContent-Length: +3\r\n\r\n") << malformed;
        QTest::newRow("gzip encoding")
            << QByteArray("POST /y HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n")
            << malformed;
        QTest::newRow("space before colon")
            << QByteArray("GET /x HTTP/1.1\r\nHost : a\r\n\r\n") << malformed;
        QTest::newRow("folding") << QByteArray("GET /x HTTP/1.1\r\nA: b\r\n c\r\n\r\n")
                                 << malformed;
        QTest::newRow("bare CR") << QByteArray("GET /x HTTP/1.1\r\nA: b\rc\r\n\r\n") << malformed;
        QTest::newRow("absolute form")
            << QByteArray("GET http://a/x HTTP/1.1\r\n\r\n") << malformed;
        QTest::newRow("HTTP/0.9") << QByteArray("GET /x\r\n\r\n") << malformed;
        QTest::newRow("two spaces") << QByteArray("GET  /x HTTP/1.1\r\n\r\n") << malformed;
        QTest::newRow("trailer") << QByteArray(
            "POST /y HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX: 1\r\n\r\n")
                                 << QStringList { QStringLiteral("start"),
                                        QStringLiteral("head POST /y"),
                                        QStringLiteral("malformed") };
        QTest::newRow("chunk size not hex")
            << QByteArray("POST /y HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0x5\r\nhello\r\n")
            << QStringList { QStringLiteral("start"), QStringLiteral("head POST /y"),
                   QStringLiteral("malformed") };
    }
    // The same events whether the bytes come at once, one by one, or in threes.
    void framing()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QStringList, expected);
        for (const qsizetype piece : { bytes.size(), qsizetype(1), qsizetype(3) })
            QCOMPARE(events(bytes, piece), expected);
    }

    // Chunk sizes and line ends count against the limit too: 1,500 body bytes in 1-byte chunks
    // are 9,000 bytes on the wire, which QHttpServer would keep until the request is whole.
    void chunkOverheadIsCounted()
    {
        QByteArray tinyChunks;
        for (int i = 0; i < 1500; ++i)
            tinyChunks += "1\r\na\r\n";
        const QByteArray request =
            "POST /y HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n" + tinyChunks + "0\r\n\r\n";
        const QStringList refused { QStringLiteral("start"), QStringLiteral("head POST /y"),
            QStringLiteral("large") };
        QCOMPARE(events(request, request.size(), 2000), refused);
        QCOMPARE(events(request, 5, 2000), refused);
        const QStringList passed { QStringLiteral("start"), QStringLiteral("head POST /y"),
            QStringLiteral("done") };
        QCOMPARE(events(request, request.size(), 20000), passed);
    }

    void headFields()
    {
        RequestFramer framer(1024);
        const QByteArray bytes("PUT /a?b=%2F HTTP/1.0\r\nConnection: keep-alive\r\n"
                               "Expect: 100-continue\r\nContent-Length: 0\r\n\r\n");
        qsizetype taken = 0;
        QCOMPARE(framer.feed(bytes, &taken), Event::RequestStarted);
        QCOMPARE(framer.feed(QByteArrayView(bytes).sliced(taken), &taken), Event::HeadComplete);
        QCOMPARE(framer.head().target, QByteArrayLiteral("/a?b=%2F"));
        QCOMPARE(framer.head().minorVersion, 0);
        QVERIFY(framer.head().close); // HTTP/1.0: closed after its answer, keep-alive or not
        QVERIFY(framer.head().expectContinue);
        QVERIFY(!framer.head().hasBody());
        QCOMPARE(framer.setBodyLimit(0), Event::RequestComplete);

        RequestFramer upgrade(1024);
        const QByteArray request("GET /v1/stream HTTP/1.1\r\nConnection: keep-alive, Upgrade\r\n"
                                 "Upgrade: WebSocket\r\n\r\n");
        QCOMPARE(upgrade.feed(request, &taken), Event::RequestStarted);
        QCOMPARE(upgrade.feed(request, &taken), Event::HeadComplete);
        QVERIFY(upgrade.head().upgrade);
        QVERIFY(!upgrade.head().close);
    }
};

QTEST_GUILESS_MAIN(TestRequestFramer)
#include "tst_requestframer.moc"
