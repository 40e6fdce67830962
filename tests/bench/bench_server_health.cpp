// bench_server_health: GET /v1/health of the real tessera-server (SQLite) side by side with
// bench-peer-httpserver, the floor a QtHttpServer 6.4 application can reach for the same answer.
// Both run at the same time on 127.0.0.1; the load alternates between them, round by round.
// Figures: requests/s and latency percentiles for (a) sequential requests over one keep-alive
// connection and (b) 8 connections in flight; the server's CPU time per request; its resident
// memory; and, when wrk is installed, wrk's figures for 8 connections. The table gives the ratio
// tessera-server / peer for each. Nothing here asserts a time: the benchmark fails only when
// something does not work (a process that does not start, an answer that is not 200).
//
// TESSERA_BENCH_REPORT_DIR=DIR also writes the table (Markdown) to
// DIR/bench_server_health.md, which scripts/bench.sh puts into docs/BENCHMARK-RESULTS.md.
#include "benchtable.h"
#include "childprocess.h"
#include "httpload.h"
#include "procstats.h"
#include "serverprocess.h"
#include "testhttp.h"
#include "wrkrunner.h"

#include <QTest>

#include <cstdio>

using namespace std::chrono_literals;

namespace tessera::bench {

namespace {

constexpr int kRounds = 5; // each load runs this many times per target, alternating the order
constexpr int kWarmUpRequests = 500;
constexpr int kSequentialRequests = 2000;
constexpr int kConcurrentConnections = 8;
constexpr int kConcurrentRequests = 4000;
constexpr auto kLoadTimeLimit = 60s; // a load that takes longer stops and reports what it did
constexpr int kWrkSeconds = 3; // per round; kRounds rounds per target

const QByteArray kHealthPath = QByteArrayLiteral("/v1/health");

struct Target
{
    QString name;
    quint16 port = 0;
    qint64 pid = 0;
    qint64 cpuNs = 0; // server CPU time spent during the measured loads
    qint64 requests = 0; // requests in those loads
    std::optional<ProcessMemory> afterStart;
    bool peakReset = false;
};

struct Figures
{
    QList<double> roundRates; // requests/s of each round
    QList<qint64> latenciesNs; // all rounds
    double medianRate() const { return median(roundRates); }
};

LoadOptions healthLoad(quint16 port, int connections, int requests)
{
    LoadOptions options;
    options.port = port;
    options.path = kHealthPath;
    options.connections = connections;
    options.requests = requests;
    options.timeLimit = kLoadTimeLimit;
    options.answerTimeout = 10s;
    return options;
}

QString describeHeaders(const test::HttpResult &result)
{
    QStringList names;
    for (const auto &[name, value] : result.headers) {
        if (name.compare("Date", Qt::CaseInsensitive) != 0)
            names.append(QString::fromLatin1(QByteArray(name.toLower() + ": " + value)));
    }
    names.sort();
    return names.join(QStringLiteral("; "));
}

} // namespace

class BenchServerHealth : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void sequentialKeepAlive();
    void concurrentConnections();
    void wrkConcurrentConnections();
    void cleanupTestCase();

private:
    bool measure(Target &target, int connections, int requests, Figures &figures);
    void runLoad(const QString &label, int connections, int requests);

    test::ServerProcess m_server;
    test::ChildProcess m_peer;
    Target m_tessera;
    Target m_floor;
    BenchTable m_table { QStringLiteral("tessera-server"), QStringLiteral("QHttpServer peer") };
};

void BenchServerHealth::initTestCase()
{
    QVERIFY2(m_server.start(), qPrintable(m_server.error()));
    m_tessera.name = QStringLiteral("tessera-server");
    m_tessera.port = static_cast<quint16>(m_server.url().port());
    m_tessera.pid = childProcessRunning(test::ServerProcess::binary());
    QVERIFY2(
        m_tessera.pid > 0, "cannot find the pid of tessera-server among this process's children");

    const QString peerProgram = QStringLiteral(TESSERA_BENCH_PEER_HTTPSERVER);
    QVERIFY2(m_peer.start(peerProgram, {}), qPrintable(m_peer.error()));
    static const QRegularExpression listening(
        QStringLiteral("listening on http://127\\.0\\.0\\.1:(\\d+)"));
    const auto match = m_peer.waitForLine(listening, 30s);
    QVERIFY2(
        match, qPrintable(m_peer.error() + QLatin1Char('\n') + QString::fromUtf8(m_peer.output())));
    m_floor.name = QStringLiteral("QHttpServer peer");
    m_floor.port = static_cast<quint16>(match->captured(1).toUInt());
    m_floor.pid = m_peer.pid();

    // Both answer the same: status, body size, headers (the peer's body is a fixed copy).
    QUrl peerUrl = m_server.url(QString::fromLatin1(kHealthPath));
    peerUrl.setPort(m_floor.port);
    const test::HttpResult tessera =
        test::httpRequest("GET", m_server.url(QString::fromLatin1(kHealthPath)));
    const test::HttpResult peer = test::httpRequest("GET", peerUrl);
    QVERIFY2(tessera.status == 200, qPrintable(tessera.error + QString::fromUtf8(tessera.body)));
    QVERIFY2(peer.status == 200, qPrintable(peer.error + QString::fromUtf8(peer.body)));
    QCOMPARE(tessera.json().value(QStringLiteral("status")).toString(), QStringLiteral("ok"));
    if (tessera.body.size() != peer.body.size()
        || describeHeaders(tessera) != describeHeaders(peer)) {
        const QString warning = QStringLiteral(
            "the peer's answer no longer matches tessera-server's (update peer_httpserver.cpp):\n"
            "  tessera-server: %1 | %2\n  peer:           %3 | %4")
                                    .arg(QString::fromUtf8(tessera.body), describeHeaders(tessera),
                                        QString::fromUtf8(peer.body), describeHeaders(peer));
        m_table.addNote(QStringLiteral("WARNING: ") + warning);
        std::fprintf(stderr, "%s\n", qPrintable(warning));
    }

    for (Target *target : { &m_tessera, &m_floor }) {
        for (const int connections : { 1, kConcurrentConnections }) {
            const LoadResult warmUp =
                runHttpLoad(healthLoad(target->port, connections, kWarmUpRequests));
            QVERIFY2(warmUp.ok(),
                qPrintable(target->name + QStringLiteral(" warm-up: ") + warmUp.describeProblem()));
        }
        target->afterStart = readProcessMemory(target->pid);
        target->peakReset = resetPeakRss(target->pid);
    }
}

bool BenchServerHealth::measure(Target &target, int connections, int requests, Figures &figures)
{
    const auto cpuBefore = processCpuNs(target.pid);
    const LoadResult result = runHttpLoad(healthLoad(target.port, connections, requests));
    const auto cpuAfter = processCpuNs(target.pid);
    if (!result.ok()) {
        QTest::qFail(qPrintable(target.name + QStringLiteral(": ") + result.describeProblem()),
            __FILE__, __LINE__);
        return false;
    }
    if (result.timeLimitReached)
        m_table.addNote(QStringLiteral("%1: a %2-connection load hit the time limit after %3 of %4 "
                                       "requests")
                            .arg(target.name)
                            .arg(connections)
                            .arg(result.completed)
                            .arg(requests));
    figures.roundRates.append(result.requestsPerSecond());
    figures.latenciesNs += result.latenciesNs;
    if (cpuBefore && cpuAfter) {
        target.cpuNs += *cpuAfter - *cpuBefore;
        target.requests += result.completed;
    }
    return true;
}

void BenchServerHealth::runLoad(const QString &label, int connections, int requests)
{
    Figures tessera;
    Figures peer;
    for (int round = 0; round < kRounds; ++round) {
        // Alternate who goes first, so that neither always runs on a warmer (or hotter) machine.
        const bool tesseraFirst = round % 2 == 0;
        if (!measure(tesseraFirst ? m_tessera : m_floor, connections, requests,
                tesseraFirst ? tessera : peer))
            return;
        if (!measure(tesseraFirst ? m_floor : m_tessera, connections, requests,
                tesseraFirst ? peer : tessera))
            return;
    }
    using B = BenchTable::Better;
    m_table.add(label + QStringLiteral(": throughput"), QStringLiteral("requests/s"), B::Higher,
        tessera.medianRate(), peer.medianRate());
    for (const double p : { 50.0, 90.0, 99.0 }) {
        m_table.add(label + QStringLiteral(": latency p%1").arg(p), QStringLiteral("µs"), B::Lower,
            percentile(tessera.latenciesNs, p) / 1e3, percentile(peer.latenciesNs, p) / 1e3);
    }
}

void BenchServerHealth::sequentialKeepAlive()
{
    runLoad(QStringLiteral("sequential, 1 keep-alive connection"), 1, kSequentialRequests);
}

void BenchServerHealth::concurrentConnections()
{
    runLoad(QStringLiteral("concurrent, %1 connections").arg(kConcurrentConnections),
        kConcurrentConnections, kConcurrentRequests);
}

void BenchServerHealth::wrkConcurrentConnections()
{
    if (wrkProgram().isEmpty())
        QSKIP("wrk is not installed (scripts/bench.sh installs it): no wrk figures");
    QList<WrkResult> results[2]; // per target: one per round
    for (int round = 0; round < kRounds; ++round) {
        for (int turn = 0; turn < 2; ++turn) {
            const int i = round % 2 == 0 ? turn : 1 - turn; // alternate who goes first
            Target &target = i == 0 ? m_tessera : m_floor;
            QUrl url;
            url.setScheme(QStringLiteral("http"));
            url.setHost(QStringLiteral("127.0.0.1"));
            url.setPort(target.port);
            url.setPath(QString::fromLatin1(kHealthPath));
            QString error;
            const auto result = runWrk(url, 1, kConcurrentConnections, kWrkSeconds, &error);
            QVERIFY2(result, qPrintable(target.name + QStringLiteral(": ") + error));
            QVERIFY2(result->notOk == 0,
                qPrintable(
                    target.name + QStringLiteral(": %1 answers were not 2xx").arg(result->notOk)));
            if (!result->socketErrors.isEmpty())
                m_table.addNote(
                    target.name + QStringLiteral(" under wrk: ") + result->socketErrors);
            results[i].append(*result);
        }
    }
    const auto medianOf = [](const QList<WrkResult> &rounds, double WrkResult::*field) {
        QList<double> values;
        for (const WrkResult &result : rounds)
            values.append(result.*field);
        return median(values);
    };
    using B = BenchTable::Better;
    const QString label = QStringLiteral("wrk, %1 connections").arg(kConcurrentConnections);
    m_table.add(label + QStringLiteral(": throughput"), QStringLiteral("requests/s"), B::Higher,
        medianOf(results[0], &WrkResult::requestsPerSecond),
        medianOf(results[1], &WrkResult::requestsPerSecond));
    m_table.add(label + QStringLiteral(": latency p50"), QStringLiteral("µs"), B::Lower,
        medianOf(results[0], &WrkResult::p50us), medianOf(results[1], &WrkResult::p50us));
    m_table.add(label + QStringLiteral(": latency p90"), QStringLiteral("µs"), B::Lower,
        medianOf(results[0], &WrkResult::p90us), medianOf(results[1], &WrkResult::p90us));
    m_table.add(label + QStringLiteral(": latency p99"), QStringLiteral("µs"), B::Lower,
        medianOf(results[0], &WrkResult::p99us), medianOf(results[1], &WrkResult::p99us));
}

void BenchServerHealth::cleanupTestCase()
{
    using B = BenchTable::Better;
    if (m_tessera.requests > 0 && m_floor.requests > 0) {
        m_table.add(QStringLiteral("server CPU time per request (user+system, sequential and "
                                   "concurrent loads)"),
            QStringLiteral("µs"), B::Lower,
            static_cast<double>(m_tessera.cpuNs) / static_cast<double>(m_tessera.requests) / 1e3,
            static_cast<double>(m_floor.cpuNs) / static_cast<double>(m_floor.requests) / 1e3, 1);
    }
    const auto tesseraMemory = m_tessera.pid > 0 ? readProcessMemory(m_tessera.pid) : std::nullopt;
    const auto peerMemory = m_floor.pid > 0 ? readProcessMemory(m_floor.pid) : std::nullopt;
    if (m_tessera.afterStart && m_floor.afterStart) {
        m_table.add(QStringLiteral("resident memory after start and warm-up (VmRSS)"),
            QStringLiteral("MiB"), B::Lower,
            static_cast<double>(m_tessera.afterStart->rssKiB) / 1024.0,
            static_cast<double>(m_floor.afterStart->rssKiB) / 1024.0, 1);
    }
    if (tesseraMemory && peerMemory) {
        const bool underLoad = m_tessera.peakReset && m_floor.peakReset;
        m_table.add(underLoad ? QStringLiteral("peak resident memory during the loads (VmHWM)")
                              : QStringLiteral("peak resident memory since start (VmHWM)"),
            QStringLiteral("MiB"), B::Lower,
            static_cast<double>(tesseraMemory->peakRssKiB) / 1024.0,
            static_cast<double>(peerMemory->peakRssKiB) / 1024.0, 1);
    }

    m_table.addNote(QStringLiteral(
        "GET /v1/health on 127.0.0.1; tessera-server on SQLite (answers after a SELECT 1), the "
        "peer "
        "a plain QHttpServer route with a fixed body of the same size and the same headers."));
    m_table.addNote(QStringLiteral("Own load generator: raw QTcpSocket HTTP/1.1 keep-alive, one "
                                   "thread, one request in flight per connection; %1 warm-up "
                                   "requests, then %2 rounds alternating the targets; throughput "
                                   "is the median round, percentiles pool all rounds. wrk: "
                                   "-t1 -c%3 -d%4s, %2 rounds alternating, medians of the rounds.")
                        .arg(kWarmUpRequests)
                        .arg(kRounds)
                        .arg(kConcurrentConnections)
                        .arg(kWrkSeconds));
    m_table.addNote(
        QStringLiteral("Build type %1, Qt %2 (run time).")
            .arg(QStringLiteral(TESSERA_BENCH_BUILD_TYPE), QString::fromLatin1(qVersion())));

    publishReport(m_table.toMarkdown(), QStringLiteral("bench_server_health.md"));

    m_peer.stop();
    m_server.stop();
}

} // namespace tessera::bench

QTEST_GUILESS_MAIN(tessera::bench::BenchServerHealth)
#include "bench_server_health.moc"
