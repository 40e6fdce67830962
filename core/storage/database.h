#pragma once

#include "storage/migration.h"
#include "storage/sqlerror.h"
#include "storage/sqlstatement.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

struct sqlite3;

namespace tessera {

class Database;
class DatabaseSchema;

// What became of Database::open. Only Ok carries a database. None of the failures deletes or
// changes the file: what to do about it is the caller's (and the person's) decision.
enum class DatabaseOutcome {
    Ok,
    WrongKey, // the key does not open the file (SQLITE_NOTADB): wrong key, or not a database
    NewerSchema, // user_version is above what this code knows: written by a newer Tessera
    Corrupt, // the file opened with the key but SQLite reports it damaged
    IoError, // the file or its folder cannot be opened, read or written (also: busy, full)
    MigrationFailed, // a migration failed and was rolled back; the file is as it was before it
};

QString outcomeName(DatabaseOutcome outcome);

struct DatabaseOpenResult
{
    DatabaseOutcome outcome = DatabaseOutcome::IoError;
    std::shared_ptr<Database> database; // only when outcome is Ok
    QString message; // for people (no paths, no SQL)
    QString detail; // for logs: path, SQLite's code and text; never key material
    int schemaVersion = 0; // base's, user_version: after migrations (Ok) or as found (NewerSchema)
    // Every other feature's highest step (feature_migrations), after migrations or as found.
    QMap<QString, int> featureVersions;
    bool created = false; // the file did not exist before this open

    bool ok() const { return outcome == DatabaseOutcome::Ok; }
};

// One SQLCipher database file, opened with a raw 256-bit key (no passphrase key derivation),
// 4096-byte pages, WAL, foreign keys on, and the schema brought up to date by numbered
// migrations under PRAGMA user_version. The connection is closed on destruction. Not
// thread-safe: use it from one thread.
//
// Talks to SQLCipher through its C API only: the system SQLite (Qt's QSQLITE) must never be
// loaded in the same process, both export the same symbols.
class Database
{
public:
    static constexpr qsizetype keyBytes = 32;
    // A new random key of keyBytes bytes from the system's secure random source.
    static QByteArray newKey();
    static constexpr int busyTimeoutMs = 5000;
    // The page cache and WAL settings every open sets (SQLite's defaults, pinned): a page cache
    // of 2000 KiB (PRAGMA cache_size = -2000), a checkpoint when the WAL holds 1000 pages, and
    // the WAL file cut back to 4 MiB after a checkpoint has emptied it (journal_size_limit; a
    // catch-up lets the WAL grow longer, see InboxStore). None of them changes durability.
    static constexpr int cacheKiB = 2000;
    static constexpr int walCheckpointPages = 1000;
    static constexpr qint64 walSizeLimitBytes = qint64 { 4 } * 1024 * 1024;

    // Opens (or creates) the database at path and applies schema's missing steps: base's (PRAGMA
    // user_version), then each feature's in its order (feature_migrations), each step in its own
    // transaction with its record. NewerSchema, before anything is written, when base or any
    // recorded feature is at a version newer than schema knows (a feature it does not know at
    // all included).
    static DatabaseOpenResult open(
        const QString &path, const QByteArray &rawKey, const DatabaseSchema &schema);
    // Base alone (basemigrations.h), or migrations as base.
    static DatabaseOpenResult open(const QString &path, const QByteArray &rawKey);
    static DatabaseOpenResult open(
        const QString &path, const QByteArray &rawKey, const QList<Migration> &migrations);

    // Deletes the database file and its -wal and -shm files (sign-out, explicit reset). Close
    // every Database on the file first. True when none of them exists afterwards.
    static bool wipe(const QString &path, QString *error = nullptr);
    // The file and its WAL-mode companions: path, path-wal, path-shm.
    static QStringList files(const QString &path);

    ~Database();
    Database(const Database &) = delete;
    Database &operator=(const Database &) = delete;

    QString path() const { return m_path; }

    // Prepares one statement (UTF-8 SQL with ?N or :name parameters). Check isValid().
    SqlStatement prepare(QByteArrayView sql);
    // Runs SQL that takes no values (one or more statements: DDL, PRAGMA, BEGIN...).
    bool exec(QByteArrayView sql);
    // The error of the last failed exec() or prepare().
    SqlError lastError() const { return m_lastError; }

    qint64 lastInsertRowId() const;
    int changes() const; // rows changed by the last INSERT, UPDATE or DELETE
    int schemaVersion(); // PRAGMA user_version, -1 on error
    // A PRAGMA that answers one integer (e.g. "PRAGMA cache_size"); nullopt on error.
    std::optional<qint64> pragmaValue(QByteArrayView pragma);

private:
    Database(sqlite3 *db, QString path);

    bool setError(int rc);

    sqlite3 *m_db = nullptr;
    QString m_path;
    SqlError m_lastError;
};

} // namespace tessera
