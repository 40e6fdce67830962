// bench_push: how fast a new notification reaches the phones, against mosquitto (issue 6, 3).
// Tessera: a sub-system POSTs /v1/notifications to the real tessera-server (SQLite, --demo);
// the server's live stream (GET /v1/stream, WebSocket) hints every open app of the person.
// Peer: mosquitto (Debian's broker, started here on 127.0.0.1 from a temporary config), one
// publisher, the subscribers on one topic, QoS 0, a payload of the hint's size. The subscribers
// (1 or 1,000) are bench-push-subscribers, a process of their own; times are CLOCK_MONOTONIC in
// both processes. Figures:
//   - latency, publish (request written / PUBLISH written) -> message at a subscriber, p50 and
//     p99, with 1 and with 1,000 subscribers, messages paced so that they do not queue;
//   - fan-out: deliveries per second with 1,000 subscribers, messages published back to back
//     (Tessera's publisher waits for each 201, as a sub-system does).
// Rounds alternate Tessera and mosquitto. Nothing asserts a time: the benchmark fails only when
// something does not work (a process that does not start, a message that does not arrive).
//
// TESSERA_BENCH_REPORT_DIR=DIR also writes the table to DIR/bench_push.md.
#include "benchtable.h"
#include "childprocess.h"
#include "demoaccounts.h"
#include "httpload.h"
#include "mqttwire.h"
#include "procstats.h"
#include "serverprocess.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <map>
#include <sys/resource.h>

using namespace std::chrono_literals;

namespace tessera::bench {

namespace {

constexpr int kRounds = 2;
constexpr int kMany = 1000;
constexpr int kLatencyMessagesOne = 200; // with 1 subscriber, one every kPaceOneMs
constexpr int kPaceOneMs = 5;
constexpr int kLatencyMessagesMany = 20; // with 1,000 subscribers, one every kPaceManyMs
constexpr int kPaceManyMs = 150;
constexpr int kFanOutMessages = 30; // back to back, 1,000 subscribers

struct Outcome
{
    QList<qint64> latenciesNs;
    qint64 delivered = 0;
    qint64 firstSendNs = 0;
    qint64 lastReceiveNs = 0;
    qint64 brokerCpuNs = 0; // CPU time of tessera-server / mosquitto during the run
    double deliveriesPerSecond() const
    {
        return lastReceiveNs > firstSendNs
            ? double(delivered) * 1e9 / double(lastReceiveNs - firstSendNs)
            : 0.0;
    }
};

} // namespace

class BenchPush : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void latencyOne();
    void latencyMany();
    void fanOut();
    void cleanupTestCase();

private:
    // One run: subscribers up, messages published every paceMs (0: back to back), the
    // subscribers' receipts matched to the publishing times.
    std::optional<Outcome> run(bool tessera, int subscribers, int messages, int paceMs);
    bool publishTessera(QTcpSocket &socket, int number);
    void compare(const QString &label, int subscribers, int messages, int paceMs, bool rate);

    QTemporaryDir m_dir;
    test::ServerProcess m_server;
    test::ChildProcess m_mosquitto;
    quint16 m_mosquittoPort = 0;
    qint64 m_serverPid = 0;
    QByteArray m_token;
    QByteArray m_apiKey;
    int m_keys = 0;
    int m_hintSize = 0;
    BenchTable m_table { QStringLiteral("tessera-server stream"), QStringLiteral("mosquitto") };
};

void BenchPush::initTestCase()
{
    QVERIFY(m_dir.isValid());
    // 1,000 sockets on each side: more than the usual 1,024 descriptors (the children inherit).
    rlimit limit {};
    QVERIFY(getrlimit(RLIMIT_NOFILE, &limit) == 0);
    limit.rlim_cur = limit.rlim_max;
    QVERIFY(setrlimit(RLIMIT_NOFILE, &limit) == 0);
    QVERIFY2(limit.rlim_cur > rlim_t(kMany) * 2 + 100, "too few file descriptors allowed");

    QVERIFY2(m_server.start(), qPrintable(m_server.error()));
    m_token = test::signInDemo(
        m_server, QStringLiteral("Ben Okafor"), test::testDevice(QStringLiteral("bench-push")))
                  .value(QStringLiteral("accessToken"))
                  .toString()
                  .toUtf8();
    QVERIFY(!m_token.isEmpty());
    m_serverPid = childProcessRunning(test::ServerProcess::binary());
    QVERIFY(m_serverPid > 0);
    m_apiKey = test::demoApiKey(m_server).value(QStringLiteral("key")).toString().toUtf8();
    QVERIFY(!m_apiKey.isEmpty());
    m_hintSize = int(QByteArray(R"({"cursor":"1000","type":"inbox"})").size());

    m_mosquittoPort = test::freeLoopbackPort();
    const QString config = m_dir.filePath(QStringLiteral("mosquitto.conf"));
    QFile file(config);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("listener " + QByteArray::number(m_mosquittoPort)
        + " 127.0.0.1\nallow_anonymous true\npersistence false\nlog_dest stdout\n"
          "log_type error\nlog_type warning\n"
          "max_queued_messages 0\nmax_inflight_messages 0\nmax_connections -1\n");
    file.close();
    QVERIFY2(m_mosquitto.start(QStringLiteral("mosquitto"), { QStringLiteral("-c"), config }),
        qPrintable(m_mosquitto.error()));
    // Its log goes to a pipe, block-buffered: wait until it accepts connections instead.
    bool listening = false;
    for (int attempt = 0; attempt < 300 && !listening && m_mosquitto.isRunning(); ++attempt) {
        QTcpSocket probe;
        probe.connectToHost(QHostAddress::LocalHost, m_mosquittoPort);
        listening = probe.waitForConnected(100);
        if (!listening)
            QThread::msleep(100);
    }
    QVERIFY2(listening,
        qPrintable(QStringLiteral("mosquitto does not listen: ")
            + QString::fromUtf8(m_mosquitto.output())));
}

bool BenchPush::publishTessera(QTcpSocket &socket, int number)
{
    const QJsonObject body {
        { QStringLiteral("recipients"),
            QJsonObject { { QStringLiteral("users"), QJsonArray { QStringLiteral("E1002") } } } },
        { QStringLiteral("title"), QStringLiteral("Push %1").arg(number) },
        { QStringLiteral("body"), QStringLiteral("A notification for the push benchmark.") },
        { QStringLiteral("category"), QStringLiteral("info") },
        { QStringLiteral("priority"), QStringLiteral("normal") },
        { QStringLiteral("actionable"), false },
        { QStringLiteral("reference"), QStringLiteral("PUSH-%1").arg(number) },
    };
    socket.write(httpRequestBytes("POST", "/v1/notifications", socket.peerPort(),
        test::bearer(QString::fromUtf8(m_apiKey), "push-" + QByteArray::number(++m_keys)),
        QJsonDocument(body).toJson(QJsonDocument::Compact)));
    // The answer: headers, then Content-Length bytes.
    QByteArray buffer;
    while (socket.waitForReadyRead(30000)) {
        buffer += socket.readAll();
        const qsizetype end = buffer.indexOf("\r\n\r\n");
        if (end < 0)
            continue;
        const qsizetype at = buffer.toLower().indexOf("content-length:");
        const qsizetype length = at < 0
            ? 0
            : buffer.mid(at + 15, buffer.indexOf('\r', at) - at - 15).trimmed().toLongLong();
        if (buffer.size() >= end + 4 + length)
            return buffer.startsWith("HTTP/1.1 201");
    }
    return false;
}

std::optional<Outcome> BenchPush::run(bool tessera, int subscribers, int messages, int paceMs)
{
    const QString name = tessera ? QStringLiteral("tessera-server") : QStringLiteral("mosquitto");
    const auto failure = [&](const QString &why) {
        QTest::qFail(qPrintable(name + QStringLiteral(": ") + why), __FILE__, __LINE__);
        return std::optional<Outcome>();
    };
    const QByteArray topic = QByteArrayLiteral("tessera/inbox/E1002");
    test::ChildProcess helper;
    const quint16 port = tessera ? quint16(m_server.url().port()) : m_mosquittoPort;
    if (!helper.start(QStringLiteral(TESSERA_BENCH_PUSH_SUBSCRIBERS),
            { tessera ? QStringLiteral("ws") : QStringLiteral("mqtt"), QString::number(port),
                QString::number(subscribers), QString::fromUtf8(tessera ? m_token : topic),
                QString::number(messages), QStringLiteral("60000") }))
        return failure(helper.error());
    if (!helper.waitForLine(QRegularExpression(QStringLiteral("^ready")), 150s))
        return failure(helper.error() + QString::fromUtf8(helper.output().right(2000)));

    QTcpSocket publisher;
    publisher.connectToHost(QHostAddress::LocalHost, port);
    if (!publisher.waitForConnected(10000))
        return failure(publisher.errorString());
    publisher.setSocketOption(QAbstractSocket::LowDelayOption, 1);
    if (!tessera) {
        QByteArray connect = mqttString("MQTT");
        connect.append(char(4)).append(char(0x02)).append(char(0)).append(char(60));
        connect += mqttString("bench-publisher");
        publisher.write(mqttPacket(0x10, connect));
        QByteArray answer;
        while (answer.size() < 4 && publisher.waitForReadyRead(10000))
            answer += publisher.readAll();
        if (answer.size() < 4 || answer.at(0) != char(0x20) || answer.at(3) != 0)
            return failure(QStringLiteral("no CONNACK for the publisher"));
    }

    const qint64 broker = tessera ? m_serverPid : m_mosquitto.pid();
    const qint64 cpuBefore = processCpuNs(broker).value_or(0);
    QList<qint64> sentNs;
    for (int i = 0; i < messages; ++i) {
        const qint64 due = sentNs.isEmpty() ? 0 : sentNs.first() + qint64(i) * paceMs * 1000000LL;
        while (paceMs > 0 && monotonicNs() < due)
            QThread::usleep(200);
        sentNs.append(monotonicNs());
        if (tessera) {
            if (!publishTessera(publisher, i))
                return failure(QStringLiteral("POST /v1/notifications did not answer 201"));
        } else {
            // "KEY " then padding: the size of the stream's hint.
            QByteArray payload = QByteArray::number(i) + ' ';
            payload += QByteArray(std::max<qsizetype>(0, m_hintSize - payload.size()), 'x');
            publisher.write(mqttPacket(0x30, mqttString(topic) + payload));
            publisher.flush();
        }
    }
    const auto done = helper.waitForLine(QRegularExpression(QStringLiteral("^done (\\d+)")), 90s);
    if (!done)
        return failure(helper.error());
    const qint64 brokerCpuNs = processCpuNs(broker).value_or(0) - cpuBefore;
    publisher.disconnectFromHost();

    // Receipts: "KEY NS". Tessera's key is the cursor, which grows with every notification:
    // the n-th distinct cursor is the n-th notification.
    std::map<qint64, QList<qint64>> byKey;
    for (const QByteArray &line : helper.output().split('\n')) {
        const QList<QByteArray> parts = line.split(' ');
        bool keyOk = false;
        bool nsOk = false;
        if (parts.size() != 2)
            continue;
        const qint64 key = parts.at(0).toLongLong(&keyOk);
        const qint64 ns = parts.at(1).toLongLong(&nsOk);
        if (keyOk && nsOk)
            byKey[key].append(ns);
    }
    Outcome outcome;
    outcome.firstSendNs = sentNs.first();
    outcome.brokerCpuNs = brokerCpuNs;
    int index = 0;
    for (const auto &[key, receipts] : byKey) {
        const int message = tessera ? index++ : int(key);
        if (message < 0 || message >= sentNs.size())
            return failure(QStringLiteral("a message no one sent"));
        for (const qint64 ns : receipts) {
            outcome.latenciesNs.append(ns - sentNs.at(message));
            outcome.lastReceiveNs = std::max(outcome.lastReceiveNs, ns);
            ++outcome.delivered;
        }
    }
    if (outcome.delivered != qint64(subscribers) * messages)
        return failure(QStringLiteral("%1 of %2 deliveries arrived")
                           .arg(outcome.delivered)
                           .arg(qint64(subscribers) * messages));
    helper.stop();
    return outcome;
}

void BenchPush::compare(const QString &label, int subscribers, int messages, int paceMs, bool rate)
{
    Outcome results[2];
    QList<double> rates[2];
    qint64 cpuNs[2] = { 0, 0 };
    qint64 delivered[2] = { 0, 0 };
    for (int round = 0; round < kRounds; ++round) {
        for (int turn = 0; turn < 2; ++turn) {
            const int side = round % 2 == 0 ? turn : 1 - turn; // 0: Tessera, 1: mosquitto
            const auto outcome = run(side == 0, subscribers, messages, paceMs);
            if (!outcome)
                return;
            results[side].latenciesNs += outcome->latenciesNs;
            cpuNs[side] += outcome->brokerCpuNs;
            delivered[side] += outcome->delivered;
            rates[side].append(outcome->deliveriesPerSecond());
        }
    }
    using B = BenchTable::Better;
    if (rate) {
        m_table.add(label + QStringLiteral(": deliveries per second"), QStringLiteral("1/s"),
            B::Higher, median(rates[0]), median(rates[1]));
        m_table.add(label + QStringLiteral(": server / broker CPU per delivery"),
            QStringLiteral("µs"), B::Lower, double(cpuNs[0]) / double(delivered[0]) / 1e3,
            double(cpuNs[1]) / double(delivered[1]) / 1e3, 1);
    }
    for (const double p : { 50.0, 99.0 }) {
        m_table.add(label + QStringLiteral(": latency p%1").arg(p), QStringLiteral("ms"), B::Lower,
            percentile(results[0].latenciesNs, p) / 1e6,
            percentile(results[1].latenciesNs, p) / 1e6, 2);
    }
}

void BenchPush::latencyOne()
{
    compare(QStringLiteral("1 subscriber, one message every %1 ms").arg(kPaceOneMs), 1,
        kLatencyMessagesOne, kPaceOneMs, false);
}

void BenchPush::latencyMany()
{
    compare(QStringLiteral("%1 subscribers, one message every %2 ms").arg(kMany).arg(kPaceManyMs),
        kMany, kLatencyMessagesMany, kPaceManyMs, false);
}

void BenchPush::fanOut()
{
    compare(
        QStringLiteral("%1 subscribers, %2 messages back to back").arg(kMany).arg(kFanOutMessages),
        kMany, kFanOutMessages, 0, true);
}

void BenchPush::cleanupTestCase()
{
    if (!m_table.isEmpty()) {
        m_table.addNote(QStringLiteral(
            "Tessera: POST /v1/notifications (the demo sub-system's key, one recipient, over one "
            "keep-alive connection, waiting for each 201) -> tessera-server (SQLite) stores it "
            "and sends the person's open streams the hint {\"cursor\",\"type\":\"inbox\"} "
            "(%1 bytes); the subscribers are WebSockets on /v1/stream, all with one person's "
            "token. mosquitto: PUBLISH QoS 0 of a %1-byte payload to one topic with its "
            "subscribers (a minimal MQTT 3.1.1 client over QTcpSocket on both ends).")
                            .arg(m_hintSize));
        m_table.addNote(QStringLiteral(
            "Latency: publish written -> message read by the subscriber process "
            "(CLOCK_MONOTONIC in both); the app's delta sync that follows a hint (GET "
            "/v1/inbox?since, the SQLCipher write, the model row) is not in these figures. "
            "%1 rounds alternating the two; percentiles pool the rounds, rates are medians.")
                            .arg(kRounds));
        m_table.addNote(
            QStringLiteral("The subscribers' process, the publisher and the server share %1 "
                           "CPUs. Build type %2.")
                .arg(QThread::idealThreadCount())
                .arg(QStringLiteral(TESSERA_BENCH_BUILD_TYPE)));
        publishReport(m_table.toMarkdown(), QStringLiteral("bench_push.md"));
    }
    m_mosquitto.stop();
    m_server.stop();
}

} // namespace tessera::bench

QTEST_GUILESS_MAIN(tessera::bench::BenchPush)
#include "bench_push.moc"
