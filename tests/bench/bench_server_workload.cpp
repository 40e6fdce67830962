// bench_server_workload: what the server does all day, per second, on SQLite and on PostgreSQL:
// the real tessera-server with its --demo data twice, one on SQLite in its data
// folder and one on a throwaway PostgreSQL 15 cluster (tests/harness), both up the whole time,
// the loads alternating between them round by round. Loads, each over many keep-alive
// connections at once (a real load, not one request at a time):
//   - sign-ins: POST /v1/auth/login of a demo person (Argon2id at the production cost,
//     "interactive": the servers here are started with it, the tests' harness uses the cheapest);
//   - notifications: POST /v1/notifications from the demo sub-system, one person each;
//   - full inbox syncs: GET /v1/inbox?limit=100 (the first page of a person with thousands);
//   - delta syncs: GET /v1/inbox?since=<cursor> with nothing new (the common case);
//   - decisions: POST /v1/inbox/{id}/decision, a different notification each time.
// Figures: operations per second (median round), latency p50/p99, and CPU time per operation of
// the server process (+ the PostgreSQL backends for PostgreSQL). The table gives the ratio
// SQLite / PostgreSQL. Nothing asserts a time: the benchmark fails only when something does not
// work (a process that does not start, an answer that is not the expected status).
//
// TESSERA_BENCH_REPORT_DIR=DIR also writes the table to DIR/bench_server_workload.md.
#include "benchtable.h"
#include "demoaccounts.h"
#include "httpload.h"
#include "postgrescluster.h"
#include "procstats.h"
#include "serverprocess.h"
#include "testhttp.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>
#include <QThread>
#include <QUrlQuery>

using namespace std::chrono_literals;

namespace tessera::bench {

namespace {

constexpr int kRounds = 3;
constexpr int kConnections = 32;
constexpr int kSignIns = 32; // per round (Argon2id at the production cost: ~0.1 s of CPU each)
constexpr int kNotifications = 400; // per round
constexpr int kInboxSyncs = 600;
constexpr int kDeltaSyncs = 2000;
constexpr int kDecisions = 400; // per round (each on a notification of its own)
constexpr auto kLoadTimeLimit = 120s;
const QStringList kProductionCost = { QStringLiteral("--password-hash-cost"),
    QStringLiteral("interactive") };

QJsonObject leaveRequest(int number)
{
    return QJsonObject {
        { QStringLiteral("recipients"),
            QJsonObject { { QStringLiteral("users"), QJsonArray { QStringLiteral("E1002") } } } },
        { QStringLiteral("title"),
            QStringLiteral("Leave request %1: Ben Okafor, 2–4 Dec").arg(number) },
        { QStringLiteral("body"), QStringLiteral("Three days of annual leave.") },
        { QStringLiteral("category"), QStringLiteral("leave") },
        { QStringLiteral("priority"), QStringLiteral("high") },
        { QStringLiteral("actionable"), true },
        { QStringLiteral("actions"), test::approveRejectActions() },
        { QStringLiteral("reference"), QStringLiteral("HR-%1").arg(number) },
        { QStringLiteral("data"), QJsonObject { { QStringLiteral("days"), 3 } } },
        { QStringLiteral("delivery"), QStringLiteral("poll") }, // no callback URL
    };
}

struct Target
{
    QString name;
    test::ServerProcess server;
    qint64 pid = 0; // tessera-server
    qint64 postmaster = 0; // PostgreSQL, when it is on it
    quint16 port = 0;
    QString username;
    QString password;
    QByteArray apiKey;
    QString token; // Ben's
    QByteArray cursor; // Ben's inbox cursor after the last full sync
    QStringList undecided; // Ben's notifications not decided yet
    int created = 0;
};

struct Figures
{
    QList<double> rates;
    QList<qint64> latenciesNs;
    qint64 cpuNs = 0;
    qint64 operations = 0;
};

} // namespace

class BenchServerWorkload : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void signIns();
    void notifications();
    void inboxSyncs();
    void deltaSyncs();
    void decisions();
    void cleanupTestCase();

private:
    bool prepare(Target &target);
    // One load on target: requests made by make, the answers' statuses expected.
    bool measure(Target &target, Figures &figures, int requests,
        const std::function<QByteArray(int)> &make, QList<int> ok,
        const std::function<void(int, int, const QByteArray &)> &onAnswer = {});
    // kRounds rounds alternating the targets, then the table's rows.
    void compare(const QString &label, const std::function<bool(Target &, Figures &)> &round);
    qint64 cpuNow(const Target &target) const;

    test::PostgresCluster m_postgres;
    Target m_sqlite;
    Target m_pg;
    BenchTable m_table { QStringLiteral("SQLite"), QStringLiteral("PostgreSQL") };
    int m_keys = 0;
};

bool BenchServerWorkload::prepare(Target &target)
{
    target.port = static_cast<quint16>(target.server.url().port());
    const QJsonObject ben = test::demoAccount(target.server, QStringLiteral("Ben Okafor"));
    target.username = ben.value(QStringLiteral("username")).toString();
    target.password = ben.value(QStringLiteral("password")).toString();
    target.apiKey =
        test::demoApiKey(target.server).value(QStringLiteral("key")).toString().toUtf8();
    target.token = test::signInDemo(target.server, QStringLiteral("Ben Okafor"),
        test::testDevice(QStringLiteral("bench-device")))
                       .value(QStringLiteral("accessToken"))
                       .toString();
    if (target.username.isEmpty() || target.apiKey.isEmpty() || target.token.isEmpty()) {
        QTest::qFail(qPrintable(target.name + QStringLiteral(": no demo account, key or token")),
            __FILE__, __LINE__);
        return false;
    }
    return true;
}

void BenchServerWorkload::initTestCase()
{
    QVERIFY2(m_postgres.start(), qPrintable(m_postgres.error()));
    QVERIFY2(m_postgres.createDatabase(QStringLiteral("bench_workload")),
        qPrintable(m_postgres.error()));
    m_sqlite.name = QStringLiteral("SQLite");
    m_pg.name = QStringLiteral("PostgreSQL");

    // The load is the measure: no per-key rate limit in its way.
    const QJsonObject noRateLimit { { QStringLiteral("http"),
        QJsonObject { { QStringLiteral("apiKeyRequestsPerSecond"), 0 } } } };
    // The harness starts servers with the cheapest Argon2id cost (tests); sign-ins are measured
    // at the production one (the last --password-hash-cost counts).
    test::ServerProcess::Options sqliteOptions;
    sqliteOptions.extraArguments = kProductionCost;
    sqliteOptions.config = noRateLimit;
    QVERIFY2(m_sqlite.server.start(sqliteOptions), qPrintable(m_sqlite.server.error()));
    const QList<qint64> first = childProcessesRunning(test::ServerProcess::binary());
    QCOMPARE(first.size(), 1);
    m_sqlite.pid = first.first();

    test::ServerProcess::Options options;
    options.extraArguments = kProductionCost;
    options.config = noRateLimit;
    options.database = m_postgres.databaseUrl(QStringLiteral("bench_workload"));
    QVERIFY2(m_pg.server.start(options), qPrintable(m_pg.server.error()));
    for (const qint64 pid : childProcessesRunning(test::ServerProcess::binary())) {
        if (pid != m_sqlite.pid)
            m_pg.pid = pid;
    }
    QVERIFY(m_pg.pid > 0);
    m_pg.postmaster = m_postgres.pid();
    QVERIFY(m_pg.postmaster > 0);

    QVERIFY(prepare(m_sqlite));
    QVERIFY(prepare(m_pg));
}

qint64 BenchServerWorkload::cpuNow(const Target &target) const
{
    qint64 total = processCpuNs(target.pid).value_or(0);
    if (target.postmaster > 0)
        total += processTreeCpuNs(target.postmaster).value_or(0);
    return total;
}

bool BenchServerWorkload::measure(Target &target, Figures &figures, int requests,
    const std::function<QByteArray(int)> &make, QList<int> ok,
    const std::function<void(int, int, const QByteArray &)> &onAnswer)
{
    LoadOptions options;
    options.port = target.port;
    options.connections = std::min(kConnections, requests);
    options.requests = requests;
    options.timeLimit = kLoadTimeLimit;
    options.answerTimeout = 60s;
    options.makeRequest = make;
    options.onAnswer = onAnswer;
    options.okStatuses = std::move(ok);
    const qint64 cpuBefore = cpuNow(target);
    const LoadResult result = runHttpLoad(options);
    const qint64 cpuAfter = cpuNow(target);
    if (!result.ok()) {
        QTest::qFail(qPrintable(target.name + QStringLiteral(": ") + result.describeProblem()),
            __FILE__, __LINE__);
        return false;
    }
    if (result.timeLimitReached)
        m_table.addNote(QStringLiteral("%1: a load hit the time limit after %2 of %3 requests")
                            .arg(target.name)
                            .arg(result.completed)
                            .arg(requests));
    figures.rates.append(result.requestsPerSecond());
    figures.latenciesNs += result.latenciesNs;
    figures.cpuNs += cpuAfter - cpuBefore;
    figures.operations += result.completed;
    return true;
}

void BenchServerWorkload::compare(
    const QString &label, const std::function<bool(Target &, Figures &)> &round)
{
    Figures sqlite;
    Figures pg;
    for (int i = 0; i < kRounds; ++i) {
        const bool sqliteFirst = i % 2 == 0;
        if (!round(sqliteFirst ? m_sqlite : m_pg, sqliteFirst ? sqlite : pg))
            return;
        if (!round(sqliteFirst ? m_pg : m_sqlite, sqliteFirst ? pg : sqlite))
            return;
    }
    using B = BenchTable::Better;
    m_table.add(label + QStringLiteral(": throughput"), QStringLiteral("per s"), B::Higher,
        median(sqlite.rates), median(pg.rates), 1);
    m_table.add(label + QStringLiteral(": latency p50"), QStringLiteral("ms"), B::Lower,
        percentile(sqlite.latenciesNs, 50) / 1e6, percentile(pg.latenciesNs, 50) / 1e6, 2);
    m_table.add(label + QStringLiteral(": latency p99"), QStringLiteral("ms"), B::Lower,
        percentile(sqlite.latenciesNs, 99) / 1e6, percentile(pg.latenciesNs, 99) / 1e6, 2);
    if (sqlite.operations > 0 && pg.operations > 0) {
        m_table.add(label + QStringLiteral(": CPU per operation (server + database)"),
            QStringLiteral("ms"), B::Lower, double(sqlite.cpuNs) / double(sqlite.operations) / 1e6,
            double(pg.cpuNs) / double(pg.operations) / 1e6, 2);
    }
}

void BenchServerWorkload::signIns()
{
    compare(QStringLiteral("sign-ins (POST /v1/auth/login)"), [this](Target &t, Figures &f) {
        const QByteArray base = t.name.toUtf8();
        return measure(t, f, kSignIns,
            [&t, base](int index) {
                const QJsonObject body { { QStringLiteral("kind"), QStringLiteral("local") },
                    { QStringLiteral("username"), t.username },
                    { QStringLiteral("password"), t.password },
                    { QStringLiteral("device"),
                        test::testDevice(
                            QStringLiteral("bench-device-%1").arg(index % kConnections)) } };
                return httpRequestBytes(
                    "POST", "/v1/auth/login", t.port, {}, test::compactJson(body));
            },
            { 200 });
    });
}

void BenchServerWorkload::notifications()
{
    compare(QStringLiteral("notifications (POST /v1/notifications, 1 recipient)"),
        [this](Target &t, Figures &f) {
            const int first = t.created;
            t.created += kNotifications;
            QStringList ids;
            const bool ok = measure(
                t, f, kNotifications,
                [this, &t, first](int index) {
                    return httpRequestBytes("POST", "/v1/notifications", t.port,
                        test::bearer(
                            QString::fromUtf8(t.apiKey), "bench-" + QByteArray::number(++m_keys)),
                        test::compactJson(leaveRequest(first + index)));
                },
                { 201 },
                [&ids](int, int status, const QByteArray &body) {
                    if (status == 201)
                        ids.append(QJsonDocument::fromJson(body)
                                       .object()
                                       .value(QStringLiteral("id"))
                                       .toString());
                });
            t.undecided += ids;
            return ok;
        });
}

void BenchServerWorkload::inboxSyncs()
{
    QVERIFY(m_sqlite.created >= 100 && m_pg.created >= 100);
    compare(QStringLiteral("full inbox syncs (GET /v1/inbox?limit=100, 100 items)"),
        [this](Target &t, Figures &f) {
            const QByteArray request =
                httpRequestBytes("GET", "/v1/inbox?limit=100", t.port, test::bearer(t.token));
            return measure(
                t, f, kInboxSyncs, [request](int) { return request; }, { 200 },
                [&t](int, int, const QByteArray &body) {
                    const QJsonObject page = QJsonDocument::fromJson(body).object();
                    if (page.value(QStringLiteral("items")).toArray().size() != 100)
                        QTest::qFail("a full page did not have 100 items", __FILE__, __LINE__);
                });
        });
}

void BenchServerWorkload::deltaSyncs()
{
    for (Target *t : { &m_sqlite, &m_pg }) {
        // The cursor of the end of Ben's inbox: follow the pages.
        QByteArray cursor;
        for (int page = 0; page < 1000; ++page) {
            QUrl url = t->server.url(QStringLiteral("/v1/inbox"));
            QUrlQuery query;
            query.addQueryItem(QStringLiteral("limit"), QStringLiteral("500"));
            if (!cursor.isEmpty())
                query.addQueryItem(QStringLiteral("since"), QString::fromUtf8(cursor));
            url.setQuery(query);
            const test::HttpResult result =
                test::httpRequest("GET", url, {}, test::bearer(t->token));
            QCOMPARE(result.status, 200);
            cursor = result.json().value(QStringLiteral("cursor")).toString().toUtf8();
            if (!result.json().value(QStringLiteral("hasMore")).toBool())
                break;
        }
        QVERIFY(!cursor.isEmpty());
        t->cursor = cursor;
    }
    compare(QStringLiteral("delta syncs, nothing new (GET /v1/inbox?since=…)"),
        [this](Target &t, Figures &f) {
            const QByteArray request = httpRequestBytes("GET",
                "/v1/inbox?since=" + t.cursor.toPercentEncoding(), t.port, test::bearer(t.token));
            return measure(
                t, f, kDeltaSyncs, [request](int) { return request; }, { 200 },
                [](int, int, const QByteArray &body) {
                    if (!QJsonDocument::fromJson(body)
                             .object()
                             .value(QStringLiteral("items"))
                             .toArray()
                             .isEmpty())
                        QTest::qFail("a delta sync found something new", __FILE__, __LINE__);
                });
        });
}

void BenchServerWorkload::decisions()
{
    QVERIFY(m_sqlite.undecided.size() >= kDecisions * kRounds);
    QVERIFY(m_pg.undecided.size() >= kDecisions * kRounds);
    compare(
        QStringLiteral("decisions (POST /v1/inbox/{id}/decision)"), [this](Target &t, Figures &f) {
            const QStringList ids = t.undecided.mid(0, kDecisions);
            t.undecided.remove(0, ids.size());
            const QByteArray body = test::compactJson(
                QJsonObject { { QStringLiteral("action"), QStringLiteral("approve") },
                    { QStringLiteral("version"), 1 } });
            return measure(t, f, int(ids.size()),
                [this, &t, ids, body](int index) {
                    return httpRequestBytes("POST",
                        "/v1/inbox/" + ids.at(index).toUtf8() + "/decision", t.port,
                        test::bearer(t.token, "bench-" + QByteArray::number(++m_keys)), body);
                },
                { 200 });
        });
}

void BenchServerWorkload::cleanupTestCase()
{
    if (!m_table.isEmpty()) {
        m_table.addNote(QStringLiteral(
            "The real tessera-server with --demo data, on SQLite (its data folder) and on a "
            "throwaway PostgreSQL 15 cluster on 127.0.0.1; both up the whole time; %1 rounds per "
            "load alternating the databases; throughput is the median round, percentiles pool "
            "the rounds.")
                            .arg(kRounds));
        m_table.addNote(QStringLiteral(
            "Own load generator (raw QTcpSocket HTTP/1.1 keep-alive, one thread in the benchmark "
            "process) with %1 connections, one request in flight each; per round %2 sign-ins, "
            "%3 notifications, %4 full syncs, %5 delta syncs, %6 decisions. CPU per operation: "
            "user + system time of tessera-server, plus the PostgreSQL postmaster and its "
            "backends for PostgreSQL (SQLite runs inside the server), over the loads.")
                            .arg(kConnections)
                            .arg(kSignIns)
                            .arg(kNotifications)
                            .arg(kInboxSyncs)
                            .arg(kDeltaSyncs)
                            .arg(kDecisions));
        m_table.addNote(QStringLiteral("%1 CPUs; the load generator shares them with the "
                                       "server. Build type %2.")
                            .arg(QThread::idealThreadCount())
                            .arg(QStringLiteral(TESSERA_BENCH_BUILD_TYPE)));
        publishReport(m_table.toMarkdown(), QStringLiteral("bench_server_workload.md"));
    }
    m_sqlite.server.stop();
    m_pg.server.stop();
    m_postgres.stop();
}

} // namespace tessera::bench

QTEST_GUILESS_MAIN(tessera::bench::BenchServerWorkload)
#include "bench_server_workload.moc"
