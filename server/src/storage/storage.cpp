#include "storage/storage.h"

#include "base/serverlogging.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>
#include <QUrl>
#include <QUrlQuery>
#include <QUuid>

namespace tessera::server {

namespace {

// Advisory lock id that serialises migrations of several server nodes on one PostgreSQL database.
constexpr qint64 migrationLockId = 0x7465737365726131; // "tessera1"

QString sqlError(const QSqlError &error)
{
    // Driver text only: the caller decides whether it may be shown (never to API clients).
    return error.text().trimmed();
}

// The database file holds people's data, token hashes and sealed secrets: readable by the
// server's user only (0600). Made so before SQLite opens it (an empty file is an empty database);
// SQLite gives the -wal and -shm files it makes the database file's mode, and files left from
// before with wider modes are narrowed.
bool makePrivate(const QString &file, QString *error)
{
    constexpr QFileDevice::Permissions owner = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
    if (!QFileInfo::exists(file)) {
        QFile create(file);
        if (!create.open(QIODevice::WriteOnly | QIODevice::NewOnly, owner)) {
            *error = QStringLiteral("cannot create %1: %2").arg(file, create.errorString());
            return false;
        }
    }
    for (const QString &suffix : { QString(), QStringLiteral("-wal"), QStringLiteral("-shm") }) {
        const QString path = file + suffix;
        if (QFileInfo::exists(path) && !QFile::setPermissions(path, owner)) {
            *error = QStringLiteral("cannot make %1 readable by its owner only").arg(path);
            return false;
        }
    }
    return true;
}

bool exec(QSqlQuery &query, const QString &statement, QString *error)
{
    if (query.exec(statement))
        return true;
    *error = sqlError(query.lastError());
    return false;
}

} // namespace

Storage::~Storage()
{
    {
        // The pool's threads are done by now; their statements go before their connections.
        QMutexLocker lock(&m_pingMutex);
        m_pings.clear();
    }
    const QString prefix = m_connectionPrefix;
    m_template = QSqlDatabase();
    for (const QString &name : QSqlDatabase::connectionNames()) {
        if (name.startsWith(prefix)) {
            // Connections of the worker threads belong to them; only the calling thread's own
            // may be closed here. removeDatabase releases the others' drivers.
            if (name.endsWith(
                    QString::number(reinterpret_cast<quintptr>(QThread::currentThread()), 16))) {
                QSqlDatabase db = QSqlDatabase::database(name, false);
                db.close();
            }
            QSqlDatabase::removeDatabase(name);
        }
    }
}

std::unique_ptr<Storage> Storage::open(
    const QString &database, const QString &dataDir, QString *error)
{
    std::unique_ptr<Storage> storage(new Storage);
    storage->m_connectionPrefix =
        QStringLiteral("tessera-%1-").arg(QUuid::createUuid().toString(QUuid::Id128));
    const QString templateName = storage->m_connectionPrefix + QStringLiteral("template");

    if (database == QLatin1String("sqlite") || database.startsWith(QLatin1String("sqlite:"))) {
        storage->m_kind = Kind::Sqlite;
        QString file = database == QLatin1String("sqlite")
            ? QDir(dataDir).filePath(QStringLiteral("tessera.db"))
            : database.mid(static_cast<qsizetype>(7));
        if (!QDir().mkpath(QFileInfo(file).absolutePath())) {
            *error = QStringLiteral("cannot create the folder for %1").arg(file);
            return nullptr;
        }
        if (!makePrivate(file, error))
            return nullptr;
        storage->m_template = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), templateName);
        storage->m_template.setDatabaseName(file);
        storage->m_template.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=10000"));
        storage->m_description = QStringLiteral("SQLite %1").arg(file);
    } else {
        const QUrl url(database, QUrl::StrictMode);
        const QString scheme = url.scheme();
        if (!url.isValid()
            || (scheme != QLatin1String("postgresql") && scheme != QLatin1String("postgres"))
            || url.host().isEmpty() || url.path().size() < 2) {
            *error = QStringLiteral("the database URL is not postgresql://user@host[:port]/name");
            return nullptr;
        }
        storage->m_kind = Kind::Postgresql;
        storage->m_template = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), templateName);
        storage->m_template.setHostName(url.host());
        storage->m_template.setPort(url.port(5432));
        storage->m_template.setUserName(url.userName());
        storage->m_template.setPassword(url.password());
        storage->m_template.setDatabaseName(url.path().mid(1));
        QStringList options;
        const QUrlQuery query(url);
        for (const auto &[key, value] : query.queryItems(QUrl::FullyDecoded))
            options.append(key + QLatin1Char('=') + value);
        options.append(QStringLiteral("connect_timeout=10"));
        storage->m_template.setConnectOptions(options.join(QLatin1Char(';')));
        storage->m_description = QStringLiteral("PostgreSQL %1@%2:%3/%4")
                                     .arg(url.userName(), url.host())
                                     .arg(url.port(5432))
                                     .arg(url.path().mid(1));
    }
    if (!storage->m_template.isValid()) {
        *error =
            QStringLiteral("the Qt SQL driver for %1 is not installed").arg(storage->kindName());
        return nullptr;
    }
    QSqlDatabase db = storage->connection();
    if (!db.isOpen()) {
        *error = QStringLiteral("cannot open %1: %2")
                     .arg(storage->m_description, sqlError(db.lastError()));
        return nullptr;
    }
    return storage;
}

QString Storage::kindName() const
{
    return m_kind == Kind::Sqlite ? QStringLiteral("sqlite") : QStringLiteral("postgresql");
}

QString Storage::threadConnectionName() const
{
    return m_connectionPrefix
        + QString::number(reinterpret_cast<quintptr>(QThread::currentThread()), 16);
}

QSqlDatabase Storage::connection() const
{
    const QString name = threadConnectionName();
    if (QSqlDatabase::contains(name))
        return QSqlDatabase::database(name);
    QSqlDatabase db = QSqlDatabase::cloneDatabase(m_template, name);
    if (db.open() && m_kind == Kind::Sqlite) {
        QSqlQuery pragma(db);
        pragma.exec(QStringLiteral("PRAGMA journal_mode = WAL"));
        pragma.exec(QStringLiteral("PRAGMA foreign_keys = ON"));
        pragma.exec(QStringLiteral("PRAGMA synchronous = NORMAL"));
        pragma.exec(QStringLiteral("PRAGMA wal_autocheckpoint = %1").arg(walSafetyPages));
    }
    return db;
}

bool Storage::checkpoint() const
{
    if (m_kind != Kind::Sqlite)
        return true;
    QSqlQuery query(connection());
    if (!query.exec(QStringLiteral("PRAGMA wal_checkpoint(PASSIVE)"))) {
        qCWarning(lcStorage) << "WAL checkpoint failed:" << query.lastError().text();
        return false;
    }
    return true;
}

void Storage::closeThreadConnection() const
{
    dropPingStatement();
    const QString name = threadConnectionName();
    if (!QSqlDatabase::contains(name))
        return;
    {
        QSqlDatabase db = QSqlDatabase::database(name, false);
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
}

QSqlQuery *Storage::pingStatement() const
{
    const QThread *const thread = QThread::currentThread();
    {
        QMutexLocker lock(&m_pingMutex);
        const auto found = m_pings.find(thread);
        if (found != m_pings.end())
            return found->second.get();
    }
    QSqlDatabase db = connection();
    if (!db.isOpen() && !db.open())
        return nullptr;
    auto query = std::make_unique<QSqlQuery>(db);
    if (!query->prepare(QStringLiteral("SELECT 1")))
        return nullptr;
    QMutexLocker lock(&m_pingMutex);
    // Elements of an unordered_map keep their address when others are added.
    return m_pings.insert_or_assign(thread, std::move(query)).first->second.get();
}

void Storage::dropPingStatement() const
{
    std::unique_ptr<QSqlQuery> statement;
    QMutexLocker lock(&m_pingMutex);
    const auto found = m_pings.find(QThread::currentThread());
    if (found == m_pings.end())
        return;
    statement = std::move(found->second);
    m_pings.erase(found);
    lock.unlock(); // the statement is finalised outside the lock
}

bool Storage::ping() const
{
    // A second try on a connection opened again: after PostgreSQL restarted, this thread's
    // connection is dead although the database answers again (tst_cluster_faults).
    for (int attempt = 0; attempt < 2; ++attempt) {
        QSqlQuery *const query = pingStatement();
        const bool ok = query != nullptr && query->exec() && query->next();
        if (query != nullptr)
            query->finish(); // no read snapshot held between probes
        if (ok)
            return true;
        closeThreadConnection(); // its ping statement too
    }
    return false;
}

QString Storage::translate(const QString &statement) const
{
    // "{{SYNC_ID table}}" alone: after rows were copied into table with their ids, its next id
    // follows the largest. SQLite's AUTOINCREMENT keeps track of inserted ids itself.
    static const QRegularExpression syncId(QStringLiteral("^\\{\\{SYNC_ID ([a-z_]+)\\}\\}$"));
    if (const QRegularExpressionMatch match = syncId.match(statement); match.hasMatch()) {
        if (m_kind == Kind::Sqlite)
            return QStringLiteral("SELECT 1");
        const QString table = match.captured(1);
        return QStringLiteral("SELECT setval(pg_get_serial_sequence('%1', 'id'),"
                              " COALESCE((SELECT MAX(id) FROM %1), 0) + 1, false)")
            .arg(table);
    }
    QString result = statement;
    if (m_kind == Kind::Sqlite) {
        result.replace(QLatin1String("{{ID}}"), QLatin1String("INTEGER PRIMARY KEY AUTOINCREMENT"));
        result.replace(QLatin1String("{{BLOB}}"), QLatin1String("BLOB"));
        // A table stored in its primary key's order only (no rowid telling the insertion order).
        result.replace(QLatin1String("{{WITHOUT_ROWID}}"), QLatin1String("WITHOUT ROWID"));
    } else {
        result.replace(QLatin1String("{{ID}}"), QLatin1String("BIGSERIAL PRIMARY KEY"));
        result.replace(QLatin1String("{{BLOB}}"), QLatin1String("BYTEA"));
        result.replace(QLatin1String("{{WITHOUT_ROWID}}"), QString());
    }
    return result;
}

std::optional<QMap<QString, int>> Storage::schemaVersions() const
{
    QSqlQuery query(connection());
    QMap<QString, int> versions;
    if (!query.exec(QStringLiteral("SELECT MAX(version) FROM schema_migrations")))
        return std::nullopt;
    if (query.next() && !query.value(0).isNull())
        versions.insert(MigrationRegistry::baseFeature(), query.value(0).toInt());
    if (!query.exec(QStringLiteral(
            "SELECT feature, MAX(version) FROM feature_migrations GROUP BY feature")))
        return std::nullopt;
    while (query.next())
        versions.insert(query.value(0).toString(), query.value(1).toInt());
    return versions;
}

std::optional<int> Storage::schemaVersion(const QString &feature) const
{
    QSqlQuery query(connection());
    if (feature == MigrationRegistry::baseFeature()) {
        if (!query.exec(QStringLiteral("SELECT MAX(version) FROM schema_migrations")))
            return std::nullopt;
    } else {
        query.prepare(
            QStringLiteral("SELECT MAX(version) FROM feature_migrations WHERE feature = ?"));
        query.addBindValue(feature);
        if (!query.exec())
            return std::nullopt;
    }
    if (!query.next())
        return 0;
    return query.value(0).isNull() ? 0 : query.value(0).toInt();
}

QString Storage::schemaDescription(const MigrationRegistry &registry) const
{
    const std::optional<QMap<QString, int>> versions = schemaVersions();
    if (!versions)
        return QStringLiteral("unknown");
    QStringList parts;
    for (const FeatureMigrations &entry : registry.features())
        parts.append(
            QStringLiteral("%1 %2").arg(entry.feature).arg(versions->value(entry.feature)));
    for (auto it = versions->cbegin(); it != versions->cend(); ++it) {
        if (!registry.find(it.key()))
            parts.append(QStringLiteral("%1 %2").arg(it.key()).arg(it.value()));
    }
    return parts.join(QStringLiteral(", "));
}

bool Storage::migrate(
    const MigrationRegistry &registry, QString *error, const MigrationContext &context)
{
    if (!registry.validate(error))
        return false;
    QSqlDatabase db = connection();
    QSqlQuery query(db);
    if (m_kind == Kind::Postgresql
        && !exec(query, QStringLiteral("SELECT pg_advisory_lock(%1)").arg(migrationLockId), error))
        return false;
    const auto unlock = qScopeGuard([&] {
        if (m_kind == Kind::Postgresql)
            query.exec(QStringLiteral("SELECT pg_advisory_unlock(%1)").arg(migrationLockId));
    });

    // The records: base's steps in schema_migrations (as before features had their own), every
    // other feature's in feature_migrations.
    if (!exec(query,
            QStringLiteral("CREATE TABLE IF NOT EXISTS schema_migrations ("
                           " version INTEGER PRIMARY KEY,"
                           " name TEXT NOT NULL,"
                           " applied_at TEXT NOT NULL)"),
            error)
        || !exec(query,
            QStringLiteral("CREATE TABLE IF NOT EXISTS feature_migrations ("
                           " feature TEXT NOT NULL,"
                           " version INTEGER NOT NULL,"
                           " name TEXT NOT NULL,"
                           " applied_at TEXT NOT NULL,"
                           " PRIMARY KEY (feature, version))"),
            error))
        return false;
    const std::optional<QMap<QString, int>> current = schemaVersions();
    if (!current) {
        *error = QStringLiteral("cannot read the schema version");
        return false;
    }
    // Every feature is checked before any step runs: a refused database is left as it is.
    for (auto it = current->cbegin(); it != current->cend(); ++it) {
        const FeatureMigrations *known = registry.find(it.key());
        const int knownVersion = known ? known->latestVersion() : 0;
        if (it.value() <= knownVersion)
            continue;
        *error = QStringLiteral("the database's schema version %1 of the feature “%2” is newer "
                                "than this server knows (%3): use a newer tessera-server; the "
                                "data is left as it is")
                     .arg(it.value())
                     .arg(it.key(),
                         known ? QString::number(knownVersion)
                               : QStringLiteral("it does not know the feature"));
        return false;
    }
    for (const FeatureMigrations &entry : registry.features()) {
        const int applied = current->value(entry.feature);
        for (const Migration &migration : entry.migrations) {
            if (migration.version <= applied)
                continue;
            if (!applyMigration(entry.feature, migration, context, error))
                return false;
            qCInfo(lcStorage) << "applied migration" << entry.feature << migration.version
                              << migration.name;
        }
    }
    return true;
}

bool Storage::applyMigration(const QString &feature, const Migration &migration,
    const MigrationContext &context, QString *error)
{
    QSqlDatabase db = connection();
    if (!db.transaction()) {
        *error = sqlError(db.lastError());
        return false;
    }
    QSqlQuery query(db);
    for (const QString &statement : migration.statements) {
        if (!query.exec(translate(statement))) {
            *error = QStringLiteral("migration %1 %2 (%3) failed: %4")
                         .arg(feature)
                         .arg(migration.version)
                         .arg(migration.name, sqlError(query.lastError()));
            db.rollback();
            return false;
        }
    }
    QString codeError;
    if (migration.code != nullptr && !migration.code(db, context, &codeError)) {
        *error = QStringLiteral("migration %1 %2 (%3) failed: %4")
                     .arg(feature)
                     .arg(migration.version)
                     .arg(migration.name, codeError);
        db.rollback();
        return false;
    }
    if (feature == MigrationRegistry::baseFeature()) {
        query.prepare(QStringLiteral(
            "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)"));
    } else {
        query.prepare(QStringLiteral("INSERT INTO feature_migrations (feature, version, name,"
                                     " applied_at) VALUES (?, ?, ?, ?)"));
        query.addBindValue(feature);
    }
    query.addBindValue(migration.version);
    query.addBindValue(migration.name);
    query.addBindValue(QDateTime::currentDateTimeUtc().toString(Qt::ISODate));
    if (!query.exec() || !db.commit()) {
        *error = QStringLiteral("migration %1 %2 could not be recorded: %3")
                     .arg(feature)
                     .arg(migration.version)
                     .arg(sqlError(query.lastError()));
        db.rollback();
        return false;
    }
    return true;
}

} // namespace tessera::server
