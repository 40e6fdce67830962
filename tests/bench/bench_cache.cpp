// bench_cache: the client's encrypted inbox cache against plain SQLite. A delta
// sync of 10,000 and of 100,000 notifications into a fresh cache, then what the person waits for
// when the app opens: the inbox's first screen, on three sides:
//   - Tessera: Database::open (SQLCipher, the client's migrations) + InboxStore::applyDelta, 500
//     items a page (InboxSync's page, the server's largest; TESSERA_BENCH_CACHE_PAGE=N on every
//     side: N), in this process; the first screen is
//     Database::open + the real InboxModel constructed on an InboxStore (its first page of rows,
//     the counts and the categories loaded);
//   - the same SQL statements on SQLCipher, keyed the same way (bench-cache-sqlcipher);
//   - the same SQL statements on the system's plain SQLite (bench-cache-sqlite).
// The peers are programs of their own: one process never loads both SQLite and SQLCipher (they
// export the same symbols). All three make the same schema (dumped from the client's database),
// insert the same items (cacheitems.h) and run the same statements (the store's). A second read
// row times the whole cache (Database::open + InboxStore::items(), what `tessera-cli inbox`
// does). The fills and the reads run 3 rounds each, the order of the sides rotating, and report
// each side's median. An insert that runs longer than the time limit stops after the page it is in
// and reports its rate so far; the peers then insert as many items as Tessera did, so the rates
// compare the same table sizes. Nothing asserts a time: the benchmark fails only when something
// does not work.
//
// TESSERA_BENCH_REPORT_DIR=DIR also writes the table to DIR/bench_cache.md.
#include "cacheitems.h"
#include "inbox/inboxitem.h"
#include "inbox/inboxmodel.h"
#include "inbox/inboxstore.h"
#include "inbox/inboxsync.h"
#include "storage/database.h"
#include "storage/sqlstatement.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <memory>

namespace tessera::bench {

namespace {

const int kPage = cachePageSize();
static_assert(InboxSync::defaultPageSize == 500, "cachePageSize() follows the client's page");
// Tessera's pages with `more` as InboxSync gives them (the store writes a catch-up's pages several
// a transaction); TESSERA_BENCH_CACHE_BATCH=N: N pages a transaction, 0: one a page, as before.
const int kBatchPages = qEnvironmentVariableIsSet("TESSERA_BENCH_CACHE_BATCH")
    ? qEnvironmentVariableIntValue("TESSERA_BENCH_CACHE_BATCH")
    : InboxStore::defaultBatchPages;
const bool kBatch = kBatchPages > 0;
constexpr int kReadRounds = 3;
constexpr int kFillRounds = 3;
constexpr qint64 kInsertTimeLimitMs = 40000;

struct Fill
{
    qint64 inserted = 0;
    qint64 insertNs = 0; // wall-clock
    qint64 insertCpuNs = 0; // CPU time of the process (one thread does the work)
    double rate() const { return insertNs > 0 ? double(inserted) * 1e9 / double(insertNs) : 0; }
    double cpuRate() const
    {
        return insertCpuNs > 0 ? double(inserted) * 1e9 / double(insertCpuNs) : 0;
    }
};

qint64 cpuNs()
{
    timespec now {};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
    return qint64(now.tv_sec) * 1000000000 + now.tv_nsec;
}

struct Read
{
    qint64 firstScreenNs = 0; // wall-clock
    qint64 firstScreenCpuNs = 0;
    qint64 wholeNs = 0;
    qint64 wholeCpuNs = 0;
};

// The wire item as InboxSync hands it to the store: through InboxItem::fromJson.
InboxItem toInboxItem(const CacheItem &item)
{
    const QJsonObject json {
        { QStringLiteral("id"), QString::fromLatin1(item.id) },
        { QStringLiteral("subsystem"), QString::fromUtf8(item.subsystem) },
        { QStringLiteral("title"), QString::fromUtf8(item.title) },
        { QStringLiteral("body"), QString::fromUtf8(item.body) },
        { QStringLiteral("category"), QString::fromUtf8(item.category) },
        { QStringLiteral("priority"), QString::fromUtf8(item.priority) },
        { QStringLiteral("createdAt"), QString::fromLatin1(item.createdAt) },
        { QStringLiteral("expiresAt"), QJsonValue(QJsonValue::Null) },
        { QStringLiteral("actionable"), true },
        { QStringLiteral("actions"), QJsonDocument::fromJson(item.actions).array() },
        { QStringLiteral("data"), QJsonDocument::fromJson(item.data).object() },
        { QStringLiteral("state"), QString::fromLatin1(item.state) },
        { QStringLiteral("version"), 1 },
    };
    QString error;
    const std::optional<InboxItem> parsed = InboxItem::fromJson(json, &error);
    if (!parsed)
        qFatal("not an item: %s", qPrintable(error));
    return *parsed;
}

qint64 median(QList<qint64> values)
{
    std::sort(values.begin(), values.end());
    return values.isEmpty() ? 0 : values.at(values.size() / 2);
}

QString number(double value, int decimals = 0)
{
    QLocale c = QLocale::c();
    c.setNumberOptions(QLocale::DefaultNumberOptions);
    return c.toString(value, 'f', decimals);
}

} // namespace

class BenchCache : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void deltaSync_data();
    void deltaSync();
    void cleanupTestCase();

private:
    std::optional<Fill> fillTessera(int items, qint64 timeLimitMs);
    std::optional<Read> readTessera(int items);
    std::optional<Fill> fillPeer(const QString &program, const QString &path, int items);
    std::optional<Read> readPeer(const QString &program, const QString &path, int items);
    QString tesseraPath() const { return m_dir.filePath(QStringLiteral("tessera.db")); }

    QTemporaryDir m_dir;
    QByteArray m_key = QByteArray(Database::keyBytes, '\x5a');
    QString m_schemaFile;
    QStringList m_rows;
    QStringList m_fillRounds; // each side's items per CPU second in every round
};

void BenchCache::initTestCase()
{
    QVERIFY(m_dir.isValid());
    // The schema the client's migrations make, one statement a line, for the peers.
    const DatabaseOpenResult opened =
        Database::open(m_dir.filePath(QStringLiteral("schema.db")), m_key);
    QVERIFY2(opened.ok(), qPrintable(opened.detail));
    SqlStatement statement =
        opened.database->prepare("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT "
                                 "LIKE 'sqlite_%' ORDER BY rowid");
    QByteArray schema;
    while (statement.step() == SqlStatement::Step::Row)
        schema += statement.columnText(0).toUtf8().replace('\n', ' ') + '\n';
    QVERIFY(schema.contains("CREATE TABLE inbox_items"));
    m_schemaFile = m_dir.filePath(QStringLiteral("schema.sql"));
    QFile file(m_schemaFile);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(schema);
}

std::optional<Fill> BenchCache::fillTessera(int items, qint64 timeLimitMs)
{
    Database::wipe(tesseraPath());
    DatabaseOpenResult opened = Database::open(tesseraPath(), m_key);
    if (!opened.ok()) {
        QTest::qFail(qPrintable(opened.detail), __FILE__, __LINE__);
        return std::nullopt;
    }
    auto store = std::make_unique<InboxStore>(opened.database);
    if (kBatch)
        store->setBatchPages(kBatchPages);
    // The pages are made before the clock starts: reading the wire is not the cache's work.
    Fill fill;
    QElapsedTimer timer;
    for (int first = 0; first < items; first += kPage) {
        QList<InboxItem> page;
        for (int i = first; i < std::min(items, first + kPage); ++i)
            page.append(toInboxItem(cacheItem(i)));
        timer.start();
        const qint64 cpuStart = cpuNs();
        const bool more = kBatch && first + kPage < items;
        const bool ok = store->applyDelta(page, QString::number(first + page.size()), more);
        fill.insertCpuNs += cpuNs() - cpuStart;
        fill.insertNs += timer.nsecsElapsed();
        if (!ok) {
            QTest::qFail("applyDelta failed", __FILE__, __LINE__);
            return std::nullopt;
        }
        fill.inserted += page.size();
        if (timeLimitMs > 0 && fill.insertNs > timeLimitMs * 1000000)
            break;
    }
    // The end of the catch-up is timed too: the store's cache and checkpoint settings come
    // back, with a checkpoint of the WAL the catch-up left (what the app does at the next
    // smaller page or after the catch-up's idle time).
    timer.start();
    const qint64 cpuStart = cpuNs();
    const bool ended = store->endBatch(); // what a time limit left held, as when a sync ends
    store.reset();
    if (!ended) {
        QTest::qFail("writing the held pages failed", __FILE__, __LINE__);
        return std::nullopt;
    }
    fill.insertCpuNs += cpuNs() - cpuStart;
    fill.insertNs += timer.nsecsElapsed();
    return fill;
}

std::optional<Read> BenchCache::readTessera(int items)
{
    Read read;
    QElapsedTimer timer;
    timer.start();
    qint64 cpuStart = cpuNs();
    {
        DatabaseOpenResult opened = Database::open(tesseraPath(), m_key);
        if (!opened.ok()) {
            QTest::qFail(qPrintable(opened.detail), __FILE__, __LINE__);
            return std::nullopt;
        }
        InboxStore store(opened.database);
        // The constructor loads the first page, the counts and the categories (reload()).
        InboxModel model(store);
        read.firstScreenNs = timer.nsecsElapsed();
        read.firstScreenCpuNs = cpuNs() - cpuStart;
        if (model.rowCount() != std::min(items, InboxModel::pageSize) || model.count() != items
            || model.unreadCount() != items || model.pendingDecisions() != 0
            || model.categories() != QStringList { QStringLiteral("leave") }) {
            QTest::qFail(qPrintable(QStringLiteral("first screen: %1 rows of %2, %3 unread")
                                        .arg(model.rowCount())
                                        .arg(model.count())
                                        .arg(model.unreadCount())),
                __FILE__, __LINE__);
            return std::nullopt;
        }
    }
    timer.start();
    cpuStart = cpuNs();
    DatabaseOpenResult opened = Database::open(tesseraPath(), m_key);
    if (!opened.ok()) {
        QTest::qFail(qPrintable(opened.detail), __FILE__, __LINE__);
        return std::nullopt;
    }
    InboxStore store(opened.database);
    const qsizetype rows = store.items().size();
    read.wholeNs = timer.nsecsElapsed();
    read.wholeCpuNs = cpuNs() - cpuStart;
    if (rows != items) {
        QTest::qFail(qPrintable(QStringLiteral("read %1 of %2 items").arg(rows).arg(items)),
            __FILE__, __LINE__);
        return std::nullopt;
    }
    return read;
}

namespace {

std::optional<QJsonObject> runPeerProgram(const QString &program, const QStringList &arguments)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::SeparateChannels);
    process.start(program, arguments);
    if (!process.waitForFinished(30 * 60 * 1000) || process.exitStatus() != QProcess::NormalExit
        || process.exitCode() != 0) {
        QTest::qFail(qPrintable(program + QStringLiteral(" failed: ")
                         + QString::fromUtf8(process.readAllStandardError())),
            __FILE__, __LINE__);
        return std::nullopt;
    }
    return QJsonDocument::fromJson(process.readAllStandardOutput()).object();
}

} // namespace

std::optional<Fill> BenchCache::fillPeer(const QString &program, const QString &path, int items)
{
    const auto answer = runPeerProgram(
        program, { QStringLiteral("fill"), m_schemaFile, path, QString::number(items) });
    if (!answer)
        return std::nullopt;
    Fill fill;
    fill.inserted = answer->value(QStringLiteral("inserted")).toInteger();
    fill.insertNs = answer->value(QStringLiteral("insertNs")).toInteger();
    fill.insertCpuNs = answer->value(QStringLiteral("insertCpuNs")).toInteger();
    if (fill.inserted != items) {
        QTest::qFail(
            qPrintable(
                program + QStringLiteral(" inserted %1 of %2 items").arg(fill.inserted).arg(items)),
            __FILE__, __LINE__);
        return std::nullopt;
    }
    return fill;
}

std::optional<Read> BenchCache::readPeer(const QString &program, const QString &path, int items)
{
    const auto answer = runPeerProgram(program, { QStringLiteral("open"), path });
    if (!answer)
        return std::nullopt;
    Read read;
    read.firstScreenNs = answer->value(QStringLiteral("firstScreenNs")).toInteger();
    read.wholeNs = answer->value(QStringLiteral("wholeNs")).toInteger();
    read.firstScreenCpuNs = answer->value(QStringLiteral("firstScreenCpuNs")).toInteger();
    read.wholeCpuNs = answer->value(QStringLiteral("wholeCpuNs")).toInteger();
    const qint64 firstRows = answer->value(QStringLiteral("firstRows")).toInteger();
    const qint64 count = answer->value(QStringLiteral("count")).toInteger();
    const qint64 wholeRows = answer->value(QStringLiteral("wholeRows")).toInteger();
    if (firstRows != std::min(items, InboxModel::pageSize) || count != items
        || wholeRows != items) {
        QTest::qFail(qPrintable(program
                         + QStringLiteral(" read %1 rows first, counted %2, read %3 of %4 items")
                               .arg(firstRows)
                               .arg(count)
                               .arg(wholeRows)
                               .arg(items)),
            __FILE__, __LINE__);
        return std::nullopt;
    }
    return read;
}

void BenchCache::deltaSync_data()
{
    QTest::addColumn<int>("items");
    QTest::newRow("10,000") << 10000;
    QTest::newRow("100,000") << 100000;
}

void BenchCache::deltaSync()
{
    QFETCH(int, items);
    const QString cipherProgram = QStringLiteral(TESSERA_BENCH_CACHE_SQLCIPHER);
    const QString plainProgram = QStringLiteral(TESSERA_BENCH_CACHE_SQLITE);
    const QString cipherPath = m_dir.filePath(QStringLiteral("peer-sqlcipher.db"));
    const QString plainPath = m_dir.filePath(QStringLiteral("peer-sqlite.db"));

    // The fills: rounds with the order of the three sides rotating, each a fresh file; each
    // side's median round by CPU rate. Tessera goes first in the first round and sets the count
    // (a time limit may stop it early); the last round's files are read below.
    QList<Fill> fills[3];
    int count = items;
    for (int round = 0; round < kFillRounds; ++round) {
        for (int turn = 0; turn < 3; ++turn) {
            const int side = (turn + 3 - round % 3) % 3;
            const std::optional<Fill> fill = side == 0 ? fillTessera(count, kInsertTimeLimitMs)
                : side == 1                            ? fillPeer(cipherProgram, cipherPath, count)
                                                       : fillPeer(plainProgram, plainPath, count);
            QVERIFY(fill);
            if (side == 0 && round == 0)
                count = int(fill->inserted); // the peers insert as many as Tessera did
            fills[side].append(*fill);
        }
    }
    const auto medianFill = [](QList<Fill> rounds) {
        std::sort(rounds.begin(), rounds.end(),
            [](const Fill &a, const Fill &b) { return a.cpuRate() < b.cpuRate(); });
        return rounds.at(rounds.size() / 2);
    };
    const std::optional<Fill> tessera = medianFill(fills[0]);
    const std::optional<Fill> cipher = medianFill(fills[1]);
    const std::optional<Fill> plain = medianFill(fills[2]);
    QStringList cpuRounds;
    for (int side = 0; side < 3; ++side) {
        QStringList rates;
        for (const Fill &fill : fills[side])
            rates.append(number(fill.cpuRate()));
        cpuRounds.append(rates.join(QStringLiteral(", ")));
    }
    m_fillRounds.append(QStringLiteral("%1: Tessera %2; SQLCipher %3; plain %4")
                            .arg(QString::fromUtf8(QTest::currentDataTag()), cpuRounds.at(0),
                                cpuRounds.at(1), cpuRounds.at(2)));

    // The reads: rounds with the order of the three sides rotating; each side's median.
    QList<qint64> first[3];
    QList<qint64> firstCpu[3];
    QList<qint64> whole[3];
    QList<qint64> wholeCpu[3];
    for (int round = 0; round < kReadRounds; ++round) {
        for (int turn = 0; turn < 3; ++turn) {
            const int side = (round + turn) % 3;
            const std::optional<Read> read = side == 0 ? readTessera(count)
                : side == 1                            ? readPeer(cipherProgram, cipherPath, count)
                                                       : readPeer(plainProgram, plainPath, count);
            QVERIFY(read);
            first[side].append(read->firstScreenNs);
            firstCpu[side].append(read->firstScreenCpuNs);
            whole[side].append(read->wholeNs);
            wholeCpu[side].append(read->wholeCpuNs);
        }
    }

    const QString label = QString::fromUtf8(QTest::currentDataTag());
    const auto ms = [](qint64 ns) { return number(double(ns) / 1e6, 1); };
    const auto ratio = [](double value) { return QLocale::c().toString(value, 'f', 2); };
    const QString stopped = count < items
        ? QStringLiteral(" (stopped after %1 items at the %2 s limit)")
              .arg(number(count))
              .arg(kInsertTimeLimitMs / 1000)
        : QString();
    const double cpuRatio = tessera->cpuRate() / plain->cpuRate();
    m_rows.append(QStringLiteral(
        "| %1: delta sync, items per CPU second%2 | %3 | %4 | %5 | **%6×** | ≥ 0.75×: %7 |")
                      .arg(label, stopped, number(tessera->cpuRate()), number(cipher->cpuRate()),
                          number(plain->cpuRate()), ratio(cpuRatio),
                          cpuRatio >= 0.75 ? QStringLiteral("met") : QStringLiteral("**missed**")));
    const double insertRatio = tessera->rate() / plain->rate();
    m_rows.append(QStringLiteral("| %1: delta sync, items/s (wall-clock) | %2 | %3 | %4 | %5× | "
                                 "(≥ 0.75×) |")
                      .arg(label, number(tessera->rate()), number(cipher->rate()),
                          number(plain->rate()), ratio(insertRatio)));
    const double firstCpuRatio = double(median(firstCpu[0])) / double(median(firstCpu[2]));
    m_rows.append(
        QStringLiteral("| %1: open + first screen (%2 rows of %3, counts, categories), "
                       "CPU ms | %4 | %5 | %6 | **%7×** | ≤ 2.5×: %8 |")
            .arg(label, number(std::min(count, InboxModel::pageSize)), number(count),
                ms(median(firstCpu[0])), ms(median(firstCpu[1])), ms(median(firstCpu[2])),
                ratio(firstCpuRatio),
                firstCpuRatio <= 2.5 ? QStringLiteral("met") : QStringLiteral("**missed**")));
    const double firstRatio = double(median(first[0])) / double(median(first[2]));
    m_rows.append(QStringLiteral("| %1: open + first screen, ms (wall-clock) | %2 | %3 | %4 | %5× "
                                 "| (≤ 2.5×) |")
                      .arg(label, ms(median(first[0])), ms(median(first[1])), ms(median(first[2])),
                          ratio(firstRatio)));
    const double wholeRatio = double(median(wholeCpu[0])) / double(median(wholeCpu[2]));
    m_rows.append(
        QStringLiteral("| %1: open + whole cache (%2 rows, `tessera-cli inbox`), CPU ms | "
                       "%3 | %4 | %5 | %6× | — |")
            .arg(label, number(count), ms(median(wholeCpu[0])), ms(median(wholeCpu[1])),
                ms(median(wholeCpu[2])), ratio(wholeRatio)));
    for (qsizetype i = m_rows.size() - 5; i < m_rows.size(); ++i)
        std::fprintf(stdout, "%s\n", qPrintable(m_rows.at(i)));
    std::fflush(stdout);
}

void BenchCache::cleanupTestCase()
{
    if (m_rows.isEmpty())
        return;
    QString text = QStringLiteral(
        "| figure | Tessera (InboxStore, SQLCipher) | same SQL, SQLCipher | plain SQLite | "
        "Tessera / plain | goal |\n|---|---:|---:|---:|---:|---|\n");
    text += m_rows.join(QLatin1Char('\n')) + QLatin1Char('\n');
    text +=
        QStringLiteral(
            "\n- Delta sync: Database::open + InboxStore::applyDelta, %1 items a page, %4, in this "
            "process (the items made with InboxItem::fromJson before the clock starts); the peers "
            "run InboxStore's statements for it (one transaction a page, per item the lookup and "
            "the insert) on ready UTF-8 values. Rates per CPU second (user + system time of the "
            "process doing the inserts: what the machine's other load does not change) and per "
            "wall-clock second (also the waits for the disk's fsync and for a CPU). %2 rounds, "
            "each into a fresh file, the order of the sides rotating; each side's median round by "
            "CPU rate (both of its rows). Items per CPU second in each round: %3.\n")
            .arg(kPage)
            .arg(kFillRounds)
            .arg(m_fillRounds.join(QStringLiteral("; ")),
                kBatch ? QStringLiteral("a catch-up's pages after its first written up to %1 "
                                        "a transaction (InboxStore::batchPages())")
                             .arg(kBatchPages)
                       : QStringLiteral("one transaction a page (TESSERA_BENCH_CACHE_BATCH=0)"));
    text += QStringLiteral(
        "- First screen: Database::open (key, cipher pragmas, migrations checked) + the real "
        "InboxModel on an InboxStore, which loads its first page of %1 rows, the counts (all, "
        "unread, pending) and the categories; the peers open and run the same five statements. "
        "Whole cache: Database::open + InboxStore::items(); the peers run its query, reading "
        "every column. CPU time of the reading process and wall-clock time; %2 rounds, the order "
        "of the sides rotating, after an untimed first screen in each peer process (Tessera's "
        "process is warm from the fill); medians. Peers: "
        "bench-cache-sqlcipher (SQLCipher %3, keyed the same) and bench-cache-sqlite (system "
        "SQLite %4), separate processes; the files are on the same disk, warm.\n")
                .arg(InboxModel::pageSize)
                .arg(kReadRounds)
                .arg(QStringLiteral("3.4.1"), QStringLiteral("3.40"));
    std::fprintf(stdout, "\n%s\n", qPrintable(text));
    std::fflush(stdout);
    const QString reportDir = qEnvironmentVariable("TESSERA_BENCH_REPORT_DIR");
    if (!reportDir.isEmpty()) {
        QFile file(reportDir + QStringLiteral("/bench_cache.md"));
        if (file.open(QIODevice::WriteOnly | QIODevice::Truncate))
            file.write(text.toUtf8());
        else
            std::fprintf(stderr, "cannot write %s\n", qPrintable(file.fileName()));
    }
}

} // namespace tessera::bench

QTEST_GUILESS_MAIN(tessera::bench::BenchCache)
#include "bench_cache.moc"
