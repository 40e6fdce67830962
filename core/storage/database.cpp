#include "storage/database.h"

#include "base/logging.h"
#include "base/securewipe.h"
#include "storage/databaseschema.h"
#include "storage/internal/schemamigrator.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QMap>
#include <QRandomGenerator>

#include <sqlcipher/sqlite3.h>

namespace tessera {

namespace {

// The cipher settings, set explicitly after the key on every open, because SQLCipher's
// defaults differ between major versions and a file must open the same way everywhere (the
// desktop build links SQLCipher 3.4.1; phones ship SQLCipher 4, whose defaults are 4096-byte
// pages, 256000 KDF iterations and HMAC/KDF SHA-512 — a 3.x file would not open there).
// The format pinned here is SQLCipher 3's with 4096-byte pages:
// - cipher_page_size 4096: 3.x defaults to 1024, 4.x to 4096. Part of the file format.
// - cipher_use_hmac ON: per-page HMAC (tamper detection); the default everywhere, pinned.
// - cipher_hmac_algorithm HMAC_SHA1 and cipher_kdf_algorithm PBKDF2_HMAC_SHA1: what 3.x uses
//   and cannot change (3.4.1 silently ignores these two pragmas; 4.x needs them). Even with a
//   raw key the KDF algorithm matters: the HMAC key is derived from the raw key with it.
// - kdf_iter 64000: 3.x's value (4.x: 256000). Not used for a raw key (no passphrase
//   derivation), pinned so that a passphrase-keyed tool with these settings also agrees.
// - cipher_plaintext_header_size 0: 4.x only (ignored by 3.4.1); the whole file, header
//   included, stays encrypted.
// - cipher_memory_security OFF: 4.x only (3.4.1 has no such pragma and ignores it). On, it
//   locks SQLite's allocations in memory and wipes each one freed, which costs every statement
//   (4.0-4.4 had it on; 4.5 and later have it off, and once on it cannot be turned off in the
//   process). It guards against reading the app's freed heap; whoever can read the app's memory
//   reads the live key in SQLCipher's context (kept and wiped on close either way) and the
//   decrypted page cache directly, and the key's home is the platform's key store, not this heap.
// Left at their defaults, equal in every version and deprecated in 4.x: cipher (AES-256-CBC),
// fast_kdf_iter (2), cipher_hmac_pgno (le), cipher_hmac_salt_mask (0x3a).
// A SQLCipher 4 reader may equivalently use "PRAGMA cipher_compatibility = 3" and then
// "PRAGMA cipher_page_size = 4096".
constexpr const char *cipherPragmas[] = {
    "PRAGMA cipher_page_size = 4096",
    "PRAGMA cipher_use_hmac = ON",
    "PRAGMA cipher_hmac_algorithm = HMAC_SHA1",
    "PRAGMA cipher_kdf_algorithm = PBKDF2_HMAC_SHA1",
    "PRAGMA kdf_iter = 64000",
    "PRAGMA cipher_plaintext_header_size = 0",
    "PRAGMA cipher_memory_security = OFF",
};
constexpr qint64 cipherPageSize = 4096;

QString messageFor(DatabaseOutcome outcome)
{
    switch (outcome) {
    case DatabaseOutcome::Ok:
        return {};
    case DatabaseOutcome::WrongKey:
        return QStringLiteral("Tessera cannot read its local data with the key in the secure "
                              "store: the key does not match or the data is damaged. Nothing "
                              "was deleted.");
    case DatabaseOutcome::NewerSchema:
        return QStringLiteral(
            "This database was written by a newer Tessera; update the app. Nothing was deleted.");
    case DatabaseOutcome::Corrupt:
        return QStringLiteral(
            "Tessera's local data is damaged and cannot be read. Nothing was deleted.");
    case DatabaseOutcome::IoError:
        return QStringLiteral("Tessera cannot open its local data file (storage unavailable, "
                              "full or in use). Try again.");
    case DatabaseOutcome::MigrationFailed:
        return QStringLiteral("Tessera could not update its local data to this version. Nothing "
                              "was lost; try again or update the app.");
    }
    return {};
}

DatabaseOutcome outcomeForError(int code)
{
    switch (code & 0xff) {
    case SQLITE_NOTADB:
        return DatabaseOutcome::WrongKey;
    case SQLITE_CORRUPT:
        return DatabaseOutcome::Corrupt;
    default:
        return DatabaseOutcome::IoError;
    }
}

QString describe(const SqlError &error)
{
    return error.describe();
}

DatabaseOpenResult failure(
    DatabaseOutcome outcome, const QString &path, const QString &what, bool created)
{
    DatabaseOpenResult result;
    result.outcome = outcome;
    result.message = messageFor(outcome);
    result.detail = QStringLiteral("%1: %2").arg(QDir::toNativeSeparators(path), what);
    result.created = created;
    qCWarning(lcDatabase).noquote()
        << "open failed:" << outcomeName(outcome) << "-" << result.detail;
    return result;
}

// Runs a query that answers one integer; its statement is finished before this returns (a
// statement left on a row would hold a read transaction open).
bool queryInt64(Database &db, QByteArrayView sql, qint64 *value, SqlError *error)
{
    SqlStatement statement = db.prepare(sql);
    if (statement.step() != SqlStatement::Step::Row) {
        *error = statement.error();
        return false;
    }
    *value = statement.columnInt64(0);
    return true;
}

// "base 7, cards 1".
QString describeVersions(int base, const QMap<QString, int> &features)
{
    QStringList parts { QStringLiteral("%1 %2").arg(DatabaseSchema::baseFeature()).arg(base) };
    for (auto it = features.cbegin(); it != features.cend(); ++it)
        parts.append(QStringLiteral("%1 %2").arg(it.key()).arg(it.value()));
    return parts.join(QStringLiteral(", "));
}

} // namespace

QString outcomeName(DatabaseOutcome outcome)
{
    switch (outcome) {
    case DatabaseOutcome::Ok:
        return QStringLiteral("ok");
    case DatabaseOutcome::WrongKey:
        return QStringLiteral("wrong key");
    case DatabaseOutcome::NewerSchema:
        return QStringLiteral("newer schema");
    case DatabaseOutcome::Corrupt:
        return QStringLiteral("corrupt");
    case DatabaseOutcome::IoError:
        return QStringLiteral("i/o error");
    case DatabaseOutcome::MigrationFailed:
        return QStringLiteral("migration failed");
    }
    return QStringLiteral("unknown");
}

Database::Database(sqlite3 *db, QString path)
    : m_db(db)
    , m_path(std::move(path))
{ }

Database::~Database()
{
    // close_v2: if a statement outlives us, the connection closes when it is finalized.
    sqlite3_close_v2(m_db);
}

DatabaseOpenResult Database::open(const QString &path, const QByteArray &rawKey)
{
    return open(path, rawKey, DatabaseSchema::base());
}

DatabaseOpenResult Database::open(
    const QString &path, const QByteArray &rawKey, const QList<Migration> &migrations)
{
    return open(path, rawKey, DatabaseSchema().add(DatabaseSchema::baseFeature(), migrations));
}

DatabaseOpenResult Database::open(
    const QString &path, const QByteArray &rawKey, const DatabaseSchema &schema)
{
    QString invalid;
    if (!schema.validate(&invalid))
        return failure(DatabaseOutcome::MigrationFailed, path, invalid, false);
    const int knownVersion = schema.features().constFirst().latestVersion();

    if (rawKey.size() != keyBytes)
        return failure(DatabaseOutcome::WrongKey, path,
            QStringLiteral("the key has %1 bytes, %2 expected").arg(rawKey.size()).arg(keyBytes),
            false);

    const QFileInfo info(path);
    const bool created = !info.exists();
    if (created) {
        // A -wal or -shm without its database is unreadable debris of an earlier file (its
        // frames were encrypted for that file); a new file must not replay it.
        for (const QString &companion : files(path).mid(1))
            QFile::remove(companion);
        if (!QDir().mkpath(info.absolutePath()))
            return failure(DatabaseOutcome::IoError, path,
                QStringLiteral("cannot create the folder"), created);
    }

    sqlite3 *handle = nullptr;
    const int openRc = sqlite3_open_v2(
        path.toUtf8().constData(), &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
    // Owns the handle from here on, also when opening failed (SQLite still allocates one).
    std::shared_ptr<Database> db(new Database(handle, path));
    if (openRc != SQLITE_OK) {
        const SqlError error { openRc,
            QString::fromUtf8(handle ? sqlite3_errmsg(handle) : sqlite3_errstr(openRc)) };
        return failure(DatabaseOutcome::IoError, path, describe(error), created);
    }

    // The raw key as SQLCipher's blob literal x'<64 hex digits>': used as the AES key as is,
    // no passphrase derivation. Our copies are wiped; SQLCipher keeps (and wipes) its own.
    {
        QByteArray hex = rawKey.toHex();
        QByteArray keySpec = QByteArrayLiteral("x'") + hex + QByteArrayLiteral("'");
        const int keyRc = sqlite3_key(handle, keySpec.constData(), int(keySpec.size()));
        secureWipe(hex);
        secureWipe(keySpec);
        if (keyRc != SQLITE_OK)
            return failure(DatabaseOutcome::IoError, path,
                QStringLiteral("sqlite3_key failed with code %1").arg(keyRc), created);
    }
    for (const char *pragma : cipherPragmas) {
        if (!db->exec(pragma))
            return failure(DatabaseOutcome::IoError, path,
                QString::fromLatin1(pragma) + QStringLiteral(": ") + describe(db->lastError()),
                created);
    }
    SqlError error;
    qint64 pageSize = 0;
    if (!queryInt64(*db, "PRAGMA cipher_page_size", &pageSize, &error)
        || pageSize != cipherPageSize)
        return failure(DatabaseOutcome::IoError, path,
            QStringLiteral("SQLCipher did not take cipher_page_size (%1)").arg(pageSize), created);
    sqlite3_busy_timeout(handle, busyTimeoutMs);

    // The first read: PRAGMA key answers OK whatever the key; a wrong one fails here with
    // SQLITE_NOTADB. Nothing has been written to the file yet.
    qint64 objects = 0;
    if (!queryInt64(*db, "SELECT count(*) FROM sqlite_master", &objects, &error))
        return failure(outcomeForError(error.code), path, describe(error), created);

    // Refuse a newer schema before anything is written (even journal_mode writes the header).
    qint64 found = 0;
    if (!queryInt64(*db, "PRAGMA user_version", &found, &error))
        return failure(outcomeForError(error.code), path, describe(error), created);
    QMap<QString, int> features;
    if (!SchemaMigrator::readFeatureVersions(*db, &features, &error))
        return failure(outcomeForError(error.code), path, describe(error), created);
    QString newer;
    if (found > knownVersion)
        newer = QStringLiteral("user_version %1, this build knows up to %2")
                    .arg(found)
                    .arg(knownVersion);
    for (auto it = features.cbegin(); it != features.cend() && newer.isEmpty(); ++it) {
        const FeatureMigrations *known = schema.find(it.key());
        if (it.value() > (known ? known->latestVersion() : 0))
            newer = QStringLiteral("feature %1 at version %2, this build knows %3")
                        .arg(it.key())
                        .arg(it.value())
                        .arg(known ? QStringLiteral("up to %1").arg(known->latestVersion())
                                   : QStringLiteral("no such feature"));
    }
    if (!newer.isEmpty()) {
        DatabaseOpenResult result = failure(DatabaseOutcome::NewerSchema, path, newer, created);
        result.schemaVersion = int(found);
        result.featureVersions = features;
        return result;
    }

    {
        SqlStatement journal = db->prepare("PRAGMA journal_mode = WAL");
        if (journal.step() != SqlStatement::Step::Row
            || journal.columnText(0).compare(QLatin1String("wal"), Qt::CaseInsensitive) != 0) {
            const SqlError &journalError = journal.error();
            return failure(journalError.isError() ? outcomeForError(journalError.code)
                                                  : DatabaseOutcome::IoError,
                path,
                QStringLiteral("cannot switch to WAL: %1")
                    .arg(journalError.isError() ? describe(journalError) : journal.columnText(0)),
                created);
        }
    }
    // No temporary files on disk (sorts, temp tables): nothing may reach the disk unencrypted.
    if (!db->exec("PRAGMA temp_store = MEMORY"))
        return failure(DatabaseOutcome::IoError, path, describe(db->lastError()), created);
    // The page cache and the WAL's checkpoints, pinned (Database::cacheKiB and the constants
    // next to it); a catch-up sync raises the first two for a while (InboxStore).
    {
        const QByteArray settings = QByteArrayLiteral("PRAGMA cache_size = -")
            + QByteArray::number(cacheKiB) + QByteArrayLiteral("; PRAGMA wal_autocheckpoint = ")
            + QByteArray::number(walCheckpointPages)
            + QByteArrayLiteral("; PRAGMA journal_size_limit = ")
            + QByteArray::number(walSizeLimitBytes);
        if (!db->exec(settings))
            return failure(DatabaseOutcome::IoError, path, describe(db->lastError()), created);
    }

    // Migrations run with foreign keys off (SQLite's procedure for rebuilding tables; the
    // pragma is a no-op inside a transaction) and are checked with foreign_key_check before
    // their commit.
    if (!db->exec("PRAGMA foreign_keys = OFF"))
        return failure(DatabaseOutcome::IoError, path, describe(db->lastError()), created);
    if (const std::optional<SchemaMigrator::Failure> failed =
            SchemaMigrator::apply(*db, schema, int(found), &features)) {
        return failure(failed->sqliteCode ? outcomeForError(*failed->sqliteCode)
                                          : DatabaseOutcome::MigrationFailed,
            path, failed->detail, created);
    }
    if (!db->exec("PRAGMA foreign_keys = ON"))
        return failure(DatabaseOutcome::IoError, path, describe(db->lastError()), created);

    DatabaseOpenResult result;
    result.outcome = DatabaseOutcome::Ok;
    result.schemaVersion = db->schemaVersion();
    result.featureVersions = features;
    result.created = created;
    result.database = std::move(db);
    qCInfo(lcDatabase).noquote() << (created ? "created" : "opened")
                                 << QDir::toNativeSeparators(path) << "schema"
                                 << describeVersions(result.schemaVersion, features);
    return result;
}

QStringList Database::files(const QString &path)
{
    return { path, path + QStringLiteral("-wal"), path + QStringLiteral("-shm") };
}

bool Database::wipe(const QString &path, QString *error)
{
    QStringList failed;
    for (const QString &file : files(path)) {
        QFile f(file);
        if (f.exists() && !f.remove())
            failed.append(QDir::toNativeSeparators(file) + QStringLiteral(": ") + f.errorString());
    }
    if (!failed.isEmpty()) {
        qCWarning(lcDatabase).noquote() << "wipe failed:" << failed.join(QStringLiteral("; "));
        if (error)
            *error = failed.join(QStringLiteral("; "));
        return false;
    }
    qCInfo(lcDatabase).noquote() << "wiped" << QDir::toNativeSeparators(path);
    return true;
}

SqlStatement Database::prepare(QByteArrayView sql)
{
    sqlite3_stmt *statement = nullptr;
    const int rc = sqlite3_prepare_v2(m_db, sql.data(), int(sql.size()), &statement, nullptr);
    if (rc != SQLITE_OK) {
        sqlite3_finalize(statement);
        setError(rc);
        return SqlStatement(m_db, nullptr, m_lastError);
    }
    if (!statement) { // only whitespace or a comment
        m_lastError = { SQLITE_MISUSE, QStringLiteral("no SQL statement") };
        return SqlStatement(m_db, nullptr, m_lastError);
    }
    m_lastError = {};
    return SqlStatement(m_db, statement, {});
}

bool Database::exec(QByteArrayView sql)
{
    // sqlite3_exec needs a NUL-terminated string.
    const QByteArray text = sql.toByteArray();
    char *message = nullptr;
    const int rc = sqlite3_exec(m_db, text.constData(), nullptr, nullptr, &message);
    if (rc != SQLITE_OK) {
        m_lastError = { rc & 0xff,
            message ? QString::fromUtf8(message) : QString::fromUtf8(sqlite3_errstr(rc)) };
        sqlite3_free(message);
        return false;
    }
    m_lastError = {};
    return true;
}

bool Database::setError(int rc)
{
    m_lastError = { rc & 0xff, QString::fromUtf8(sqlite3_errmsg(m_db)) };
    return false;
}

qint64 Database::lastInsertRowId() const
{
    return sqlite3_last_insert_rowid(m_db);
}

int Database::changes() const
{
    return sqlite3_changes(m_db);
}

int Database::schemaVersion()
{
    qint64 version = 0;
    SqlError error;
    if (!queryInt64(*this, "PRAGMA user_version", &version, &error)) {
        m_lastError = error;
        return -1;
    }
    return int(version);
}

std::optional<qint64> Database::pragmaValue(QByteArrayView pragma)
{
    qint64 value = 0;
    SqlError error;
    if (!queryInt64(*this, pragma, &value, &error)) {
        m_lastError = error;
        return std::nullopt;
    }
    return value;
}

QByteArray Database::newKey()
{
    QByteArray key(keyBytes, Qt::Uninitialized);
    QRandomGenerator::system()->generate(reinterpret_cast<quint32 *>(key.data()),
        reinterpret_cast<quint32 *>(key.data() + key.size()));
    return key;
}

} // namespace tessera
