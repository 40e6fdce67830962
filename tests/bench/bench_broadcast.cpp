// bench_broadcast: one notification to everyone in a directory of 100,000 people on PostgreSQL
// (issue 19), against PostgreSQL's own COPY of the same rows.
// The real tessera-server (--demo) on a throwaway PostgreSQL 15 cluster, with 100,000 more people
// in its people table (as bench_news adds them). A sub-system POSTs /v1/notifications to every
// department there is (everyone): the server resolves the people, writes the notification, its
// change-feed row and one inbox_items row per person in one transaction, and hints the streams.
// Figures:
//   - rows per second into inbox_items: the people / (POST written -> 201 read), against
//     PostgreSQL's COPY of the very same rows (exported after the broadcast to a file the server
//     reads) into a scratch copy of the table: same columns, primary key, indexes and foreign
//     keys, grown by the same rows every round. COPY is the physical limit here; goal >= 0.5x;
//   - the time until the last of 1,000 connected people has it: 1,000 of the directory's people,
//     each with a live stream (GET /v1/stream) and a delta sync (GET /v1/inbox?since=CURSOR) on
//     every inbox hint, as the app does: POST written -> the last person's delta listing the item.
// Rounds alternate the broadcast and COPY. Nothing asserts a time: the benchmark fails only when
// something does not work (a process that does not start, a status that is not the expected one, a
// person who never gets the item).
//
// TESSERA_BENCH_REPORT_DIR=DIR also writes the table to DIR/bench_broadcast.md.
// TESSERA_BENCH_BROADCAST_PEOPLE=N / TESSERA_BENCH_BROADCAST_CONNECTED=N: smaller runs.
#include "bench_broadcast_people.h"
#include "benchtable.h"
#include "demoaccounts.h"
#include "httpload.h"
#include "postgrescluster.h"
#include "selfclock.h"
#include "serverprocess.h"
#include "serversql.h"
#include "testhttp.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <sys/resource.h>

using namespace std::chrono_literals;

namespace tessera::bench {

namespace {

constexpr int kRounds = 3;

int sizeFromEnvironment(const char *name, int fallback)
{
    bool ok = false;
    const int value = qEnvironmentVariableIntValue(name, &ok);
    return ok && value > 0 ? value : fallback;
}

} // namespace

class BenchBroadcast : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void broadcast();
    void cleanupTestCase();

private:
    bool sql(const QString &statement, QVariant *value = nullptr);

    test::PostgresCluster m_postgres;
    test::ServerProcess m_server;
    QString m_database;
    QSqlDatabase m_db;
    QTemporaryDir m_files;
    QString m_apiKey;
    QJsonArray m_departments;
    std::vector<std::unique_ptr<BroadcastPerson>> m_people;
    int m_directory = 100000;
    int m_connected = 1000;
    qint64 m_recipients = 0;
    BenchTable m_rows { QStringLiteral("tessera-server broadcast"),
        QStringLiteral("PostgreSQL COPY") };
    QStringList m_notes;
};

bool BenchBroadcast::sql(const QString &statement, QVariant *value)
{
    QSqlQuery query(m_db);
    if (!query.exec(statement)) {
        QTest::qFail(
            qPrintable(statement.left(120) + QStringLiteral(": ") + query.lastError().text()),
            __FILE__, __LINE__);
        return false;
    }
    if (value != nullptr && query.next())
        *value = query.value(0);
    return true;
}

void BenchBroadcast::initTestCase()
{
    m_directory = sizeFromEnvironment("TESSERA_BENCH_BROADCAST_PEOPLE", m_directory);
    m_connected = std::min(
        m_directory, sizeFromEnvironment("TESSERA_BENCH_BROADCAST_CONNECTED", m_connected));
    rlimit limit {};
    QVERIFY(getrlimit(RLIMIT_NOFILE, &limit) == 0);
    limit.rlim_cur = limit.rlim_max;
    QVERIFY(setrlimit(RLIMIT_NOFILE, &limit) == 0);
    QVERIFY2(limit.rlim_cur > rlim_t(m_connected) * 3 + 200, "too few file descriptors allowed");
    QVERIFY(m_files.isValid());
    // PostgreSQL's server process writes and reads the COPY files (as the user postgres).
    QVERIFY(QFile::setPermissions(m_files.path(), QFile::Permissions(0x7777)));

    QVERIFY2(m_postgres.start(), qPrintable(m_postgres.error()));
    QVERIFY2(m_postgres.createDatabase(QStringLiteral("bench_broadcast")),
        qPrintable(m_postgres.error()));
    m_database = m_postgres.databaseUrl(QStringLiteral("bench_broadcast"));
    test::ServerProcess::Options options;
    options.database = m_database;
    options.config = QJsonObject { { QStringLiteral("http"),
        QJsonObject { { QStringLiteral("maxConnectionsPerAddress"), m_connected * 3 + 100 },
            { QStringLiteral("apiKeyRequestsPerSecond"), 0 } } } };
    QVERIFY2(m_server.start(options), qPrintable(m_server.error()));
    m_apiKey = test::demoApiKey(m_server).value(QStringLiteral("key")).toString();
    QVERIFY(!m_apiKey.isEmpty());

    m_db = test::openServerDatabase(QStringLiteral("bench"), {}, m_database);
    QVERIFY2(m_db.isOpen(), qPrintable(m_db.lastError().text()));
    QVERIFY(sql(addDirectoryPeopleSql(m_directory)));
    QVERIFY(sql(addAccessTokensSql(m_connected)));
    QVariant departments;
    QVERIFY(sql(QStringLiteral("SELECT string_agg(DISTINCT department, '|') FROM users WHERE "
                               "department IS NOT NULL"),
        &departments));
    for (const QString &department : departments.toString().split(u'|', Qt::SkipEmptyParts))
        m_departments.append(department);
    QVariant recipients;
    QVERIFY(sql(QStringLiteral("SELECT count(*) FROM users WHERE disabled = 0 AND user_type = "
                               "'employee' AND department IS NOT NULL"),
        &recipients));
    m_recipients = recipients.toLongLong();
    QVERIFY(m_recipients >= m_directory);
    // The scratch copy: the inbox table's shape, keys and indexes, and its foreign keys.
    QVERIFY(sql(QStringLiteral("CREATE TABLE bench_inbox_copy (LIKE inbox_items INCLUDING ALL)")));
    QVERIFY(sql(QStringLiteral(
        "ALTER TABLE bench_inbox_copy ADD FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE "
        "CASCADE, ADD FOREIGN KEY (notification_id) REFERENCES notifications(id)")));

    // The connected people: their first sync, then their streams.
    const quint16 port = quint16(m_server.url().port());
    for (int i = 1; i <= m_connected; ++i)
        m_people.push_back(std::make_unique<BroadcastPerson>(port, benchAccessToken(i)));
    for (auto &person : m_people)
        person->start();
    const auto ready = [this] {
        return std::all_of(m_people.cbegin(), m_people.cend(),
            [](const auto &person) { return person->isReady() || person->failed(); });
    };
    QVERIFY2(QTest::qWaitFor(ready, 180000), "the people were not connected within 180 s");
    for (const auto &person : m_people)
        QVERIFY2(!person->failed(), qPrintable(person->error()));
}

void BenchBroadcast::broadcast()
{
    QList<double> serverRates;
    QList<double> copyRates;
    QList<qint64> lastHasIt;
    QList<qint64> createdNs;
    for (int round = 0; round < kRounds; ++round) {
        // The broadcast.
        const QJsonObject body {
            { QStringLiteral("recipients"),
                QJsonObject { { QStringLiteral("departments"), m_departments } } },
            { QStringLiteral("title"), QStringLiteral("Office closed on Friday (%1)").arg(round) },
            { QStringLiteral("body"), QStringLiteral("All offices close at noon for the move.") },
            { QStringLiteral("category"), QStringLiteral("info") },
            { QStringLiteral("reference"), QStringLiteral("BROADCAST-%1").arg(round) },
        };
        const qint64 sent = monotonicNs();
        const test::HttpResult created = test::httpRequest("POST",
            m_server.url(QStringLiteral("/v1/notifications")), test::compactJson(body),
            test::bearer(m_apiKey, "broadcast-" + QByteArray::number(round)));
        const qint64 answered = monotonicNs();
        QVERIFY2(created.status == 201,
            qPrintable(QString::number(created.status) + u' '
                + QString::fromUtf8(created.body.left(400))));
        const QString id = created.json().value(QStringLiteral("id")).toString();
        QVariant rows;
        QVERIFY(sql(
            QStringLiteral("SELECT count(*) FROM inbox_items WHERE notification_id = '%1'").arg(id),
            &rows));
        QCOMPARE(rows.toLongLong(), m_recipients);
        serverRates.append(double(m_recipients) * 1e9 / double(answered - sent));
        createdNs.append(answered - sent);

        // Every connected person's delta lists it.
        const auto everyone = [&] {
            return std::all_of(m_people.cbegin(), m_people.cend(),
                [&id](const auto &person) { return person->hadAt(id) > 0 || person->failed(); });
        };
        QVERIFY2(QTest::qWaitFor(everyone, 180000), "not every person got the broadcast in 180 s");
        qint64 last = 0;
        for (const auto &person : m_people) {
            QVERIFY2(!person->failed(), qPrintable(person->error()));
            last = std::max(last, person->hadAt(id));
        }
        lastHasIt.append(last - sent);

        // COPY of the same rows into the scratch table.
        const QString file =
            QDir(m_files.path()).filePath(QStringLiteral("rows-%1.copy").arg(round));
        QVERIFY(sql(QStringLiteral("COPY (SELECT * FROM inbox_items WHERE notification_id = '%1') "
                                   "TO '%2'")
                        .arg(id, file)));
        QElapsedTimer timer;
        timer.start();
        QVERIFY(sql(QStringLiteral("COPY bench_inbox_copy FROM '%1'").arg(file)));
        copyRates.append(double(m_recipients) * 1e9 / double(timer.nsecsElapsed()));
        QFile::remove(file);
    }
    using B = BenchTable::Better;
    m_rows.add(QStringLiteral("%1 people: inbox rows per second").arg(m_recipients),
        QStringLiteral("1/s"), B::Higher, median(serverRates), median(copyRates));
    m_notes.append(QStringLiteral(
        "POST -> 201 for the broadcast to %1 people, median %2 ms; POST -> the last of %3 "
        "connected people has it (hint, then GET /v1/inbox?since), median %4 ms, slowest %5 ms")
                       .arg(m_recipients)
                       .arg(percentile(createdNs, 50) / 1e6, 0, 'f', 0)
                       .arg(m_connected)
                       .arg(percentile(lastHasIt, 50) / 1e6, 0, 'f', 0)
                       .arg(percentile(lastHasIt, 100) / 1e6, 0, 'f', 0));
}

void BenchBroadcast::cleanupTestCase()
{
    m_people.clear();
    if (!m_rows.isEmpty()) {
        m_rows.addNote(QStringLiteral(
            "tessera-server (PostgreSQL 15, one node): POST /v1/notifications to every "
            "department, %1 recipients (%2 directory people added as bench_news adds them, and "
            "the demo's); the rows: the inbox_items rows the server wrote per second of POST "
            "written -> 201 read (the whole request: people resolved, notification, change-feed "
            "row, inbox rows, commit). COPY: PostgreSQL's COPY FROM a file of exactly those rows "
            "into bench_inbox_copy (LIKE inbox_items INCLUDING ALL, plus its foreign keys), "
            "which grows by the same rows every round. Goal: >= 0.5x. %3 rounds alternating; "
            "medians.")
                           .arg(m_recipients)
                           .arg(m_directory)
                           .arg(kRounds));
        for (const QString &note : std::as_const(m_notes))
            m_rows.addNote(note + u'.');
        m_rows.addNote(
            QStringLiteral("The server, PostgreSQL and the %1 people's streams share %2 CPUs. "
                           "Build type %3.")
                .arg(m_connected)
                .arg(QThread::idealThreadCount())
                .arg(QStringLiteral(TESSERA_BENCH_BUILD_TYPE)));
        publishReport(m_rows.toMarkdown(), QStringLiteral("bench_broadcast.md"));
    }
    if (m_db.isOpen())
        m_db.close();
    m_db = QSqlDatabase();
    QSqlDatabase::removeDatabase(QStringLiteral("bench"));
    m_server.stop();
    m_postgres.stop();
}

} // namespace tessera::bench

QTEST_GUILESS_MAIN(tessera::bench::BenchBroadcast)
#include "bench_broadcast.moc"
