#pragma once

#include "storage/migrationregistry.h"

#include <QMap>
#include <QMutex>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>

#include <chrono>
#include <memory>
#include <optional>
#include <unordered_map>

class QThread;

namespace tessera::server {

// The server's database: SQLite (a file in the data folder) or PostgreSQL, through QtSql.
// Each thread that asks gets its own connection to the same database.
class Storage
{
public:
    enum class Kind { Sqlite, Postgresql };

    ~Storage();
    Storage(const Storage &) = delete;
    Storage &operator=(const Storage &) = delete;

    // database: "sqlite" (dataDir/tessera.db), "sqlite:FILE", or
    // "postgresql://user[:pw]@host[:port]/db". Opens and checks the connection; does not migrate.
    static std::unique_ptr<Storage> open(
        const QString &database, const QString &dataDir, QString *error);

    Kind kind() const { return m_kind; }
    QString kindName() const; // "sqlite" | "postgresql", as /v1/health says it
    // A display form without the password, for logs.
    QString description() const { return m_description; }

    // The calling thread's connection (opened on first use).
    QSqlDatabase connection() const;
    // Closes the calling thread's connection: for a thread of its own that ends before the
    // server (the pool's threads keep theirs).
    void closeThreadConnection() const;
    // SELECT 1 on the calling thread's connection, with the statement prepared once per
    // connection (GET /v1/health runs it for every probe); when that fails, once more on a
    // connection opened again (a database restarted since leaves the old one dead).
    bool ping() const;

    // SQLite: the WAL is copied back into the database by checkpoint(), which the server runs
    // off the request path (every checkpointInterval, on the pool), not by the request whose
    // commit crosses SQLite's threshold (that one waited for the copy and its fsync: the write
    // requests' p99, docs/PERFORMANCE.md bench_push). Should the background checkpoints stall,
    // a commit still checkpoints once the WAL holds walSafetyPages. PostgreSQL: nothing to do.
    static constexpr int walSafetyPages = 10000; // ~40 MiB of 4 KiB pages
    static constexpr std::chrono::milliseconds checkpointInterval { 1000 };
    // PRAGMA wal_checkpoint(PASSIVE) on the calling thread's connection: copies what it can
    // without waiting for readers or writers. true when nothing failed (or nothing to do).
    bool checkpoint() const;

    // Applies each feature's migrations newer than the database's version of that feature, base
    // first, then the features in the registry's order; each step in its own transaction with
    // its record (base: schema_migrations, the others: feature_migrations). PostgreSQL: under an
    // advisory lock, so that several nodes starting together migrate once. Refuses, before
    // changing anything, a database where any feature's version is newer than this server knows
    // (a feature it does not know at all included): it never downgrades. A step's code
    // (Migration::code) runs with context.
    bool migrate(
        const MigrationRegistry &registry, QString *error, const MigrationContext &context = {});
    // The feature's highest applied migration; 0 when none; nullopt when it cannot be read (no
    // record tables yet).
    std::optional<int> schemaVersion(
        const QString &feature = MigrationRegistry::baseFeature()) const;
    // Every recorded feature's highest applied migration (base included when it has any).
    std::optional<QMap<QString, int>> schemaVersions() const;
    // "base 17, cards 1": the registry's features in its order, then any other recorded one.
    QString schemaDescription(const MigrationRegistry &registry) const;

    QString translate(const QString &statement) const; // fills the dialect placeholders

private:
    Storage() = default;
    bool applyMigration(const QString &feature, const Migration &migration,
        const MigrationContext &context, QString *error);

    QString threadConnectionName() const;
    QSqlQuery *pingStatement() const; // the calling thread's, prepared; null when closed
    void dropPingStatement() const;

    Kind m_kind = Kind::Sqlite;
    QString m_connectionPrefix;
    QString m_description;
    QSqlDatabase m_template; // never opened: the settings each thread's connection clones
    mutable QMutex m_pingMutex;
    // Each thread's prepared ping; an entry is only ever used by its own thread.
    mutable std::unordered_map<const QThread *, std::unique_ptr<QSqlQuery>> m_pings;
};

} // namespace tessera::server
