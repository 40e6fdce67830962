// bench_news: News at the size of a company, on SQLite and on PostgreSQL. The real tessera-server
// with its --demo data twice (SQLite in its data folder; a throwaway PostgreSQL 15 cluster), each
// with 100,000 more people in its people table.
//   1. Publishing to everyone (100,000+ people): the time from the sub-system's
//      PUT /v1/subsystem/news/{postId} until a person's delta sync (GET /v1/news?since=) lists the
//      post, against the same for a post to one person, on both databases side by side.
//   2. A person's first feed sync with 1,000 posts (GET /v1/news, every page), side by side with
//      the same person's first inbox sync with 1,000 items (GET /v1/inbox?limit=200, every page),
//      in the same run on the same server: the goal is news at most 1.2x the inbox.
// Wall time per operation, median of the rounds; the sides alternate in each round, which side goes
// first alternates between rounds. Nothing asserts a time: the benchmark fails only when something
// does not work (a process that does not start, an answer that is not the expected status, a sync
// that does not find what was published).
//
// TESSERA_BENCH_REPORT_DIR=DIR also writes the tables to DIR/bench_news.md.
#include "benchtable.h"
#include "demoaccounts.h"
#include "httpload.h"
#include "postgrescluster.h"
#include "serverprocess.h"
#include "serversql.h"
#include "testhttp.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>
#include <QThread>
#include <QUrlQuery>

using namespace std::chrono_literals;

namespace tessera::bench {

namespace {

constexpr int kPeople = 100000;
constexpr int kPublishRounds = 5;
constexpr int kItems = 1000; // posts and inbox items of the person who syncs
constexpr int kSyncRounds = 9;
constexpr int kConnections = 8;
const QString kPerson = QStringLiteral("Ben Okafor");
const QString kPersonId = QStringLiteral("E1002");

// 100,000 directory people (one department and site), added straight to the people table: what
// the people sync would have written.
QString addPeopleSql()
{
    return QStringLiteral(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %1) "
        "INSERT INTO users (id, kind, username, username_key, display_name, department, geo, "
        "user_type, created_at, updated_at) "
        "SELECT 'B' || i, 'ad', 'bench' || i, 'bench' || i, 'Bench Person ' || i, 'Operations', "
        "'Pune', 'employee', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z' FROM n")
        .arg(kPeople);
}

QJsonObject post(const QString &title, const QJsonObject &audience)
{
    return QJsonObject { { QStringLiteral("title"), title },
        { QStringLiteral("summary"), QStringLiteral("What changes for you next month") },
        { QStringLiteral("body"),
            QStringLiteral("**All hands** on Friday:\n- the plan\n- questions welcome") },
        { QStringLiteral("category"), QStringLiteral("Company") },
        { QStringLiteral("audience"), audience } };
}

QJsonObject everyone()
{
    return QJsonObject { { QStringLiteral("everyone"), true } };
}

QJsonObject onlyPerson()
{
    return QJsonObject { { QStringLiteral("users"), QJsonArray { kPersonId } } };
}

QJsonObject notice(int number)
{
    return QJsonObject {
        { QStringLiteral("recipients"),
            QJsonObject { { QStringLiteral("users"), QJsonArray { kPersonId } } } },
        { QStringLiteral("title"), QStringLiteral("Shift swap %1 confirmed").arg(number) },
        { QStringLiteral("body"), QStringLiteral("Your shift on Friday moves to Saturday.") },
        { QStringLiteral("category"), QStringLiteral("roster") },
        { QStringLiteral("reference"), QStringLiteral("ROSTER-%1").arg(number) },
        { QStringLiteral("delivery"), QStringLiteral("poll") },
    };
}

struct Target
{
    QString name;
    test::ServerProcess server;
    quint16 port = 0;
    QString key; // the demo sub-system's
    QString token; // the person's
    int published = 0;
};

double medianMs(QList<qint64> ns)
{
    return percentile(std::move(ns), 50) / 1e6;
}

} // namespace

class BenchNews : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void publishToEveryone();
    void feedSyncAgainstInbox();
    void cleanupTestCase();

private:
    bool prepare(Target &target, const QString &database);
    // Puts post body under a new post id: the time until the person's delta lists it.
    std::optional<qint64> publishUntilSeen(Target &target, const QJsonObject &body);
    // GET path (a feed) as the person, page by page: how many objects of key it listed and the
    // wall time, or nullopt on a failure.
    std::optional<qint64> fullSync(Target &target, const QString &path, const QString &firstQuery,
        const QString &listKey, int *listed);
    bool load(
        Target &target, int requests, const std::function<QByteArray(int)> &make, QList<int> ok);

    test::PostgresCluster m_postgres;
    Target m_sqlite;
    Target m_pg;
    BenchTable m_publish { QStringLiteral("SQLite"), QStringLiteral("PostgreSQL") };
    BenchTable m_sync { QStringLiteral("News (GET /v1/news)"),
        QStringLiteral("Inbox (GET /v1/inbox)") };
    int m_keys = 0;
};

bool BenchNews::prepare(Target &target, const QString &database)
{
    // The load is the measure: no per-key rate limit in its way.
    test::ServerProcess::Options options;
    options.database = database;
    options.config = QJsonObject { { QStringLiteral("http"),
        QJsonObject { { QStringLiteral("apiKeyRequestsPerSecond"), 0 } } } };
    if (!target.server.start(options)) {
        QTest::qFail(qPrintable(target.name + QStringLiteral(": ") + target.server.error()),
            __FILE__, __LINE__);
        return false;
    }
    const test::ServerSqlResult added =
        test::runServerSql(target.server.dataDir(), database, addPeopleSql());
    if (!added.ok) {
        QTest::qFail(qPrintable(target.name + QStringLiteral(": people: ") + added.error), __FILE__,
            __LINE__);
        return false;
    }
    target.port = static_cast<quint16>(target.server.url().port());
    target.key = test::demoApiKey(target.server).value(QStringLiteral("key")).toString();
    target.token = test::signInDemo(
        target.server, kPerson, test::testDevice(QStringLiteral("bench-news-device")))
                       .value(QStringLiteral("accessToken"))
                       .toString();
    if (target.key.isEmpty() || target.token.isEmpty()) {
        QTest::qFail(
            qPrintable(target.name + QStringLiteral(": no demo key or token")), __FILE__, __LINE__);
        return false;
    }
    return true;
}

void BenchNews::initTestCase()
{
    QVERIFY2(m_postgres.start(), qPrintable(m_postgres.error()));
    QVERIFY2(
        m_postgres.createDatabase(QStringLiteral("bench_news")), qPrintable(m_postgres.error()));
    m_sqlite.name = QStringLiteral("SQLite");
    m_pg.name = QStringLiteral("PostgreSQL");
    QVERIFY(prepare(m_sqlite, {}));
    QVERIFY(prepare(m_pg, m_postgres.databaseUrl(QStringLiteral("bench_news"))));
}

std::optional<qint64> BenchNews::fullSync(Target &target, const QString &path,
    const QString &firstQuery, const QString &listKey, int *listed)
{
    QElapsedTimer timer;
    timer.start();
    QString cursor;
    *listed = 0;
    for (int page = 0; page < 1000; ++page) {
        QUrl url = target.server.url(path);
        QUrlQuery query(firstQuery);
        if (!cursor.isEmpty())
            query.addQueryItem(QStringLiteral("since"), cursor);
        url.setQuery(query);
        const test::HttpResult result =
            test::httpRequest("GET", url, {}, test::bearer(target.token));
        if (result.status != 200) {
            QTest::qFail(qPrintable(QStringLiteral("%1: GET %2: %3 %4")
                                        .arg(target.name, path)
                                        .arg(result.status)
                                        .arg(QString::fromUtf8(result.body.left(200)))),
                __FILE__, __LINE__);
            return std::nullopt;
        }
        const QJsonObject json = result.json();
        *listed += int(json.value(listKey).toArray().size());
        cursor = json.value(QStringLiteral("cursor")).toString();
        // The news feed says "more", the inbox "hasMore".
        if (!json.value(QStringLiteral("more")).toBool()
            && !json.value(QStringLiteral("hasMore")).toBool())
            return timer.nsecsElapsed();
    }
    QTest::qFail("a sync did not end in 1,000 pages", __FILE__, __LINE__);
    return std::nullopt;
}

std::optional<qint64> BenchNews::publishUntilSeen(Target &target, const QJsonObject &body)
{
    // The person's cursor now: their delta after the put must list the new post.
    QString cursor;
    for (int page = 0; page < 1000; ++page) {
        QUrl url = target.server.url(QStringLiteral("/v1/news"));
        if (!cursor.isEmpty())
            url.setQuery(QStringLiteral("since=") + cursor);
        const test::HttpResult result =
            test::httpRequest("GET", url, {}, test::bearer(target.token));
        if (result.status != 200)
            return std::nullopt;
        cursor = result.json().value(QStringLiteral("cursor")).toString();
        if (!result.json().value(QStringLiteral("more")).toBool())
            break;
    }
    const QString postId = QStringLiteral("bench-%1").arg(++target.published);
    QElapsedTimer timer;
    timer.start();
    const test::HttpResult put =
        test::httpRequest("PUT", target.server.url(QStringLiteral("/v1/subsystem/news/") + postId),
            test::compactJson(body), test::bearer(target.key));
    if (put.status != 201) {
        QTest::qFail(qPrintable(QStringLiteral("%1: PUT: %2 %3")
                                    .arg(target.name)
                                    .arg(put.status)
                                    .arg(QString::fromUtf8(put.body.left(200)))),
            __FILE__, __LINE__);
        return std::nullopt;
    }
    const QString id = put.json().value(QStringLiteral("id")).toString();
    QUrl deltaUrl = target.server.url(QStringLiteral("/v1/news"));
    deltaUrl.setQuery(QStringLiteral("since=") + cursor);
    const test::HttpResult delta =
        test::httpRequest("GET", deltaUrl, {}, test::bearer(target.token));
    const qint64 elapsed = timer.nsecsElapsed();
    for (const QJsonValue &seen : delta.json().value(QStringLiteral("posts")).toArray()) {
        if (seen.toObject().value(QStringLiteral("id")).toString() == id)
            return elapsed;
    }
    QTest::qFail(qPrintable(target.name + QStringLiteral(": the delta did not list the post: ")
                     + QString::fromUtf8(put.body + ' ' + delta.body.left(300))),
        __FILE__, __LINE__);
    return std::nullopt;
}

void BenchNews::publishToEveryone()
{
    QList<qint64> everyoneNs[2];
    QList<qint64> oneNs[2];
    for (int round = 0; round < kPublishRounds; ++round) {
        const bool sqliteFirst = round % 2 == 0;
        for (int side = 0; side < 2; ++side) {
            const bool sqlite = (side == 0) == sqliteFirst;
            Target &target = sqlite ? m_sqlite : m_pg;
            const int column = sqlite ? 0 : 1;
            const auto toAll = publishUntilSeen(
                target, post(QStringLiteral("All hands %1").arg(round), everyone()));
            QVERIFY(toAll);
            everyoneNs[column].append(*toAll);
            const auto toOne = publishUntilSeen(
                target, post(QStringLiteral("For Ben %1").arg(round), onlyPerson()));
            QVERIFY(toOne);
            oneNs[column].append(*toOne);
        }
    }
    using B = BenchTable::Better;
    m_publish.add(
        QStringLiteral("publish to everyone (%L1+ people) until in a person's delta").arg(kPeople),
        QStringLiteral("ms"), B::Lower, medianMs(everyoneNs[0]), medianMs(everyoneNs[1]), 1);
    m_publish.add(QStringLiteral("publish to one person until in their delta"),
        QStringLiteral("ms"), B::Lower, medianMs(oneNs[0]), medianMs(oneNs[1]), 1);
}

bool BenchNews::load(
    Target &target, int requests, const std::function<QByteArray(int)> &make, QList<int> ok)
{
    LoadOptions options;
    options.port = target.port;
    options.connections = kConnections;
    options.requests = requests;
    options.timeLimit = 600s;
    options.answerTimeout = 60s;
    options.makeRequest = make;
    options.okStatuses = std::move(ok);
    const LoadResult result = runHttpLoad(options);
    if (!result.ok()) {
        QTest::qFail(qPrintable(target.name + QStringLiteral(": ") + result.describeProblem()),
            __FILE__, __LINE__);
        return false;
    }
    return true;
}

void BenchNews::feedSyncAgainstInbox()
{
    // The person gets 1,000 posts (for them alone: the 100,000 are not resolved 1,000 times) and
    // 1,000 inbox items, put by the demo sub-system over several connections.
    for (Target *target : { &m_sqlite, &m_pg }) {
        QVERIFY(load(*target, kItems,
            [this, target](int index) {
                return httpRequestBytes("PUT",
                    "/v1/subsystem/news/feed-" + QByteArray::number(index), target->port,
                    test::bearer(target->key),
                    test::compactJson(
                        post(QStringLiteral("Team note %1").arg(index), onlyPerson())));
            },
            { 201 }));
        QVERIFY(load(*target, kItems,
            [this, target](int index) {
                return httpRequestBytes("POST", "/v1/notifications", target->port,
                    test::bearer(target->key, "bench-" + QByteArray::number(++m_keys)),
                    test::compactJson(notice(index)));
            },
            { 201 }));
    }
    for (Target *target : { &m_sqlite, &m_pg }) {
        QList<qint64> newsNs;
        QList<qint64> inboxNs;
        int posts = 0;
        int items = 0;
        for (int round = 0; round < kSyncRounds; ++round) {
            const bool newsFirst = round % 2 == 0;
            for (int side = 0; side < 2; ++side) {
                const bool news = (side == 0) == newsFirst;
                const auto ns = news
                    ? fullSync(
                        *target, QStringLiteral("/v1/news"), {}, QStringLiteral("posts"), &posts)
                    : fullSync(*target, QStringLiteral("/v1/inbox"), QStringLiteral("limit=200"),
                        QStringLiteral("items"), &items);
                QVERIFY(ns);
                (news ? newsNs : inboxNs).append(*ns);
            }
        }
        QVERIFY2(posts >= kItems, qPrintable(QString::number(posts)));
        QVERIFY2(items >= kItems, qPrintable(QString::number(items)));
        m_sync.add(QStringLiteral("%1: a person's first sync, %2 posts / %3 inbox items")
                       .arg(target->name)
                       .arg(posts)
                       .arg(items),
            QStringLiteral("ms"), BenchTable::Better::Lower, medianMs(newsNs), medianMs(inboxNs),
            1);
    }
}

void BenchNews::cleanupTestCase()
{
    if (!m_publish.isEmpty() || !m_sync.isEmpty()) {
        m_publish.addNote(QStringLiteral(
            "The real tessera-server with --demo data and %L1 more people in its people table, on "
            "SQLite (its data folder) and on a throwaway PostgreSQL 15 cluster on 127.0.0.1. A "
            "post is one row and its audience: the put resolves the audience's people only to "
            "hint their live streams. Wall time from the PUT until the person's delta sync "
            "(GET /v1/news?since=) lists the post; median of %2 rounds alternating the databases.")
                              .arg(kPeople)
                              .arg(kPublishRounds));
        m_sync.addNote(QStringLiteral(
            "The same person's first sync of everything, every page (news: 200 a page; inbox: "
            "limit=200), on the same server; median of %1 rounds alternating news and inbox. "
            "Goal: news at most 1.2x the inbox. %2 CPUs; build type %3.")
                           .arg(kSyncRounds)
                           .arg(QThread::idealThreadCount())
                           .arg(QStringLiteral(TESSERA_BENCH_BUILD_TYPE)));
        publishReport(m_publish.toMarkdown() + QStringLiteral("\n") + m_sync.toMarkdown(),
            QStringLiteral("bench_news.md"));
    }
    m_sqlite.server.stop();
    m_pg.server.stop();
}

} // namespace tessera::bench

QTEST_GUILESS_MAIN(tessera::bench::BenchNews)
#include "bench_news.moc"
