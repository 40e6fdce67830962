// bench_streams10k: 10,000 open streams on one tessera-server node through HAProxy (issue 19),
// against a minimal QWebSocketServer holding the same 10,000 WebSockets through the same HAProxy.
// The real tessera-server (--demo, SQLite) and bench-streams10k-peer behind one HAProxy (Debian's,
// started here from a temporary config: a frontend for each, maxconn raised, the stream a tunnel
// once upgraded). bench-push-subscribers opens the 10,000 WebSockets (one person's token) through
// HAProxy, to each side in turn. Figures:
//   - memory per stream: (the node's / peer's RSS with the 10,000 streams open - before) / 10,000;
//   - the hint p50 and p99 to all 10,000: tessera, a notification to the person POSTed straight to
//     the node -> hint read at a stream; the peer, the hint's send -> read. One hint a second.
// The descriptors: this process raises its limit (setrlimit; past the hard limit where it may,
// CAP_SYS_RESOURCE) and its children inherit it. HAProxy wants two a stream and a few more: when
// one HAProxy process cannot have them, the streams are spread over several (each with its own
// subscriber process), the report says how many. 10,000 client->HAProxy and 10,000 HAProxy->node
// connections all come from 127.0.0.1, within the kernel's ephemeral port range (checked here),
// since each hop has another destination port. Nothing asserts a time: the benchmark fails only
// when something does not work.
//
// TESSERA_BENCH_REPORT_DIR=DIR also writes the table to DIR/bench_streams10k.md.
// TESSERA_BENCH_STREAMS=N: a smaller run while developing.
#include "benchtable.h"
#include "childprocess.h"
#include "demoaccounts.h"
#include "httpload.h"
#include "procstats.h"
#include "selfclock.h"
#include "serverprocess.h"
#include "streambench.h"
#include "testhttp.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <map>
#include <sys/resource.h>

using namespace std::chrono_literals;

namespace tessera::bench {

namespace {

constexpr int kHints = 10;
constexpr int kStreamsPerProcess = 500;

struct Side
{
    double kibPerStream = 0;
    double opensPerSecond = 0;
    QList<qint64> latenciesNs;
};

} // namespace

class BenchStreams10k : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void streams();
    void cleanupTestCase();

private:
    // Opens the streams through frontend port, measures pid's memory, sends the hints (the peer
    // sends its own) and reads the receipts; nullopt on a failure.
    std::optional<Side> run(qint64 pid, const QList<quint16> &fronts);
    bool publish(int number);
    bool startHaproxy(int proxy, int proxies, quint16 peerPort);

    QTemporaryDir m_dir;
    test::ServerProcess m_server;
    test::ChildProcess m_peer;
    // One HAProxy when its descriptors allow (two a stream), else several, the streams spread.
    std::vector<std::unique_ptr<test::ChildProcess>> m_haproxies;
    QList<quint16> m_nodeFronts;
    QList<quint16> m_peerFronts;
    QByteArray m_token;
    QString m_apiKey;
    QString m_personId;
    int m_streams = 10000;
    int m_keys = 0;
    qint64 m_descriptorLimit = 0;
    BenchTable m_table { QStringLiteral("tessera-server node"),
        QStringLiteral("QWebSocketServer peer") };
};

void BenchStreams10k::initTestCase()
{
    bool ok = false;
    const int streams = qEnvironmentVariableIntValue("TESSERA_BENCH_STREAMS", &ok);
    if (ok && streams > 0)
        m_streams = streams;
    QVERIFY(m_dir.isValid());
    // HAProxy holds two descriptors a stream; the hard limit is raised where the process may
    // (CAP_SYS_RESOURCE), else the streams are spread over as many HAProxy processes as it takes.
    rlimit limit {};
    QVERIFY(getrlimit(RLIMIT_NOFILE, &limit) == 0);
    const rlim_t wanted = rlim_t(m_streams) * 2 + 1000;
    if (limit.rlim_max < wanted) {
        rlimit raised { wanted, wanted };
        if (setrlimit(RLIMIT_NOFILE, &raised) == 0)
            limit = raised;
    }
    limit.rlim_cur = limit.rlim_max;
    QVERIFY(setrlimit(RLIMIT_NOFILE, &limit) == 0);
    m_descriptorLimit = qint64(limit.rlim_cur);
    // HAProxy asks for 2 x maxconn + a few descriptors (its own check at start).
    int proxies = 1;
    while (2 * ((m_streams + proxies - 1) / proxies + 50) + 100 > m_descriptorLimit)
        ++proxies;
    QVERIFY2(m_streams + 200 < m_descriptorLimit, "too few file descriptors allowed (ulimit -Hn)");
    // Loopback source ports: each stream takes one to HAProxy and HAProxy one to the node.
    QFile range(QStringLiteral("/proc/sys/net/ipv4/ip_local_port_range"));
    QVERIFY(range.open(QIODevice::ReadOnly));
    const QList<QByteArray> bounds = range.readAll().simplified().split(' ');
    QVERIFY(bounds.size() == 2);
    QVERIFY2(bounds.at(1).toInt() - bounds.at(0).toInt() > m_streams + 1000,
        "the ephemeral port range is too small for the streams from 127.0.0.1");

    test::ServerProcess::Options options;
    options.config = QJsonObject { { QStringLiteral("http"),
        QJsonObject { { QStringLiteral("maxConnectionsPerAddress"), m_streams + 1000 },
            { QStringLiteral("apiKeyRequestsPerSecond"), 0 } } } };
    QVERIFY2(m_server.start(options), qPrintable(m_server.error()));
    const BenchRecipient recipient = benchRecipient(m_server, QStringLiteral("bench-10k"));
    QVERIFY(recipient.isComplete());
    m_token = recipient.token;
    m_personId = recipient.userId();
    m_apiKey = QString::fromUtf8(recipient.apiKey);

    const quint16 peerPort = test::freeLoopbackPort();
    QVERIFY2(
        m_peer.start(QStringLiteral(TESSERA_BENCH_STREAMS_PEER),
            { QString::number(peerPort), QString::number(m_streams), QString::number(kHints) }),
        qPrintable(m_peer.error()));
    QVERIFY2(m_peer.waitForLine(QRegularExpression(QStringLiteral("^listening")), 30s),
        qPrintable(m_peer.error()));

    for (int proxy = 0; proxy < proxies; ++proxy)
        QVERIFY(startHaproxy(proxy, proxies, peerPort));
}

bool BenchStreams10k::startHaproxy(int proxy, int proxies, quint16 peerPort)
{
    const quint16 nodeFront = test::freeLoopbackPort();
    const quint16 peerFront = test::freeLoopbackPort();
    if (nodeFront == 0 || peerFront == 0 || nodeFront == peerFront
        || m_nodeFronts.contains(nodeFront) || m_peerFronts.contains(peerFront))
        return false;
    const int share = (m_streams + proxies - 1) / proxies;
    const QString config = m_dir.filePath(QStringLiteral("haproxy-%1.cfg").arg(proxy));
    QFile file(config);
    if (!file.open(QIODevice::WriteOnly))
        return false;
    file.write(QStringLiteral("global\n"
                              "    maxconn %1\n"
                              "defaults\n"
                              "    mode http\n"
                              "    maxconn %1\n"
                              "    timeout connect 5s\n"
                              "    timeout client 120s\n"
                              "    timeout server 120s\n"
                              "    timeout tunnel 1h\n"
                              "frontend node\n"
                              "    bind 127.0.0.1:%2\n"
                              "    default_backend node\n"
                              "frontend peer\n"
                              "    bind 127.0.0.1:%3\n"
                              "    default_backend peer\n"
                              "backend node\n"
                              "    server node 127.0.0.1:%4 maxconn %1\n"
                              "backend peer\n"
                              "    server peer 127.0.0.1:%5 maxconn %1\n")
                   .arg(share + 50)
                   .arg(nodeFront)
                   .arg(peerFront)
                   .arg(m_server.url().port())
                   .arg(peerPort)
                   .toUtf8());
    file.close();
    auto haproxy = std::make_unique<test::ChildProcess>();
    if (!haproxy->start(
            QStringLiteral("haproxy"), { QStringLiteral("-db"), QStringLiteral("-f"), config })) {
        QTest::qFail(qPrintable(haproxy->error()), __FILE__, __LINE__);
        return false;
    }
    const bool listening = QTest::qWaitFor(
        [nodeFront] {
            QTcpSocket probe;
            probe.connectToHost(QHostAddress::LocalHost, nodeFront);
            return probe.waitForConnected(200);
        },
        10000);
    if (!listening) {
        QTest::qFail(qPrintable(QString::fromUtf8(haproxy->output())), __FILE__, __LINE__);
        return false;
    }
    m_haproxies.push_back(std::move(haproxy));
    m_nodeFronts.append(nodeFront);
    m_peerFronts.append(peerFront);
    return true;
}

bool BenchStreams10k::publish(int number)
{
    const QJsonObject body {
        { QStringLiteral("recipients"),
            QJsonObject { { QStringLiteral("users"), QJsonArray { m_personId } } } },
        { QStringLiteral("title"), QStringLiteral("Streams %1").arg(number) },
        { QStringLiteral("body"), QStringLiteral("A notification for 10,000 streams.") },
        { QStringLiteral("category"), QStringLiteral("info") },
        { QStringLiteral("reference"), QStringLiteral("STREAMS-%1").arg(number) },
    };
    return test::httpRequest("POST", m_server.url(QStringLiteral("/v1/notifications")),
               test::compactJson(body),
               test::bearer(m_apiKey, "streams-" + QByteArray::number(++m_keys)))
               .status
        == 201;
}

std::optional<Side> BenchStreams10k::run(qint64 pid, const QList<quint16> &fronts)
{
    const bool tessera = pid == m_server.pid();
    const auto failure = [&](const QString &why) {
        QTest::qFail(
            qPrintable((tessera ? QStringLiteral("node: ") : QStringLiteral("peer: ")) + why),
            __FILE__, __LINE__);
        return std::optional<Side>();
    };
    const auto before = readProcessMemory(pid);
    if (!before)
        return failure(QStringLiteral("no /proc memory"));
    // Subscriber processes of at most kStreamsPerProcess streams each (a process gives its streams
    // 120 s to open), one after the other, spread evenly over the HAProxy processes.
    std::vector<std::unique_ptr<test::ChildProcess>> subscribers;
    const qint64 openingNs = monotonicNs();
    // A multiple of the HAProxy processes: each gets its share (its maxconn).
    const int proxies = int(fronts.size());
    int processes = (m_streams + kStreamsPerProcess - 1) / kStreamsPerProcess;
    processes = (processes + proxies - 1) / proxies * proxies;
    for (int i = 0; i < processes; ++i) {
        const int count = m_streams / processes + (i < m_streams % processes ? 1 : 0);
        auto helper = std::make_unique<test::ChildProcess>();
        // The receipts wait up to 10 min after the streams are open (the later processes').
        QString error;
        if (!startSubscribers(*helper,
                { QStringLiteral("ws"), fronts.at(i % proxies), count, m_token, kHints, 600000 },
                300s, &error))
            return failure(error);
        subscribers.push_back(std::move(helper));
    }
    Side side;
    side.opensPerSecond = double(m_streams) * 1e9 / double(monotonicNs() - openingNs);
    const auto after = readProcessMemory(pid);
    if (!after)
        return failure(QStringLiteral("no /proc memory"));
    side.kibPerStream = double(after->rssKiB - before->rssKiB) / double(m_streams);

    QList<qint64> sentNs;
    if (tessera) {
        for (int i = 0; i < kHints; ++i) {
            const qint64 due = sentNs.isEmpty() ? 0 : sentNs.first() + qint64(i) * 1000000000LL;
            while (monotonicNs() < due) {
                QCoreApplication::processEvents();
                QThread::usleep(500);
            }
            sentNs.append(monotonicNs());
            if (!publish(i))
                return failure(QStringLiteral("POST /v1/notifications did not answer 201"));
        }
    }
    std::map<qint64, QList<qint64>> byKey;
    for (const auto &helper : subscribers) {
        if (!helper->waitForLine(QRegularExpression(QStringLiteral("^done (\\d+)")), 180s))
            return failure(helper->error());
        for (const auto &[key, got] : subscriberReceipts(helper->output()))
            byKey[key] += got;
    }
    if (!tessera) {
        // The peer's "sent N NS": N is the key.
        if (!m_peer.waitForLine(QRegularExpression(QStringLiteral("^sent %1 ").arg(kHints)), 30s))
            return failure(QStringLiteral("the peer did not send its hints"));
        for (const auto &[key, ns] : subscriberReceipts(m_peer.output().replace("sent ", "")))
            sentNs.append(ns.first());
    }
    if (qsizetype(byKey.size()) != sentNs.size())
        return failure(QStringLiteral("%1 hints for %2 sent").arg(byKey.size()).arg(sentNs.size()));
    int index = 0;
    qint64 delivered = 0;
    for (const auto &[key, got] : byKey) {
        const qint64 sent = sentNs.at(index++);
        for (const qint64 ns : got)
            side.latenciesNs.append(ns - sent);
        delivered += got.size();
    }
    if (delivered != qint64(m_streams) * kHints)
        return failure(QStringLiteral("%1 of %2 deliveries arrived")
                           .arg(delivered)
                           .arg(qint64(m_streams) * kHints));
    for (const auto &helper : subscribers)
        helper->stop();
    return side;
}

void BenchStreams10k::streams()
{
    const auto node = run(m_server.pid(), m_nodeFronts);
    if (!node)
        return;
    const auto peer = run(m_peer.pid(), m_peerFronts);
    if (!peer)
        return;
    using B = BenchTable::Better;
    const QString label = m_haproxies.size() == 1
        ? QStringLiteral("%1 streams through HAProxy").arg(m_streams)
        : QStringLiteral("%1 streams through %2 HAProxy processes")
              .arg(m_streams)
              .arg(m_haproxies.size());
    m_table.add(label + QStringLiteral(": memory per stream (RSS)"), QStringLiteral("KiB"),
        B::Lower, node->kibPerStream, peer->kibPerStream, 1);
    m_table.add(label + QStringLiteral(": streams opened per second (upgrade and hello)"),
        QStringLiteral("1/s"), B::Higher, node->opensPerSecond, peer->opensPerSecond);
    addPercentileRows(
        m_table, label, QStringLiteral("hint latency"), node->latenciesNs, peer->latenciesNs, 1);
}

void BenchStreams10k::cleanupTestCase()
{
    if (!m_table.isEmpty()) {
        m_table.addNote(QStringLiteral(
            "%1 WebSockets (bench-push-subscribers, one person's token, 500 a process, the "
            "processes one after the other) through HAProxy (maxconn raised, http mode, tunnel "
            "once upgraded) to one tessera-server node "
            "(SQLite, --demo) and then to bench-streams10k-peer (a QWebSocketServer that sends a "
            "hello and the hints, nothing else). Memory: the process's RSS with the streams "
            "open minus before, per stream. Hint latency: tessera, POST /v1/notifications "
            "straight to the node -> hint read at each stream; the peer, its send -> read; %2 "
            "hints one a second, all deliveries pooled.")
                            .arg(m_streams)
                            .arg(kHints));
        m_table.addNote(
            QStringLiteral(
                "Descriptors: %1 allowed a process here (the hard limit; raising it needs "
                "CAP_SYS_RESOURCE); HAProxy holds two a stream, so the streams went through %2 "
                "HAProxy process(es), %3 each, every connection from 127.0.0.1 (the ephemeral "
                "port range suffices: each hop has its own destination port).")
                .arg(m_descriptorLimit)
                .arg(m_haproxies.size())
                .arg((m_streams + int(m_haproxies.size()) - 1) / int(m_haproxies.size())));
        m_table.addNote(QStringLiteral("HAProxy, the node, the peer and the subscribers share %1 "
                                       "CPUs. Build type %2.")
                            .arg(QThread::idealThreadCount())
                            .arg(QStringLiteral(TESSERA_BENCH_BUILD_TYPE)));
        publishReport(m_table.toMarkdown(), QStringLiteral("bench_streams10k.md"));
    }
    for (auto &haproxy : m_haproxies)
        haproxy->stop();
    m_peer.stop();
    m_server.stop();
}

} // namespace tessera::bench

QTEST_GUILESS_MAIN(tessera::bench::BenchStreams10k)
#include "bench_streams10k.moc"
