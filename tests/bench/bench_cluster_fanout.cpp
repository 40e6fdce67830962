// bench_cluster_fanout: one hint to 1,000 streams held by 1, 2 and 3 tessera-server nodes on one
// PostgreSQL (issue 19), against the single node of the same run.
// Three nodes run on one throwaway PostgreSQL 15 cluster (the first with --demo, the others with
// its secrets key, as scripts/run-cluster.sh starts them); no HAProxy: each stream is connected
// straight to its node. A configuration of k nodes spreads the 1,000 streams evenly over the first
// k nodes (bench-push-subscribers, one process per node, all streams with one person's token, as
// bench_push); the sub-system POSTs /v1/notifications to the first node, one recipient (that
// person), one notification every kPaceMs so that each hint goes out alone. On the first node the
// hint is local; the others hear the commit through LISTEN/NOTIFY and hint their own streams.
// Figures per configuration:
//   - deliveries per second of one hint: streams / (last stream's receipt - POST written), the
//     median over the hints;
//   - latency, POST written -> hint read at a stream (CLOCK_MONOTONIC in both processes), p50 and
//     p99 over every delivery;
//   - CPU per delivery: user + system CPU of the configuration's nodes (/proc) over the run,
//     divided by the deliveries.
// Rounds alternate the order of the configurations. Nothing asserts a time: the benchmark fails
// only when something does not work (a process that does not start, a hint that does not arrive).
//
// TESSERA_BENCH_REPORT_DIR=DIR also writes the table to DIR/bench_cluster_fanout.md.
// TESSERA_BENCH_CLUSTER_STREAMS=N / TESSERA_BENCH_CLUSTER_HINTS=N: smaller runs while developing.
#include "benchtable.h"
#include "httpload.h"
#include "postgrescluster.h"
#include "procstats.h"
#include "selfclock.h"
#include "serverprocess.h"
#include "streambench.h"
#include "testhttp.h"

#include <QCoreApplication>
#include <QDir>
#include <QJsonObject>
#include <QTcpSocket>
#include <QTest>
#include <QThread>

#include <array>
#include <map>
#include <memory>
#include <sys/resource.h>

using namespace std::chrono_literals;

namespace tessera::bench {

namespace {

constexpr int kNodes = 3;
constexpr int kRounds = 4;
constexpr int kPaceMs = 200;
constexpr int kIdleMs = 5000;

int sizeFromEnvironment(const char *name, int fallback)
{
    bool ok = false;
    const int value = qEnvironmentVariableIntValue(name, &ok);
    return ok && value > 0 ? value : fallback;
}

struct Outcome
{
    QList<qint64> latenciesNs;
    QList<double> ratesPerSecond; // one per hint
    qint64 cpuNs = 0;
    qint64 delivered = 0;
    // Per node, for the notes: where a slow delivery or the CPU went.
    std::array<QList<qint64>, 3> nodeLatenciesNs;
    std::array<qint64, 3> nodeCpuNs {};
    QList<qint64> postNs; // POST written -> 201 read, per hint
    // Each delivery after the hint's first delivery: the fan-out alone, without the POST.
    QList<qint64> spreadNs;
};

} // namespace

class BenchClusterFanout : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void fanOut();
    void cleanupTestCase();

private:
    std::optional<Outcome> run(int nodes);
    QString publish(QTcpSocket &socket, int number);
    bool fail(const QString &why);

    test::PostgresCluster m_postgres;
    std::array<std::unique_ptr<test::ServerProcess>, kNodes> m_nodes;
    QByteArray m_token;
    QByteArray m_apiKey;
    QString m_personId;
    int m_keys = 0;
    int m_streams = 1000;
    int m_hints = 20;
    QString m_lastAnswer;
    QStringList m_perNode;
    QStringList m_idle;
    BenchTable m_table { QStringLiteral("2 or 3 nodes"), QStringLiteral("1 node") };
};

bool BenchClusterFanout::fail(const QString &why)
{
    QString text = why;
    for (const auto &node : m_nodes) {
        if (node && !node->isRunning())
            text += QStringLiteral(" (a node ended: ")
                + QString::fromUtf8(node->output().right(2000)) + u')';
    }
    QTest::qFail(qPrintable(text), __FILE__, __LINE__);
    return false;
}

void BenchClusterFanout::initTestCase()
{
    m_streams = sizeFromEnvironment("TESSERA_BENCH_CLUSTER_STREAMS", m_streams);
    m_hints = sizeFromEnvironment("TESSERA_BENCH_CLUSTER_HINTS", m_hints);
    // The streams' sockets and the nodes' (the children inherit the limit).
    rlimit limit {};
    QVERIFY(getrlimit(RLIMIT_NOFILE, &limit) == 0);
    limit.rlim_cur = limit.rlim_max;
    QVERIFY(setrlimit(RLIMIT_NOFILE, &limit) == 0);
    QVERIFY2(limit.rlim_cur > rlim_t(m_streams) * 2 + 200, "too few file descriptors allowed");

    QVERIFY2(m_postgres.start(), qPrintable(m_postgres.error()));
    QVERIFY2(
        m_postgres.createDatabase(QStringLiteral("bench_cluster")), qPrintable(m_postgres.error()));
    const QJsonObject http { { QStringLiteral("maxConnectionsPerAddress"), m_streams * 2 + 100 },
        { QStringLiteral("apiKeyRequestsPerSecond"), 0 } };
    for (int i = 0; i < kNodes; ++i) {
        test::ServerProcess::Options options;
        options.database = m_postgres.databaseUrl(QStringLiteral("bench_cluster"));
        // The first node makes the schema, the demo data and the secrets key; the others share.
        options.demo = i == 0;
        options.config = QJsonObject { { QStringLiteral("http"), http } };
        if (i > 0)
            options.config.insert(QStringLiteral("secretsKeyFile"),
                QDir(m_nodes[0]->dataDir()).filePath(QStringLiteral("secrets.key")));
        m_nodes[size_t(i)] = std::make_unique<test::ServerProcess>();
        QVERIFY2(m_nodes[size_t(i)]->start(options), qPrintable(m_nodes[size_t(i)]->error()));
    }
    const BenchRecipient recipient = benchRecipient(*m_nodes[0], QStringLiteral("bench-cluster"));
    QVERIFY(recipient.isComplete());
    m_token = recipient.token;
    m_personId = recipient.userId();
    m_apiKey = recipient.apiKey;

    // What a node costs doing nothing (its timers, listener and claim polls): for the notes.
    std::array<qint64, kNodes> idleBefore {};
    for (int i = 0; i < kNodes; ++i)
        idleBefore[size_t(i)] = processCpuNs(m_nodes[size_t(i)]->pid()).value_or(0);
    const qint64 idleStart = monotonicNs();
    QTest::qWait(kIdleMs);
    const double seconds = double(monotonicNs() - idleStart) / 1e9;
    for (int i = 0; i < kNodes; ++i) {
        const qint64 used =
            processCpuNs(m_nodes[size_t(i)]->pid()).value_or(0) - idleBefore[size_t(i)];
        m_idle.append(QStringLiteral("node %1 %2 ms/s")
                          .arg(i + 1)
                          .arg(double(used) / 1e6 / seconds, 0, 'f', 1));
    }
}

QString BenchClusterFanout::publish(QTcpSocket &socket, int number)
{
    return postNotification(socket, m_apiKey, "cluster-" + QByteArray::number(++m_keys),
        benchNotification(m_personId, QStringLiteral("Cluster %1").arg(number),
            QStringLiteral("A notification for the cluster benchmark."),
            QStringLiteral("CLUSTER-%1").arg(number)),
        &m_lastAnswer);
}

std::optional<Outcome> BenchClusterFanout::run(int nodes)
{
    const auto failure = [this, nodes](const QString &why) {
        fail(QStringLiteral("%1 node(s): %2").arg(nodes).arg(why));
        return std::optional<Outcome>();
    };
    // The streams, evenly over the first `nodes` nodes: one subscriber process per node.
    std::vector<std::unique_ptr<test::ChildProcess>> helpers;
    for (int i = 0; i < nodes; ++i) {
        const int count = m_streams / nodes + (i < m_streams % nodes ? 1 : 0);
        auto helper = std::make_unique<test::ChildProcess>();
        QString error;
        if (!startSubscribers(*helper,
                { QStringLiteral("ws"), quint16(m_nodes[size_t(i)]->url().port()), count, m_token,
                    m_hints, 60000 },
                150s, &error))
            return failure(error);
        helpers.push_back(std::move(helper));
    }
    const auto cpu = [this, nodes] {
        std::array<qint64, kNodes> each {};
        for (int i = 0; i < nodes; ++i)
            each[size_t(i)] = processCpuNs(m_nodes[size_t(i)]->pid()).value_or(0);
        return each;
    };

    QTcpSocket publisher;
    publisher.connectToHost(QHostAddress::LocalHost, quint16(m_nodes[0]->url().port()));
    if (!publisher.waitForConnected(10000))
        return failure(publisher.errorString());
    publisher.setSocketOption(QAbstractSocket::LowDelayOption, 1);
    const auto cpuBefore = cpu();
    QList<qint64> sentNs;
    QList<qint64> postNs;
    for (int i = 0; i < m_hints; ++i) {
        const qint64 due = sentNs.isEmpty() ? 0 : sentNs.first() + qint64(i) * kPaceMs * 1000000LL;
        // The children's pipes are read on this thread's event loop.
        QCoreApplication::processEvents();
        while (monotonicNs() < due)
            QThread::usleep(200);
        sentNs.append(monotonicNs());
        if (publish(publisher, i).isEmpty())
            return failure(QStringLiteral("POST /v1/notifications %1 did not answer 201: %2 (%3)")
                               .arg(i + 1)
                               .arg(m_lastAnswer, publisher.errorString()));
        postNs.append(monotonicNs() - sentNs.constLast());
    }
    for (const auto &helper : helpers) {
        if (!helper->waitForLine(QRegularExpression(QStringLiteral("^done (\\d+)")), 90s))
            return failure(helper->error());
    }
    Outcome outcome;
    outcome.postNs = postNs;
    const auto cpuAfter = cpu();
    for (int i = 0; i < nodes; ++i) {
        outcome.nodeCpuNs[size_t(i)] = cpuAfter[size_t(i)] - cpuBefore[size_t(i)];
        outcome.cpuNs += outcome.nodeCpuNs[size_t(i)];
    }
    publisher.disconnectFromHost();

    // Receipts "CURSOR NS" of every process: the n-th distinct cursor is the n-th notification.
    std::map<qint64, QList<qint64>> byCursor;
    std::vector<std::map<qint64, QList<qint64>>> byNode(static_cast<size_t>(nodes));
    for (size_t node = 0; node < helpers.size(); ++node) {
        const auto &helper = helpers[node];
        byNode[node] = subscriberReceipts(helper->output());
        for (const auto &[cursor, receipts] : byNode[node])
            byCursor[cursor] += receipts;
        helper->stop();
    }
    if (qsizetype(byCursor.size()) != sentNs.size())
        return failure(QStringLiteral("%1 distinct hints for %2 notifications")
                           .arg(byCursor.size())
                           .arg(sentNs.size()));
    std::map<qint64, qint64> sentByCursor;
    int index = 0;
    for (const auto &[cursor, receipts] : byCursor) {
        const qint64 sent = sentNs.at(index++);
        sentByCursor[cursor] = sent;
        qint64 last = sent;
        const qint64 first = *std::min_element(receipts.cbegin(), receipts.cend());
        for (const qint64 ns : receipts)
            outcome.spreadNs.append(ns - first);
        for (const qint64 ns : receipts) {
            outcome.latenciesNs.append(ns - sent);
            last = std::max(last, ns);
        }
        outcome.delivered += receipts.size();
        if (last > sent)
            outcome.ratesPerSecond.append(double(receipts.size()) * 1e9 / double(last - sent));
    }
    if (outcome.delivered != qint64(m_streams) * m_hints)
        return failure(QStringLiteral("%1 of %2 deliveries arrived")
                           .arg(outcome.delivered)
                           .arg(qint64(m_streams) * m_hints));
    for (size_t node = 0; node < byNode.size(); ++node) {
        for (const auto &[cursor, receipts] : byNode[node]) {
            for (const qint64 ns : receipts)
                outcome.nodeLatenciesNs[node].append(ns - sentByCursor.at(cursor));
        }
    }
    return outcome;
}

void BenchClusterFanout::fanOut()
{
    std::array<Outcome, kNodes> pooled;
    for (int round = 0; round < kRounds; ++round) {
        for (int turn = 0; turn < kNodes; ++turn) {
            const int nodes = round % 2 == 0 ? turn + 1 : kNodes - turn;
            const auto outcome = run(nodes);
            if (!outcome)
                return;
            Outcome &into = pooled[size_t(nodes - 1)];
            into.latenciesNs += outcome->latenciesNs;
            into.ratesPerSecond += outcome->ratesPerSecond;
            into.cpuNs += outcome->cpuNs;
            into.delivered += outcome->delivered;
            into.postNs += outcome->postNs;
            into.spreadNs += outcome->spreadNs;
            for (size_t node = 0; node < size_t(kNodes); ++node) {
                into.nodeLatenciesNs[node] += outcome->nodeLatenciesNs[node];
                into.nodeCpuNs[node] += outcome->nodeCpuNs[node];
            }
        }
    }
    using B = BenchTable::Better;
    const Outcome &one = pooled[0];
    for (int nodes = 2; nodes <= kNodes; ++nodes) {
        const Outcome &many = pooled[size_t(nodes - 1)];
        const QString label = QStringLiteral("%1 streams on %2 nodes").arg(m_streams).arg(nodes);
        m_table.add(label + QStringLiteral(": deliveries per second of one hint"),
            QStringLiteral("1/s"), B::Higher, median(many.ratesPerSecond),
            median(one.ratesPerSecond));
        addPercentileRows(
            m_table, label, QStringLiteral("latency"), many.latenciesNs, one.latenciesNs, 2);
        m_table.add(label + QStringLiteral(": after the hint's first delivery, p99"),
            QStringLiteral("ms"), B::Lower, percentile(many.spreadNs, 99) / 1e6,
            percentile(one.spreadNs, 99) / 1e6, 2);
        m_table.add(label + QStringLiteral(": nodes' CPU per delivery"), QStringLiteral("µs"),
            B::Lower, double(many.cpuNs) / double(many.delivered) / 1e3,
            double(one.cpuNs) / double(one.delivered) / 1e3, 1);
    }
    // Per node: the p99 and slowest delivery of its streams, and its CPU.
    for (int nodes = 1; nodes <= kNodes; ++nodes) {
        const Outcome &each = pooled[size_t(nodes - 1)];
        QStringList parts;
        for (int node = 0; node < nodes; ++node) {
            const QList<qint64> &latencies = each.nodeLatenciesNs[size_t(node)];
            parts.append(QStringLiteral("node %1 p99 %2 ms, slowest %3 ms, CPU %4 ms")
                             .arg(node + 1)
                             .arg(percentile(latencies, 99) / 1e6, 0, 'f', 1)
                             .arg(percentile(latencies, 100) / 1e6, 0, 'f', 1)
                             .arg(double(each.nodeCpuNs[size_t(node)]) / 1e6, 0, 'f', 0));
        }
        m_perNode.append(QStringLiteral("%1 node(s): POST -> 201 p99 %2 ms, slowest %3 ms; %4")
                             .arg(nodes)
                             .arg(percentile(each.postNs, 99) / 1e6, 0, 'f', 1)
                             .arg(percentile(each.postNs, 100) / 1e6, 0, 'f', 1)
                             .arg(parts.join(u"; ")));
    }
}

void BenchClusterFanout::cleanupTestCase()
{
    if (!m_table.isEmpty()) {
        m_table.addNote(QStringLiteral(
            "%1 WebSocket streams on /v1/stream (one person's token), spread evenly over the "
            "first 1, 2 or 3 tessera-server nodes on one PostgreSQL (no load balancer: each "
            "stream straight to its node); one notification to that person POSTed to the first "
            "node every %2 ms, %3 per run, %4 rounds alternating the order of the "
            "configurations. The other nodes hear the commit by LISTEN/NOTIFY. Latency: POST "
            "written -> hint read by the subscriber process (CLOCK_MONOTONIC), pooled over the "
            "rounds; \"after the hint's first delivery\": each delivery's time after the first "
            "stream of "
            "the same hint got it (the fan-out alone, the POST's own time left out); deliveries "
            "per second: streams / (last receipt - POST), median over the "
            "hints; CPU: the configuration's nodes (user + system, /proc) over the run. Goals: "
            "p99 <= 1.5x and CPU per delivery <= 1.2x of one node.")
                            .arg(m_streams)
                            .arg(kPaceMs)
                            .arg(m_hints)
                            .arg(kRounds));
        m_table.addNote(
            QStringLiteral("Per node, over the rounds: ") + m_perNode.join(u" | ") + u'.');
        m_table.addNote(QStringLiteral("A node's CPU with nothing to do (no streams, no requests; "
                                       "%1 s before the runs): ")
                            .arg(kIdleMs / 1000)
            + m_idle.join(u", ") + u'.');
        m_table.addNote(
            QStringLiteral("The nodes, PostgreSQL and the subscriber processes share %1 CPUs. "
                           "Build type %2.")
                .arg(QThread::idealThreadCount())
                .arg(QStringLiteral(TESSERA_BENCH_BUILD_TYPE)));
        publishReport(m_table.toMarkdown(), QStringLiteral("bench_cluster_fanout.md"));
    }
    for (auto &node : m_nodes) {
        if (node)
            node->stop();
    }
    m_postgres.stop();
}

} // namespace tessera::bench

QTEST_GUILESS_MAIN(tessera::bench::BenchClusterFanout)
#include "bench_cluster_fanout.moc"
