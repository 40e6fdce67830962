// The peers of bench_cache, one program built twice: bench-cache-sqlite links the system SQLite,
// bench-cache-sqlcipher links SQLCipher and keys the file like the client does (raw 256-bit
// key, the client's cipher pragmas). Each is its own process: one process never loads both
// libraries (they export the same symbols).
//
//   bench-cache-{sqlite,sqlcipher} fill SCHEMA_FILE DB_PATH ITEMS
//   bench-cache-{sqlite,sqlcipher} open DB_PATH
//
// fill: makes DB_PATH afresh with the schema the client's migrations made (SCHEMA_FILE: one
// statement a line) and inserts ITEMS cacheItem()s the way InboxStore::applyDelta does: pages
// of cachePageSize() (500), one BEGIN IMMEDIATE transaction a page, the lookup, insert and cursor
// statements prepared once a page; per item: look the id up, insert with the next arrival number.
// Prints
// {"inserted","insertNs","insertCpuNs"} (wall-clock and CPU time).
// open: times the two reads bench_cache compares, each from the open on (after the first
// screen once untimed, to initialise the library and warm the process): the inbox model's first
// screen (open + key + pragmas, then the five statements InboxModel::reload runs through
// InboxStore, each prepared as the store prepares it: the count, the first 100 rows, unread,
// pending, categories) and the whole cache (open, then InboxStore::items()'s query, every
// column of every row read). Prints {"firstScreenNs","firstScreenCpuNs","firstRows","count",
// "wholeNs","wholeCpuNs","wholeRows"} (wall-clock and CPU time).
// TESSERA_BENCH_PEER_PRAGMAS: SQL run after every open, for experiments by hand (e.g. "PRAGMA
// cache_size = -16384; PRAGMA wal_autocheckpoint = 10000"); bench_cache never sets it. Likewise
// TESSERA_BENCH_PEER_BATCH=N (fill: N pages a transaction) and TESSERA_BENCH_PEER_KEY=hash (fill:
// a 64-bit hash key index instead of the TEXT primary key), below.
#include "cacheitems.h"
#include "inbox/internal/inboxsql.h" // the statements InboxStore prepares

#ifdef TESSERA_BENCH_SQLCIPHER
#define SQLITE_HAS_CODEC 1
#include <sqlcipher/sqlite3.h>
#else
#include <sqlite3.h>
#endif

#include <QByteArray>
#include <QElapsedTimer>
#include <QFile>
#include <QList>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>

namespace {

[[noreturn]] void fail(sqlite3 *db, const char *what)
{
    std::fprintf(stderr, "%s: %s\n", what, db ? sqlite3_errmsg(db) : "no database");
    std::exit(1);
}

void exec(sqlite3 *db, const QByteArray &sql)
{
    char *message = nullptr;
    if (sqlite3_exec(db, sql.constData(), nullptr, nullptr, &message) != SQLITE_OK) {
        std::fprintf(stderr, "%s: %s\n", sql.constData(), message ? message : "?");
        std::exit(1);
    }
}

sqlite3_stmt *prepare(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *statement = nullptr;
    if (sqlite3_prepare_v2(db, sql, -1, &statement, nullptr) != SQLITE_OK)
        fail(db, sql);
    return statement;
}

void bind(sqlite3_stmt *statement, int index, const QByteArray &text)
{
    sqlite3_bind_text(statement, index, text.constData(), int(text.size()), SQLITE_TRANSIENT);
}

sqlite3 *openDatabase(const QByteArray &path)
{
    sqlite3 *db = nullptr;
    if (sqlite3_open_v2(path.constData(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr)
        != SQLITE_OK)
        fail(db, "open");
#ifdef TESSERA_BENCH_SQLCIPHER
    // The client's key form and cipher settings (core/storage/database.cpp).
    const QByteArray key = QByteArrayLiteral("x'") + QByteArray(32, '\x5a').toHex() + '\'';
    if (sqlite3_key(db, key.constData(), int(key.size())) != SQLITE_OK)
        fail(db, "key");
    exec(db, "PRAGMA cipher_page_size = 4096");
    exec(db, "PRAGMA cipher_use_hmac = ON");
    exec(db, "PRAGMA cipher_hmac_algorithm = HMAC_SHA1");
    exec(db, "PRAGMA cipher_kdf_algorithm = PBKDF2_HMAC_SHA1");
    exec(db, "PRAGMA kdf_iter = 64000");
    exec(db, "PRAGMA cipher_plaintext_header_size = 0");
#else
    exec(db, "PRAGMA page_size = 4096");
#endif
    sqlite3_busy_timeout(db, 5000);
    exec(db, "PRAGMA journal_mode = WAL");
    exec(db, "PRAGMA temp_store = MEMORY");
    exec(db, "PRAGMA foreign_keys = ON");
    // Experiments by hand: more settings after the open (TESSERA_BENCH_PEER_PRAGMAS).
    const QByteArray extra = qgetenv("TESSERA_BENCH_PEER_PRAGMAS");
    if (!extra.isEmpty())
        exec(db, extra);
    return db;
}

// Steps through every row, reading every column as text (as InboxStore's readItem does);
// answers the rows.
qint64 readRows(sqlite3 *db, sqlite3_stmt *statement, qint64 *bytes)
{
    qint64 rows = 0;
    int rc = SQLITE_ROW;
    const int columns = sqlite3_column_count(statement);
    while ((rc = sqlite3_step(statement)) == SQLITE_ROW) {
        ++rows;
        for (int column = 0; column < columns; ++column) {
            const unsigned char *text = sqlite3_column_text(statement, column);
            *bytes += sqlite3_column_bytes(statement, column) + (text ? 1 : 0);
        }
    }
    if (rc != SQLITE_DONE)
        fail(db, "query");
    return rows;
}

qint64 countOf(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *statement = prepare(db, sql);
    if (sqlite3_step(statement) != SQLITE_ROW)
        fail(db, sql);
    const qint64 count = sqlite3_column_int64(statement, 0);
    sqlite3_finalize(statement);
    return count;
}

// CPU time of this process (user + system), ns.
qint64 cpuNs()
{
    timespec now {};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
    return qint64(now.tv_sec) * 1000000000 + now.tv_nsec;
}

int fill(const char *schemaPath, const QByteArray &path, int items)
{
    QFile schemaFile(QString::fromLocal8Bit(schemaPath));
    if (!schemaFile.open(QIODevice::ReadOnly)) {
        std::fprintf(stderr, "cannot read %s\n", schemaPath);
        return 2;
    }
    const QList<QByteArray> schema = schemaFile.readAll().split('\n');
    for (const char *suffix : { "", "-wal", "-shm" })
        QFile::remove(QString::fromLocal8Bit(path + suffix));

    // TESSERA_BENCH_PEER_KEY=hash, for experiments by hand (issue 21.3's measurement of a
    // smaller key index): inbox_items without its TEXT primary key, found by an index on a 64-bit
    // FNV-1a hash of the id (idKey) and the id; bench_cache never sets it.
    const bool hashKey = qgetenv("TESSERA_BENCH_PEER_KEY") == "hash";
    sqlite3 *db = openDatabase(path);
    exec(db, "BEGIN");
    for (QByteArray statement : schema) {
        if (statement.trimmed().isEmpty())
            continue;
        if (hashKey && statement.startsWith("CREATE TABLE inbox_items")) {
            statement.replace(
                "id TEXT PRIMARY KEY NOT NULL,", "idKey INTEGER NOT NULL, id TEXT NOT NULL,");
            exec(db, statement);
            exec(db, "CREATE INDEX inbox_items_key ON inbox_items (idKey)");
            continue;
        }
        exec(db, statement);
    }
    exec(db, "COMMIT");
    const QByteArray lookupSql = hashKey
        ? QByteArrayLiteral("SELECT readPending FROM inbox_items WHERE idKey = ?2 AND id = ?1")
        : QByteArrayLiteral(TESSERA_INBOX_LOOKUP);
    const QByteArray insertSql = hashKey ? QByteArray(TESSERA_INBOX_INSERT)
                                               .replace("(id, subsystem", "(idKey, id, subsystem")
                                               .replace("VALUES (?1,", "VALUES (?20, ?1,")
                                         : QByteArray(TESSERA_INBOX_INSERT);
    const auto keyOf = [](const QByteArray &id) {
        quint64 hash = 14695981039346656037ULL;
        for (const char c : id)
            hash = (hash ^ quint8(c)) * 1099511628211ULL;
        return qint64(hash);
    };

    const int pageSize = tessera::bench::cachePageSize();
    QElapsedTimer timer;
    timer.start();
    const qint64 cpuStart = cpuNs();
    // TESSERA_BENCH_PEER_BATCH=N: N pages a transaction (as InboxStore writes a catch-up's pages
    // after its first), for experiments by hand; bench_cache never sets it.
    const int batch = std::max(1, qEnvironmentVariableIntValue("TESSERA_BENCH_PEER_BATCH"));
    int inserted = 0;
    int pages = 0;
    while (inserted < items) {
        if (pages % batch == 0)
            exec(db, "BEGIN IMMEDIATE");
        // The statements of InboxStore::applyDelta / writeItem for a new item, once a page.
        sqlite3_stmt *lookup = prepare(db, lookupSql.constData());
        sqlite3_stmt *insert = prepare(db, insertSql.constData());
        const int end = std::min(items, inserted + pageSize);
        for (int i = inserted; i < end; ++i) {
            const tessera::bench::CacheItem item = tessera::bench::cacheItem(i);
            sqlite3_reset(lookup);
            sqlite3_clear_bindings(lookup);
            bind(lookup, 1, item.id);
            if (hashKey)
                sqlite3_bind_int64(lookup, 2, keyOf(item.id));
            const int found = sqlite3_step(lookup);
            if (found != SQLITE_DONE && found != SQLITE_ROW)
                fail(db, "lookup");
            sqlite3_reset(lookup);
            bind(insert, 1, item.id);
            bind(insert, 2, item.subsystem);
            bind(insert, 3, item.title);
            bind(insert, 4, item.body);
            bind(insert, 5, item.category);
            bind(insert, 6, item.priority);
            bind(insert, 7, item.createdAt);
            sqlite3_bind_null(insert, 8);
            sqlite3_bind_int(insert, 9, 1);
            bind(insert, 10, item.actions);
            bind(insert, 11, item.data);
            bind(insert, 12, item.state);
            for (int column = 13; column <= 17; ++column)
                sqlite3_bind_null(insert, column);
            sqlite3_bind_int64(insert, 18, 1);
            sqlite3_bind_int(insert, 19, 0);
            if (hashKey)
                sqlite3_bind_int64(insert, 20, keyOf(item.id));
            if (sqlite3_step(insert) != SQLITE_DONE)
                fail(db, "insert");
            sqlite3_reset(insert);
            sqlite3_clear_bindings(insert);
        }
        sqlite3_finalize(lookup);
        sqlite3_finalize(insert);
        sqlite3_stmt *cursor = prepare(db, TESSERA_SETTING_PUT);
        bind(cursor, 1, QByteArrayLiteral("inbox.cursor"));
        bind(cursor, 2, QByteArray::number(end));
        if (sqlite3_step(cursor) != SQLITE_DONE)
            fail(db, "cursor");
        sqlite3_finalize(cursor);
        inserted = end;
        if (++pages % batch == 0 || inserted >= items)
            exec(db, "COMMIT");
    }
    const qint64 insertNs = timer.nsecsElapsed();
    const qint64 insertCpuNs = cpuNs() - cpuStart;
    sqlite3_close(db);
    std::printf("{\"inserted\":%d,\"insertNs\":%lld,\"insertCpuNs\":%lld}\n", inserted,
        static_cast<long long>(insertNs), static_cast<long long>(insertCpuNs));
    return 0;
}

int readBack(const QByteArray &path)
{
    qint64 bytes = 0;
    // The first screen: InboxModel::reload() through InboxStore (itemCount, items(filter, 100),
    // unreadCount, pendingItemCount, categories), in that order. Run once untimed first, so that
    // the library is initialised (SQLCipher: OpenSSL) and the process warm, as bench_cache's own
    // process is when it times Tessera.
    qint64 count = 0;
    qint64 firstRows = 0;
    qint64 unread = 0;
    qint64 pending = 0;
    qint64 categoryCount = 0;
    const auto firstScreen = [&] {
        sqlite3 *db = openDatabase(path);
        count = countOf(db, TESSERA_INBOX_COUNT_ALL);
        sqlite3_stmt *page = prepare(db, TESSERA_INBOX_SELECT_ITEMS TESSERA_INBOX_PAGE);
        sqlite3_bind_int64(page, 2, 100);
        sqlite3_bind_int64(page, 3, 0);
        firstRows = readRows(db, page, &bytes);
        sqlite3_finalize(page);
        unread = countOf(db, TESSERA_INBOX_COUNT_UNREAD);
        pending = countOf(db, TESSERA_INBOX_COUNT_PENDING);
        sqlite3_stmt *categories = prepare(db, TESSERA_INBOX_CATEGORIES);
        categoryCount = readRows(db, categories, &bytes);
        sqlite3_finalize(categories);
        return db;
    };
    sqlite3_close(firstScreen());
    QElapsedTimer timer;
    timer.start();
    qint64 cpuStart = cpuNs();
    sqlite3 *db = firstScreen();
    const qint64 firstScreenNs = timer.nsecsElapsed();
    const qint64 firstScreenCpuNs = cpuNs() - cpuStart;
    sqlite3_close(db);
    if (unread != count || pending != 0 || categoryCount != 1) {
        std::fprintf(stderr, "unexpected counts: %lld unread, %lld pending, %lld categories\n",
            static_cast<long long>(unread), static_cast<long long>(pending),
            static_cast<long long>(categoryCount));
        return 1;
    }

    // The whole cache: InboxStore::items() (tessera-cli inbox).
    timer.restart();
    cpuStart = cpuNs();
    db = openDatabase(path);
    sqlite3_stmt *all = prepare(db, TESSERA_INBOX_SELECT_ITEMS TESSERA_INBOX_ORDER);
    const qint64 wholeRows = readRows(db, all, &bytes);
    sqlite3_finalize(all);
    const qint64 wholeNs = timer.nsecsElapsed();
    const qint64 wholeCpuNs = cpuNs() - cpuStart;
    sqlite3_close(db);
    std::printf("{\"firstScreenNs\":%lld,\"firstScreenCpuNs\":%lld,\"firstRows\":%lld,"
                "\"count\":%lld,\"wholeNs\":%lld,\"wholeCpuNs\":%lld,\"wholeRows\":%lld,"
                "\"bytes\":%lld}\n",
        static_cast<long long>(firstScreenNs), static_cast<long long>(firstScreenCpuNs),
        static_cast<long long>(firstRows), static_cast<long long>(count),
        static_cast<long long>(wholeNs), static_cast<long long>(wholeCpuNs),
        static_cast<long long>(wholeRows), static_cast<long long>(bytes));
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    const QByteArray mode = argc > 1 ? QByteArray(argv[1]) : QByteArray();
    if (mode == "fill" && argc == 5)
        return fill(argv[2], QByteArray(argv[3]), QByteArray(argv[4]).toInt());
    if (mode == "open" && argc == 3)
        return readBack(QByteArray(argv[2]));
    std::fprintf(stderr, "usage: %s fill SCHEMA_FILE DB_PATH ITEMS | open DB_PATH\n", argv[0]);
    return 2;
}
