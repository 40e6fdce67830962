// The server's storage layer on both databases: the same numbered migrations give the same
// tables and columns; migrating again changes nothing.
#include "app/servermigrations.h"
#include "postgrescluster.h"
#include "storage/migrations.h"
#include "storage/storage.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTemporaryDir>
#include <QTest>

using namespace tessera::server;
using namespace tessera::test;

class TestStorage : public QObject
{
    Q_OBJECT

    PostgresCluster m_postgres;
    QTemporaryDir m_dir;

    // table -> sorted column names, for every table the migrations made.
    static QMap<QString, QStringList> shape(const Storage &storage)
    {
        QMap<QString, QStringList> result;
        const QSqlDatabase db = storage.connection();
        for (const QString &table : db.tables(QSql::Tables)) {
            if (table.startsWith(QLatin1String("sqlite_")))
                continue;
            const QSqlRecord record = db.record(table);
            QStringList columns;
            for (int i = 0; i < record.count(); ++i)
                columns.append(record.fieldName(i));
            columns.sort();
            result.insert(table, columns);
        }
        return result;
    }

    std::unique_ptr<Storage> open(const QString &kind, const QString &name)
    {
        QString error;
        QString database = QStringLiteral("sqlite:") + m_dir.filePath(name + QStringLiteral(".db"));
        if (kind == QLatin1String("postgresql")) {
            if (!m_postgres.createDatabase(name))
                return nullptr;
            database = m_postgres.databaseUrl(name);
        }
        auto storage = Storage::open(database, m_dir.path(), &error);
        if (!storage)
            qWarning("open: %s", qPrintable(error));
        return storage;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY2(m_postgres.start(), qPrintable(m_postgres.error()));
    }

    void migrationsAreNumberedWithoutGaps()
    {
        int expected = 1;
        for (const Migration &migration : baseMigrations()) {
            QCOMPARE(migration.version, expected++);
            QVERIFY(!migration.statements.isEmpty());
        }
        QString error;
        QVERIFY2(serverMigrations().validate(&error), qPrintable(error));
        QCOMPARE(serverMigrations().features().constFirst().feature, QStringLiteral("base"));
    }

    void badRegistriesAreRefused()
    {
        const QList<Migration> one = { { 1, QStringLiteral("one"),
            { QStringLiteral("SELECT 1") } } };
        const QList<Migration> gap = { { 2, QStringLiteral("two"),
            { QStringLiteral("SELECT 1") } } };
        const QList<Migration> empty = { { 1, QStringLiteral("none"), {} } };
        const QString base = MigrationRegistry::baseFeature();
        const auto refused = [](const MigrationRegistry &registry, const char *expected) {
            const QString text = QString::fromUtf8(expected);
            QString error;
            const bool valid = registry.validate(&error);
            if (!valid && !error.contains(text))
                qWarning("unexpected error: %s", qPrintable(error));
            return !valid && error.contains(text);
        };
        QVERIFY(refused(MigrationRegistry().add(QStringLiteral("cards"), one), "“base”"));
        QVERIFY(refused(
            MigrationRegistry().add(base, one).add(QStringLiteral("cards"), gap), "“cards”"));
        QVERIFY(refused(
            MigrationRegistry().add(base, one).add(QStringLiteral("cards"), empty), "“cards”"));
        QVERIFY(refused(MigrationRegistry()
                            .add(base, one)
                            .add(QStringLiteral("cards"), one)
                            .add(QStringLiteral("cards"), one),
            "twice"));
        QVERIFY(refused(MigrationRegistry().add(base, one).add(QStringLiteral("Cards!"), one),
            "not a feature name"));
        QVERIFY(refused(MigrationRegistry().add(base, one).add(base, one), "twice"));
        // A storage refuses them too, before touching the database.
        auto storage = open(QStringLiteral("sqlite"), QStringLiteral("bad_registry"));
        QVERIFY(storage);
        QString error;
        QVERIFY(!storage->migrate(MigrationRegistry().add(QStringLiteral("cards"), one), &error));
        QCOMPARE(storage->schemaVersion(), std::nullopt);
    }

    void sameSchemaOnBoth()
    {
        auto sqlite = open(QStringLiteral("sqlite"), QStringLiteral("same_schema"));
        auto postgres = open(QStringLiteral("postgresql"), QStringLiteral("same_schema"));
        QVERIFY(sqlite && postgres);
        QCOMPARE(sqlite->kindName(), QStringLiteral("sqlite"));
        QCOMPARE(postgres->kindName(), QStringLiteral("postgresql"));
        QString error;
        QCOMPARE(sqlite->schemaVersion(), std::nullopt); // no table yet
        QVERIFY2(sqlite->migrate(serverMigrations(), &error), qPrintable(error));
        QVERIFY2(postgres->migrate(serverMigrations(), &error), qPrintable(error));
        const int latest = baseMigrations().constLast().version;
        QCOMPARE(sqlite->schemaVersion(), std::optional<int>(latest));
        QCOMPARE(postgres->schemaVersion(), std::optional<int>(latest));
        const auto sqliteShape = shape(*sqlite);
        QVERIFY(sqliteShape.contains(QStringLiteral("users")));
        QVERIFY(sqliteShape.contains(QStringLiteral("schema_migrations")));
        QCOMPARE(shape(*postgres), sqliteShape);
    }

    void migratingAgainChangesNothing_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::newRow("sqlite") << QStringLiteral("sqlite");
        QTest::newRow("postgresql") << QStringLiteral("postgresql");
    }
    void migratingAgainChangesNothing()
    {
        QFETCH(QString, kind);
        auto storage = open(kind, QStringLiteral("again"));
        QVERIFY(storage);
        QString error;
        QVERIFY2(storage->migrate(serverMigrations(), &error), qPrintable(error));
        QSqlQuery insert(storage->connection());
        QVERIFY(insert.exec(
            QStringLiteral("INSERT INTO server_settings (name, value) VALUES ('k', 'v')")));
        QVERIFY2(storage->migrate(serverMigrations(), &error), qPrintable(error));
        QSqlQuery count(storage->connection());
        QVERIFY(
            count.exec(QStringLiteral("SELECT COUNT(*) FROM schema_migrations")) && count.next());
        QCOMPARE(count.value(0).toInt(), baseMigrations().size());
        QVERIFY(count.exec(QStringLiteral("SELECT value FROM server_settings WHERE name = 'k'"))
            && count.next());
        QCOMPARE(count.value(0).toString(), QStringLiteral("v"));
        QVERIFY(storage->ping());
    }

    void autoIncrementWorksOnBoth_data() { migratingAgainChangesNothing_data(); }
    void autoIncrementWorksOnBoth()
    {
        QFETCH(QString, kind);
        auto storage = open(kind, QStringLiteral("audit"));
        QVERIFY(storage);
        QString error;
        QVERIFY2(storage->migrate(serverMigrations(), &error), qPrintable(error));
        QSqlQuery query(storage->connection());
        for (int i = 0; i < 3; ++i)
            QVERIFY(query.exec(QStringLiteral("INSERT INTO audit_log (at, actor, action) VALUES "
                                              "('2026-11-29T10:00:00Z', 'test', 'x')")));
        QVERIFY(query.exec(QStringLiteral("SELECT id FROM audit_log ORDER BY id")));
        QList<int> ids;
        while (query.next())
            ids.append(query.value(0).toInt());
        QCOMPARE(ids.size(), 3);
        QVERIFY(ids[0] < ids[1] && ids[1] < ids[2]);
    }

    // A database from before key scopes, with a key: migrated, the key holds every scope.
    void olderKeysGetEveryScope_data() { migratingAgainChangesNothing_data(); }
    void olderKeysGetEveryScope()
    {
        QFETCH(QString, kind);
        auto storage = open(kind, QStringLiteral("scopes"));
        QVERIFY(storage);
        const auto scopes = std::find_if(
            baseMigrations().cbegin(), baseMigrations().cend(), [](const Migration &migration) {
                return migration.name == QLatin1String("API key scopes");
            });
        QVERIFY(scopes != baseMigrations().cend());
        QSqlQuery query(storage->connection());
        QVERIFY(query.exec(QStringLiteral("CREATE TABLE schema_migrations (version INTEGER"
                                          " PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT"
                                          " NOT NULL)")));
        for (auto it = baseMigrations().cbegin(); it != scopes; ++it) {
            for (const QString &statement : it->statements)
                QVERIFY2(query.exec(storage->translate(statement)),
                    qPrintable(query.lastError().text()));
            QVERIFY(query.exec(QStringLiteral("INSERT INTO schema_migrations VALUES (%1, 'x',"
                                              " '2026-11-29T10:00:00Z')")
                                   .arg(it->version)));
        }
        QVERIFY(query.exec(QStringLiteral(
            "INSERT INTO api_keys (id, subsystem, key_hash, webhook_secret, created_at) VALUES"
            " ('key_old', 'hr', 'h', 's', '2026-11-29T10:00:00Z')")));
        QString error;
        QVERIFY2(storage->migrate(serverMigrations(), &error), qPrintable(error));
        QVERIFY(query.exec(QStringLiteral("SELECT scopes FROM api_keys WHERE id = 'key_old'"))
            && query.next());
        QCOMPARE(query.value(0).toString(),
            QStringLiteral("notifications:write notifications:read events:read deliveries:read "
                           "deliveries:write"));
    }

    // A database from before submissions' webhooks (base 17) with a decision's delivery and
    // its attempts: migrated, they survive as event "decision", the attempts still point at
    // their delivery, a new attempt's id follows the copied ones, and a submission's delivery
    // (no notification) can be queued.
    void olderDeliveriesSurviveAsDecisions_data() { migratingAgainChangesNothing_data(); }
    void olderDeliveriesSurviveAsDecisions()
    {
        QFETCH(QString, kind);
        auto storage = open(kind, QStringLiteral("deliveries"));
        QVERIFY(storage);
        QSqlQuery query(storage->connection());
        QVERIFY(query.exec(QStringLiteral("CREATE TABLE schema_migrations (version INTEGER"
                                          " PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT"
                                          " NOT NULL)")));
        for (const Migration &migration : baseMigrations()) {
            if (migration.version > 17)
                break;
            for (const QString &statement : migration.statements)
                QVERIFY2(query.exec(storage->translate(statement)),
                    qPrintable(query.lastError().text()));
            QVERIFY(query.exec(QStringLiteral("INSERT INTO schema_migrations VALUES (%1, 'x',"
                                              " '2026-11-29T10:00:00Z')")
                                   .arg(migration.version)));
        }
        const QStringList rows {
            QStringLiteral("INSERT INTO api_keys (id, subsystem, key_hash, webhook_secret,"
                           " created_at) VALUES ('key_old', 'hr', 'h', 's',"
                           " '2026-11-29T10:00:00Z')"),
            QStringLiteral("INSERT INTO notifications (id, api_key_id, subsystem, title, body,"
                           " category, priority, actionable, actions, reference, created_at,"
                           " state, version, recipient_count) VALUES ('ntf_old', 'key_old', 'hr',"
                           " 'T', 'B', 'leave', 'normal', 1, '[]', 'HR-1',"
                           " '2026-11-29T10:00:00Z', 'decided', 2, 1)"),
            QStringLiteral("INSERT INTO webhook_deliveries (id, notification_id, api_key_id,"
                           " url, body, created_at, next_attempt_at, state, retry_from,"
                           " leased_until) VALUES ('dlv_old', 'ntf_old', 'key_old',"
                           " 'http://127.0.0.1/hooks', '{}', '2026-11-29T10:00:00Z',"
                           " '2026-11-29T10:00:05Z', 'pending', '2026-11-29T10:00:00Z',"
                           " '2026-11-29T10:01:00Z')"),
            QStringLiteral("INSERT INTO webhook_attempts (delivery_id, at, status, error) VALUES"
                           " ('dlv_old', '2026-11-29T10:00:00Z', 500, 'HTTP 500')"),
            QStringLiteral("INSERT INTO webhook_attempts (delivery_id, at, status, error) VALUES"
                           " ('dlv_old', '2026-11-29T10:00:05Z', NULL, 'could not connect')"),
        };
        for (const QString &row : rows)
            QVERIFY2(query.exec(row), qPrintable(query.lastError().text()));
        QVERIFY(query.exec(QStringLiteral("SELECT MAX(id) FROM webhook_attempts")) && query.next());
        const qint64 lastOldAttempt = query.value(0).toLongLong();
        query.finish();

        QString error;
        QVERIFY2(storage->migrate(serverMigrations(), &error), qPrintable(error));
        QCOMPARE(
            storage->schemaVersion(), std::optional<int>(baseMigrations().constLast().version));
        QVERIFY(query.exec(QStringLiteral(
                    "SELECT event, notification_id, submission_id, state, retry_from,"
                    " leased_until, next_attempt_at FROM webhook_deliveries WHERE id = 'dlv_old'"))
            && query.next());
        QCOMPARE(query.value(0).toString(), QStringLiteral("decision"));
        QCOMPARE(query.value(1).toString(), QStringLiteral("ntf_old"));
        QVERIFY(query.value(2).isNull());
        QCOMPARE(query.value(3).toString(), QStringLiteral("pending"));
        QCOMPARE(query.value(4).toString(), QStringLiteral("2026-11-29T10:00:00Z"));
        QCOMPARE(query.value(5).toString(), QStringLiteral("2026-11-29T10:01:00Z"));
        QCOMPARE(query.value(6).toString(), QStringLiteral("2026-11-29T10:00:05Z"));
        query.finish();
        QVERIFY(query.exec(QStringLiteral("SELECT a.status, a.error FROM webhook_attempts a JOIN"
                                          " webhook_deliveries d ON d.id = a.delivery_id ORDER"
                                          " BY a.id")));
        QVERIFY(query.next());
        QCOMPARE(query.value(0).toInt(), 500);
        QVERIFY(query.next());
        QVERIFY(query.value(0).isNull());
        QCOMPARE(query.value(1).toString(), QStringLiteral("could not connect"));
        QVERIFY(!query.next());

        // New rows: an attempt's id after the copied ones; a submission's delivery; an attempt
        // of a delivery that is not there is still refused (the reference survived the rename).
        QVERIFY2(query.exec(
                     QStringLiteral("INSERT INTO webhook_attempts (delivery_id, at, status) VALUES"
                                    " ('dlv_old', '2026-11-29T10:00:10Z', 200)")),
            qPrintable(query.lastError().text()));
        QVERIFY(query.exec(QStringLiteral("SELECT MAX(id) FROM webhook_attempts")) && query.next());
        QVERIFY(query.value(0).toLongLong() > lastOldAttempt);
        query.finish();
        QVERIFY2(query.exec(QStringLiteral(
                     "INSERT INTO webhook_deliveries (id, submission_id, event, api_key_id, url,"
                     " body, created_at, next_attempt_at) VALUES ('dlv_new', 'sub_1',"
                     " 'submission.created', 'key_old', 'http://127.0.0.1/hooks', '{}',"
                     " '2026-11-29T10:00:00Z', '2026-11-29T10:00:00Z')")),
            qPrintable(query.lastError().text()));
        QVERIFY(!query.exec(QStringLiteral(
            "INSERT INTO webhook_attempts (delivery_id, at) VALUES ('dlv_none', 'x')")));
        // Neither a notification nor a submission: refused.
        QVERIFY(!query.exec(QStringLiteral(
            "INSERT INTO webhook_deliveries (id, event, api_key_id, url, body, created_at,"
            " next_attempt_at) VALUES ('dlv_bad', 'decision', 'key_old', 'u', '{}', 'x', 'x')")));
    }

    void badUrlsAreRefused()
    {
        QString error;
        QVERIFY(!Storage::open(QStringLiteral("postgresql://"), m_dir.path(), &error));
        QVERIFY(!error.isEmpty());
        error.clear();
        QVERIFY(!Storage::open(QStringLiteral("postgresql://postgres@127.0.0.1:%1/does_not_exist")
                                   .arg(m_postgres.port()),
            m_dir.path(), &error));
        QVERIFY2(error.contains(QStringLiteral("cannot open")), qPrintable(error));
        QVERIFY2(!error.contains(QStringLiteral("password")), qPrintable(error));
    }

    void cleanupTestCase() { m_postgres.stop(); }
};

QTEST_GUILESS_MAIN(TestStorage)
#include "tst_storage.moc"
