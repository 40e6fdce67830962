// The peers of bench_cache, one program built twice: bench-cache-sqlite links the system SQLite,
// bench-cache-sqlcipher links SQLCipher and keys the file like the client does (raw 256-bit
// key, the client's cipher pragmas). Each is its own process: one process never loads both
// libraries (they export the same symbols).
//
//   bench-cache-{sqlite,sqlcipher} SCHEMA_FILE DB_PATH ITEMS [TIME_LIMIT_MS]
//
// Makes DB_PATH afresh with the schema the client's migrations made (SCHEMA_FILE: one statement
// a line), inserts ITEMS cacheItem()s in pages of 500 with the statements InboxStore uses for a
// delta (per item: look the id up, insert with the next arrival number; per page: the cursor; one
// transaction a page), prepared once and reused, stopping early after TIME_LIMIT_MS; closes; then
// times open (+ key and pragmas) and the inbox model's query (every item, newest first, every
// column read). Prints one JSON line: {"inserted","insertNs","openQueryNs","rows"}.
#include "cacheitems.h"

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

#include <cstdio>
#include <cstdlib>

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
    // The client's key form and cipher settings (core/src/database.cpp).
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
    return db;
}

} // namespace

int main(int argc, char **argv)
{
    if (argc < 4) {
        std::fprintf(stderr, "usage: %s SCHEMA_FILE DB_PATH ITEMS [TIME_LIMIT_MS]\n", argv[0]);
        return 2;
    }
    QFile schemaFile(QString::fromLocal8Bit(argv[1]));
    if (!schemaFile.open(QIODevice::ReadOnly)) {
        std::fprintf(stderr, "cannot read %s\n", argv[1]);
        return 2;
    }
    const QList<QByteArray> schema = schemaFile.readAll().split('\n');
    const QByteArray path(argv[2]);
    const int items = QByteArray(argv[3]).toInt();
    const qint64 timeLimitNs = argc > 4 ? QByteArray(argv[4]).toLongLong() * 1000000 : 0;
    for (const char *suffix : { "", "-wal", "-shm" })
        QFile::remove(QString::fromLocal8Bit(path + suffix));

    sqlite3 *db = openDatabase(path);
    exec(db, "BEGIN");
    for (const QByteArray &statement : schema) {
        if (!statement.trimmed().isEmpty())
            exec(db, statement);
    }
    exec(db, "COMMIT");

    // The statements of InboxStore::applyDelta / writeItem for a new item.
    sqlite3_stmt *lookup = prepare(db, "SELECT readPending FROM inbox_items WHERE id = ?1");
    sqlite3_stmt *insert = prepare(db,
        "INSERT INTO inbox_items (id, subsystem, title, body, category, priority,"
        " createdAt, expiresAt, actionable, actions, data, state, decidedBy, decidedByName,"
        " decidedAt, decidedVia, decidedAction, version, readPending, arrival)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,"
        " ?17, ?18, ?19, (SELECT COALESCE(MAX(arrival), 0) + 1 FROM inbox_items))");
    sqlite3_stmt *cursor =
        prepare(db, "INSERT OR REPLACE INTO settings (name, value) VALUES (?1, ?2)");
    constexpr int pageSize = 500;
    QElapsedTimer timer;
    timer.start();
    int inserted = 0;
    while (inserted < items && !(timeLimitNs > 0 && timer.nsecsElapsed() > timeLimitNs)) {
        exec(db, "BEGIN");
        const int end = std::min(items, inserted + pageSize);
        for (int i = inserted; i < end; ++i) {
            const tessera::bench::CacheItem item = tessera::bench::cacheItem(i);
            sqlite3_reset(lookup);
            bind(lookup, 1, item.id);
            const int found = sqlite3_step(lookup);
            if (found != SQLITE_DONE && found != SQLITE_ROW)
                fail(db, "lookup");
            sqlite3_reset(insert);
            sqlite3_clear_bindings(insert);
            bind(insert, 1, item.id);
            bind(insert, 2, item.subsystem);
            bind(insert, 3, item.title);
            bind(insert, 4, item.body);
            bind(insert, 5, item.category);
            bind(insert, 6, item.priority);
            bind(insert, 7, item.createdAt);
            sqlite3_bind_int(insert, 9, 1);
            bind(insert, 10, item.actions);
            bind(insert, 11, item.data);
            bind(insert, 12, item.state);
            sqlite3_bind_int64(insert, 18, 1);
            sqlite3_bind_int(insert, 19, 0);
            if (sqlite3_step(insert) != SQLITE_DONE)
                fail(db, "insert");
        }
        sqlite3_reset(cursor);
        bind(cursor, 1, QByteArrayLiteral("inbox.cursor"));
        bind(cursor, 2, QByteArray::number(end));
        if (sqlite3_step(cursor) != SQLITE_DONE)
            fail(db, "cursor");
        exec(db, "COMMIT");
        inserted = end;
    }
    const qint64 insertNs = timer.nsecsElapsed();
    sqlite3_finalize(lookup);
    sqlite3_finalize(insert);
    sqlite3_finalize(cursor);
    sqlite3_close(db);

    // Open + the inbox model's first query (InboxStore::items()).
    timer.restart();
    db = openDatabase(path);
    sqlite3_stmt *all = prepare(db,
        "SELECT i.id, i.subsystem, i.title, i.body, i.category, i.priority, i.createdAt,"
        " i.expiresAt, i.actionable, i.actions, i.data, i.state, i.decidedBy, i.decidedByName,"
        " i.decidedAt, i.decidedVia, i.decidedAction, i.version, i.readPending, i.statusText,"
        " o.action FROM inbox_items i LEFT JOIN decision_outbox o ON o.itemId = i.id"
        " ORDER BY i.createdAt DESC, i.arrival DESC");
    qint64 rows = 0;
    qint64 bytes = 0;
    int rc = SQLITE_ROW;
    while ((rc = sqlite3_step(all)) == SQLITE_ROW) {
        ++rows;
        for (int column = 0; column < 21; ++column)
            bytes += sqlite3_column_bytes(all, column) + (sqlite3_column_text(all, column) ? 1 : 0);
    }
    if (rc != SQLITE_DONE)
        fail(db, "query");
    const qint64 openQueryNs = timer.nsecsElapsed();
    sqlite3_finalize(all);
    sqlite3_close(db);
    std::printf("{\"inserted\":%d,\"insertNs\":%lld,\"openQueryNs\":%lld,\"rows\":%lld,"
                "\"bytes\":%lld}\n",
        inserted, static_cast<long long>(insertNs), static_cast<long long>(openQueryNs),
        static_cast<long long>(rows), static_cast<long long>(bytes));
    return 0;
}
