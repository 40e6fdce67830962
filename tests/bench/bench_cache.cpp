// bench_cache: the client's encrypted inbox cache against plain SQLite (issue 6, 2). A delta
// sync of 10,000 and of 100,000 notifications into a fresh cache, and then opening it and the
// inbox model's first query, on three sides:
//   - Tessera: Database::open (SQLCipher, the client's migrations) + InboxStore::applyDelta, 500
//     items a page (the server's largest page), in this process;
//   - the same SQL statements on SQLCipher, keyed the same way (bench-cache-sqlcipher);
//   - the same SQL statements on the system's plain SQLite (bench-cache-sqlite).
// The peers are programs of their own: one process never loads both SQLite and SQLCipher (they
// export the same symbols). All three make the same schema (dumped from the client's database),
// insert the same items (cacheitems.h) and run the same query. Each side runs twice: with the
// schema as shipped, and with an index on inbox_items(arrival) added, since the insert's
// "SELECT MAX(arrival)" reads the whole table without one. An insert that runs longer than the
// time limit stops after the page it is in and reports its rate so far; the peers then insert
// as many items as Tessera did, so the rates compare the same table sizes.
// Nothing asserts a time: the benchmark fails only when something does not work.
//
// TESSERA_BENCH_REPORT_DIR=DIR also writes the table to DIR/bench_cache.md.
#include "cacheitems.h"
#include "database.h"
#include "inboxitem.h"
#include "inboxstore.h"
#include "sqlstatement.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <cstdio>

namespace tessera::bench {

namespace {

constexpr int kPage = 500;
constexpr qint64 kInsertTimeLimitMs = 40000;
const QByteArray kArrivalIndex =
    QByteArrayLiteral("CREATE INDEX bench_inbox_items_arrival ON inbox_items (arrival)");

struct Run
{
    qint64 inserted = 0;
    qint64 insertNs = 0;
    qint64 openQueryNs = 0;
    qint64 rows = 0;
    double rate() const { return insertNs > 0 ? double(inserted) * 1e9 / double(insertNs) : 0; }
};

InboxItem toInboxItem(const CacheItem &item)
{
    InboxItem inbox;
    inbox.id = QString::fromLatin1(item.id);
    inbox.subsystem = QString::fromUtf8(item.subsystem);
    inbox.title = QString::fromUtf8(item.title);
    inbox.body = QString::fromUtf8(item.body);
    inbox.category = QString::fromUtf8(item.category);
    inbox.priority = QString::fromUtf8(item.priority);
    inbox.createdAt = QDateTime::fromString(QString::fromLatin1(item.createdAt), Qt::ISODate);
    inbox.actionable = true;
    inbox.actions = QJsonDocument::fromJson(item.actions).array();
    inbox.data = QJsonDocument::fromJson(item.data).object();
    inbox.state = QString::fromLatin1(item.state);
    inbox.version = 1;
    return inbox;
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
    std::optional<Run> runTessera(int items, bool arrivalIndex, qint64 timeLimitMs);
    std::optional<Run> runPeer(const QString &program, int items, bool arrivalIndex);

    QTemporaryDir m_dir;
    QByteArray m_key = QByteArray(Database::keyBytes, '\x5a');
    QString m_schemaFile;
    QString m_schemaWithIndexFile;
    QStringList m_rows;
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
    m_schemaWithIndexFile = m_dir.filePath(QStringLiteral("schema-index.sql"));
    for (const auto &[path, text] : { std::pair { m_schemaFile, schema },
             std::pair { m_schemaWithIndexFile, QByteArray(schema + kArrivalIndex + '\n') } }) {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(text);
    }
}

std::optional<Run> BenchCache::runTessera(int items, bool arrivalIndex, qint64 timeLimitMs)
{
    const QString path = m_dir.filePath(QStringLiteral("tessera.db"));
    Database::wipe(path);
    Run run;
    {
        DatabaseOpenResult opened = Database::open(path, m_key);
        if (!opened.ok()) {
            QTest::qFail(qPrintable(opened.detail), __FILE__, __LINE__);
            return std::nullopt;
        }
        if (arrivalIndex && !opened.database->exec(kArrivalIndex)) {
            QTest::qFail(qPrintable(opened.database->lastError().message), __FILE__, __LINE__);
            return std::nullopt;
        }
        InboxStore store(opened.database);
        // The pages are made before the clock starts: parsing the wire is not the cache's work.
        QElapsedTimer timer;
        qint64 busyNs = 0;
        for (int first = 0; first < items; first += kPage) {
            QList<InboxItem> page;
            for (int i = first; i < std::min(items, first + kPage); ++i)
                page.append(toInboxItem(cacheItem(i)));
            timer.start();
            const bool ok = store.applyDelta(page, QString::number(first + page.size()));
            busyNs += timer.nsecsElapsed();
            if (!ok) {
                QTest::qFail("applyDelta failed", __FILE__, __LINE__);
                return std::nullopt;
            }
            run.inserted += page.size();
            if (timeLimitMs > 0 && busyNs > timeLimitMs * 1000000)
                break;
        }
        run.insertNs = busyNs;
    }
    QElapsedTimer timer;
    timer.start();
    DatabaseOpenResult opened = Database::open(path, m_key);
    if (!opened.ok()) {
        QTest::qFail(qPrintable(opened.detail), __FILE__, __LINE__);
        return std::nullopt;
    }
    InboxStore store(opened.database);
    run.rows = store.items().size();
    run.openQueryNs = timer.nsecsElapsed();
    return run;
}

std::optional<Run> BenchCache::runPeer(const QString &program, int items, bool arrivalIndex)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::SeparateChannels);
    process.start(program,
        { arrivalIndex ? m_schemaWithIndexFile : m_schemaFile,
            m_dir.filePath(QStringLiteral("peer.db")), QString::number(items) });
    if (!process.waitForFinished(30 * 60 * 1000) || process.exitStatus() != QProcess::NormalExit
        || process.exitCode() != 0) {
        QTest::qFail(qPrintable(program + QStringLiteral(" failed: ")
                         + QString::fromUtf8(process.readAllStandardError())),
            __FILE__, __LINE__);
        return std::nullopt;
    }
    const QJsonObject answer = QJsonDocument::fromJson(process.readAllStandardOutput()).object();
    Run run;
    run.inserted = answer.value(QStringLiteral("inserted")).toInteger();
    run.insertNs = answer.value(QStringLiteral("insertNs")).toInteger();
    run.openQueryNs = answer.value(QStringLiteral("openQueryNs")).toInteger();
    run.rows = answer.value(QStringLiteral("rows")).toInteger();
    if (run.inserted != items || run.rows != items) {
        QTest::qFail(qPrintable(program
                         + QStringLiteral(" inserted %1 and read %2 of %3 items")
                               .arg(run.inserted)
                               .arg(run.rows)
                               .arg(items)),
            __FILE__, __LINE__);
        return std::nullopt;
    }
    return run;
}

void BenchCache::deltaSync_data()
{
    QTest::addColumn<int>("items");
    QTest::addColumn<bool>("arrivalIndex");
    QTest::newRow("10,000, schema as shipped") << 10000 << false;
    QTest::newRow("10,000, + index on arrival") << 10000 << true;
    QTest::newRow("100,000, schema as shipped") << 100000 << false;
    QTest::newRow("100,000, + index on arrival") << 100000 << true;
}

void BenchCache::deltaSync()
{
    QFETCH(int, items);
    QFETCH(bool, arrivalIndex);
    const auto tessera = runTessera(items, arrivalIndex, kInsertTimeLimitMs);
    QVERIFY(tessera);
    QCOMPARE(tessera->rows, tessera->inserted);
    const int count = int(tessera->inserted); // the peers insert as many as Tessera did
    const auto cipher = runPeer(QStringLiteral(TESSERA_BENCH_CACHE_SQLCIPHER), count, arrivalIndex);
    QVERIFY(cipher);
    const auto plain = runPeer(QStringLiteral(TESSERA_BENCH_CACHE_SQLITE), count, arrivalIndex);
    QVERIFY(plain);

    const QString label = QString::fromUtf8(QTest::currentDataTag());
    const double insertRatio = tessera->rate() / plain->rate();
    const double openRatio = double(tessera->openQueryNs) / double(plain->openQueryNs);
    const QString stopped = count < items
        ? QStringLiteral(" (stopped after %1 items at the %2 s limit)")
              .arg(number(count))
              .arg(kInsertTimeLimitMs / 1000)
        : QString();
    m_rows.append(
        QStringLiteral("| %1: delta sync, items/s%2 | %3 | %4 | %5 | **%6×** | ≥ 0.75×: %7 |")
            .arg(label, stopped, number(tessera->rate()), number(cipher->rate()),
                number(plain->rate()), QLocale::c().toString(insertRatio, 'f', 2),
                insertRatio >= 0.75 ? QStringLiteral("met") : QStringLiteral("**missed**")));
    m_rows.append(QStringLiteral(
        "| %1: open + first query (%2 rows), ms | %3 | %4 | %5 | **%6×** | ≤ 2.5×: %7 |")
                      .arg(label, number(count), number(double(tessera->openQueryNs) / 1e6, 1),
                          number(double(cipher->openQueryNs) / 1e6, 1),
                          number(double(plain->openQueryNs) / 1e6, 1),
                          QLocale::c().toString(openRatio, 'f', 2),
                          openRatio <= 2.5 ? QStringLiteral("met") : QStringLiteral("**missed**")));
    std::fprintf(
        stdout, "%s\n%s\n", qPrintable(m_rows.at(m_rows.size() - 2)), qPrintable(m_rows.last()));
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
    text += QStringLiteral(
        "\n- Tessera: Database::open + InboxStore::applyDelta, %1 items a page, in this process "
        "(items made into InboxItems before the clock starts); open + first query: "
        "Database::open (key, cipher pragmas, migrations checked) + InboxStore::items(), which "
        "the inbox model loads whole. Peers: bench-cache-sqlcipher (SQLCipher %2, keyed the "
        "same) and bench-cache-sqlite (system SQLite %3), separate processes, the same schema, "
        "items and statements (InboxStore's, prepared once), the same query.\n")
                .arg(kPage)
                .arg(QStringLiteral("3.4.1"), QStringLiteral("3.40"));
    text += QStringLiteral(
        "- \"+ index on arrival\" adds `CREATE INDEX … ON inbox_items (arrival)` on every side "
        "(not in the shipped schema): InboxStore's insert takes `SELECT COALESCE(MAX(arrival), "
        "0) + 1 FROM inbox_items`, which without it reads the whole table for every item. Runs "
        "once per side, in the order Tessera, SQLCipher, plain; the files are on the same "
        "disk, warm.\n");
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
