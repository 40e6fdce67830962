#include "storage/basemigrations.h"

namespace tessera {

// Column names follow the wire's field names. SQLite 3.15 (SQLCipher 3.4.1): no UPSERT, no
// RENAME COLUMN, no JSON1 — JSON is stored as text and parsed in C++; a later change to a
// table rebuilds it (create new, copy, drop, rename) in its migration.
QList<Migration> baseMigrations()
{
    return {
        Migration::fromSql(1, QStringLiteral("profile and settings"),
            QByteArrayLiteral(
                // The signed-in person: exactly one row (slot 1), replaced as a whole with
                // INSERT OR REPLACE. roles is a JSON array as text; updatedAt RFC 3339 UTC.
                "CREATE TABLE profile ("
                "  slot INTEGER PRIMARY KEY NOT NULL DEFAULT 1 CHECK (slot = 1),"
                "  id TEXT NOT NULL,"
                "  kind TEXT NOT NULL CHECK (kind IN ('ad', 'local')),"
                "  employeeId TEXT,"
                "  displayName TEXT NOT NULL DEFAULT '',"
                "  email TEXT,"
                "  department TEXT,"
                "  userType TEXT NOT NULL CHECK (userType IN ('employee', 'non_employee')),"
                "  geo TEXT,"
                "  roles TEXT NOT NULL DEFAULT '[]',"
                "  updatedAt TEXT NOT NULL"
                ");"
                // Named values of the signed-in session (sync cursors, preferences that are
                // personal). value has no declared type: it keeps what was bound.
                "CREATE TABLE settings ("
                "  name TEXT PRIMARY KEY NOT NULL,"
                "  value"
                ");")),
        // The sign-in name the person typed (login answers carry it): set-password and the
        // "signed in as" line need it.
        Migration::fromSql(2, QStringLiteral("profile username"),
            QByteArrayLiteral("ALTER TABLE profile ADD COLUMN username TEXT;")),
        // The inbox cache (every field of the wire's item; JSON fields as text), what this
        // device still has to tell the server (a read mark, decisions), and the last word on a
        // decision for the person (statusText: a conflict or a refusal). The sync cursor is the
        // settings row "inbox.cursor", written in the transaction of the items it came with.
        Migration::fromSql(3, QStringLiteral("inbox and decision outbox"),
            QByteArrayLiteral(
                "CREATE TABLE inbox_items ("
                "  id TEXT PRIMARY KEY NOT NULL,"
                "  subsystem TEXT NOT NULL DEFAULT '',"
                "  title TEXT NOT NULL DEFAULT '',"
                "  body TEXT NOT NULL DEFAULT '',"
                "  category TEXT NOT NULL DEFAULT '',"
                "  priority TEXT NOT NULL DEFAULT 'normal',"
                "  createdAt TEXT NOT NULL,"
                "  expiresAt TEXT,"
                "  actionable INTEGER NOT NULL DEFAULT 0,"
                "  actions TEXT NOT NULL DEFAULT '[]',"
                "  data TEXT NOT NULL DEFAULT 'null',"
                "  state TEXT NOT NULL,"
                "  decidedBy TEXT,"
                "  decidedByName TEXT,"
                "  decidedAt TEXT,"
                "  decidedVia TEXT,"
                "  decidedAction TEXT,"
                "  version INTEGER NOT NULL DEFAULT 1,"
                "  readPending INTEGER NOT NULL DEFAULT 0,"
                "  statusText TEXT,"
                // The order items first came in (the delta is oldest change first): breaks ties
                // between items created in the same second.
                "  arrival INTEGER NOT NULL DEFAULT 0"
                ");"
                "CREATE INDEX inbox_items_newest ON inbox_items (createdAt DESC, arrival DESC);"
                // One row per decision not yet answered for good, oldest first. The key is
                // made once and kept for every retry of that decision.
                "CREATE TABLE decision_outbox ("
                "  seq INTEGER PRIMARY KEY AUTOINCREMENT,"
                "  itemId TEXT NOT NULL UNIQUE,"
                "  action TEXT NOT NULL,"
                "  comment TEXT,"
                "  version INTEGER NOT NULL,"
                "  idempotencyKey TEXT NOT NULL UNIQUE,"
                "  createdAt TEXT NOT NULL,"
                "  attempts INTEGER NOT NULL DEFAULT 0,"
                "  nextAttemptAt TEXT,"
                "  lastError TEXT"
                ");")),
        // The person's QR pass (PassHolder): the issuer-signed pass bytes exactly as the server
        // sent them (one row, slot 1, replaced as a whole), so the pass is shown offline for its
        // life. The server-clock offset for the 30-second steps is the settings row
        // "clock.serverOffsetMs".
        Migration::fromSql(4, QStringLiteral("pass"),
            QByteArrayLiteral("CREATE TABLE pass ("
                              "  slot INTEGER PRIMARY KEY NOT NULL DEFAULT 1 CHECK (slot = 1),"
                              "  signedPass BLOB NOT NULL,"
                              "  passId TEXT NOT NULL,"
                              "  issuedAt TEXT NOT NULL,"
                              "  expiresAt TEXT NOT NULL,"
                              "  receivedAt TEXT NOT NULL"
                              ");")),
        // The scanner's offline data (ScannerSync): the trust list and the check processes as
        // the server's JSON (one row, slot 1, with when they were synced by the corrected
        // clock), the revoked pass ids (the cursor is the settings row
        // "scanner.revocationCursor"), and the scan records waiting for POST /v1/scans
        // (ScanRecordQueue), each with the id the server deduplicates by.
        Migration::fromSql(5, QStringLiteral("scanner trust, revocations and scan queue"),
            QByteArrayLiteral("CREATE TABLE scanner_trust ("
                              "  slot INTEGER PRIMARY KEY NOT NULL DEFAULT 1 CHECK (slot = 1),"
                              "  trust TEXT NOT NULL,"
                              "  processes TEXT NOT NULL,"
                              "  syncedAt TEXT NOT NULL"
                              ");"
                              "CREATE TABLE revoked_passes ("
                              "  passId TEXT PRIMARY KEY NOT NULL,"
                              "  expiresAt TEXT NOT NULL"
                              ");"
                              "CREATE TABLE scan_queue ("
                              "  seq INTEGER PRIMARY KEY AUTOINCREMENT,"
                              "  id TEXT NOT NULL UNIQUE,"
                              "  passId TEXT,"
                              "  process TEXT NOT NULL,"
                              "  verdict TEXT NOT NULL,"
                              "  reason TEXT NOT NULL,"
                              "  scannedAt INTEGER NOT NULL,"
                              "  scannerDeviceId TEXT NOT NULL DEFAULT '',"
                              "  attempts INTEGER NOT NULL DEFAULT 0"
                              ");")),
        // The inbox's next arrival number (MAX(arrival) + 1 for every new item) from an index
        // instead of a read of the whole table: without it a first sync of a large inbox is
        // quadratic (docs/PERFORMANCE.md, bench_cache).
        Migration::fromSql(6, QStringLiteral("inbox arrival index"),
            QByteArrayLiteral("CREATE INDEX inbox_items_arrival ON inbox_items (arrival);")),
        // The inbox's first screen counts the unread items and lists the categories: from these
        // indexes instead of a read (and, in SQLCipher, a decryption) of the whole table
        // (docs/PERFORMANCE.md, bench_cache).
        Migration::fromSql(7, QStringLiteral("inbox state and category indexes"),
            QByteArrayLiteral("CREATE INDEX inbox_items_state ON inbox_items (state);"
                              "CREATE INDEX inbox_items_category ON inbox_items (category);")),
    };
}

} // namespace tessera
