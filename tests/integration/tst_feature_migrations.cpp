// Migrations per feature on both databases: base (recorded in schema_migrations, as before
// features had lists of their own) and each feature's own numbered steps (feature_migrations).
// A database an older server left upgrades; a feature's steps apply once and only the new ones
// later; a feature's newer version is refused before anything changes; features are independent.
#include "app/servermigrations.h"
#include "audience/audiencehistory.h"
#include "cards/cardsmigrations.h"
#include "databasekinds.h"
#include "events/eventsmigrations.h"
#include "media/mediamigrations.h"
#include "news/newsmigrations.h"
#include "postgrescluster.h"
#include "services/servicesmigrations.h"
#include "storage/migrationregistry.h"
#include "storage/storage.h"
#include "storagetesting.h"
#include "surveys/surveysmigrations.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace tessera::server;
using namespace tessera::test;

namespace {

const QString alpha = QStringLiteral("alpha");
const QString beta = QStringLiteral("beta");

// Two made-up features: alpha's table refers to base's people; beta seeds a row in its step 2.
QList<Migration> alphaSteps(int count)
{
    const QList<Migration> all = {
        { 1, QStringLiteral("alpha items"),
            { QStringLiteral("CREATE TABLE alpha_items (id {{ID}},"
                             " user_id TEXT REFERENCES users(id) ON DELETE CASCADE,"
                             " note TEXT NOT NULL)") } },
        { 2, QStringLiteral("alpha tags"),
            { QStringLiteral("ALTER TABLE alpha_items ADD COLUMN tag TEXT") } },
        { 3, QStringLiteral("alpha tag index"),
            { QStringLiteral("CREATE INDEX alpha_items_tag ON alpha_items (tag)") } },
    };
    return all.mid(0, count);
}

QList<Migration> betaSteps(int count)
{
    const QList<Migration> all = {
        { 1, QStringLiteral("beta items"),
            { QStringLiteral("CREATE TABLE beta_items (name TEXT PRIMARY KEY)") } },
        { 2, QStringLiteral("beta seed"),
            { QStringLiteral("INSERT INTO beta_items (name) VALUES ('seeded')") } },
    };
    return all.mid(0, count);
}

// Base as this server knows it, then alpha and beta with as many steps as given (0: absent).
MigrationRegistry registry(int alphaCount, int betaCount)
{
    MigrationRegistry result;
    result.add(MigrationRegistry::baseFeature(), baseMigrations());
    if (alphaCount > 0)
        result.add(alpha, alphaSteps(alphaCount));
    if (betaCount > 0)
        result.add(beta, betaSteps(betaCount));
    return result;
}

} // namespace

class TestFeatureMigrations : public QObject
{
    Q_OBJECT

    PostgresCluster m_postgres;
    QTemporaryDir m_dir;

    static int baseLatest() { return baseMigrations().constLast().version; }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY2(m_postgres.start(), qPrintable(m_postgres.error()));
    }

    // A database as the server left it at base 16 (before features had lists of their own and
    // roles were checked in code): it upgrades, keeps its people and roles, and takes a role
    // the old CHECK refused.
    void oldDatabaseUpgrades_data() { addDatabaseKinds(); }
    void oldDatabaseUpgrades()
    {
        QFETCH(QString, kind);
        auto storage = openStorage(m_postgres, m_dir.path(), kind);
        QVERIFY(storage);
        QString error;
        QVERIFY2(storage->migrate(MigrationRegistry().add(MigrationRegistry::baseFeature(),
                                      baseMigrations().mid(0, 16)),
                     &error),
            qPrintable(error));
        QVERIFY(
            runSql(*storage, QStringLiteral("DROP TABLE feature_migrations"))); // never made then
        QVERIFY(runSql(*storage,
            QStringLiteral("INSERT INTO users (id, kind, username, username_key, display_name,"
                           " user_type, created_at, updated_at) VALUES ('u1', 'local', 'U1', 'u1',"
                           " 'One', 'employee', '2026-12-01T10:00:00Z', '2026-12-01T10:00:00Z')")));
        QVERIFY(runSql(*storage,
            QStringLiteral("INSERT INTO user_roles (user_id, role) VALUES ('u1', 'scanner')")));
        QVERIFY(!runSql(*storage,
            QStringLiteral("INSERT INTO user_roles (user_id, role) VALUES ('u1', 'medical')")));

        QVERIFY2(storage->migrate(serverMigrations(), &error), qPrintable(error));
        QCOMPARE(storage->schemaVersion(), std::optional<int>(baseLatest()));
        QVERIFY(baseLatest() >= 17);
        QCOMPARE(
            sqlValue(*storage, QStringLiteral("SELECT COUNT(*) FROM schema_migrations")).toInt(),
            baseLatest());
        // Every registered feature's steps, each recorded once in feature_migrations.
        qsizetype featureSteps = 0;
        QStringList description { QStringLiteral("base %1").arg(baseLatest()) };
        for (const auto &feature : serverMigrations().features()) {
            if (feature.feature == MigrationRegistry::baseFeature())
                continue;
            featureSteps += feature.migrations.size();
            description.append(
                QStringLiteral("%1 %2").arg(feature.feature).arg(feature.latestVersion()));
        }
        QVERIFY(featureSteps >= 2); // cards and services
        QCOMPARE(
            sqlValue(*storage, QStringLiteral("SELECT COUNT(*) FROM feature_migrations")).toInt(),
            featureSteps);
        QCOMPARE(
            storage->schemaDescription(serverMigrations()), description.join(QStringLiteral(", ")));
        QCOMPARE(
            sqlValue(*storage, QStringLiteral("SELECT role FROM user_roles WHERE user_id = 'u1'"))
                .toString(),
            QStringLiteral("scanner"));
        // The database takes any role now; the rebuilt table keeps its key and its reference.
        QVERIFY(runSql(*storage,
            QStringLiteral("INSERT INTO user_roles (user_id, role) VALUES ('u1', 'medical')")));
        QVERIFY(!runSql(*storage,
            QStringLiteral("INSERT INTO user_roles (user_id, role) VALUES ('u1', 'medical')")));
        QVERIFY(!runSql(*storage,
            QStringLiteral("INSERT INTO user_roles (user_id, role) VALUES ('nobody', 'admin')")));
        QVERIFY(runSql(*storage, QStringLiteral("DELETE FROM users WHERE id = 'u1'")));
        QCOMPARE(sqlValue(*storage, QStringLiteral("SELECT COUNT(*) FROM user_roles")).toInt(), 0);
    }

    void featureStepsApplyOnce_data() { addDatabaseKinds(); }
    void featureStepsApplyOnce()
    {
        QFETCH(QString, kind);
        auto storage = openStorage(m_postgres, m_dir.path(), kind);
        QVERIFY(storage);
        QString error;
        QVERIFY2(storage->migrate(registry(1, 0), &error), qPrintable(error));
        QCOMPARE(storage->schemaVersion(alpha), std::optional<int>(1));
        QVERIFY(runSql(*storage, QStringLiteral("INSERT INTO alpha_items (note) VALUES ('kept')")));
        QVERIFY2(storage->migrate(registry(1, 0), &error), qPrintable(error));
        QCOMPARE(
            sqlValue(*storage, QStringLiteral("SELECT COUNT(*) FROM feature_migrations")).toInt(),
            1);

        // A newer server: only alpha's new steps run, base's are not run again.
        QVERIFY2(storage->migrate(registry(3, 0), &error), qPrintable(error));
        QCOMPARE(storage->schemaVersion(alpha), std::optional<int>(3));
        QCOMPARE(sqlValue(*storage,
                     QStringLiteral("SELECT COUNT(*) FROM feature_migrations WHERE feature ="
                                    " 'alpha' AND version IN (1, 2, 3)"))
                     .toInt(),
            3);
        QCOMPARE(
            sqlValue(*storage, QStringLiteral("SELECT COUNT(*) FROM schema_migrations")).toInt(),
            baseLatest());
        QCOMPARE(sqlValue(*storage, QStringLiteral("SELECT note FROM alpha_items")).toString(),
            QStringLiteral("kept"));
        QVERIFY(runSql(*storage, QStringLiteral("UPDATE alpha_items SET tag = 't'")));
        QCOMPARE(storage->schemaDescription(registry(3, 0)),
            QStringLiteral("base %1, alpha 3").arg(baseLatest()));
    }

    // A feature's version newer than this server knows (or a feature it does not know at all):
    // refused with the feature's name, before any other feature's new step runs.
    void newerFeatureIsRefused_data() { addDatabaseKinds(); }
    void newerFeatureIsRefused()
    {
        QFETCH(QString, kind);
        auto storage = openStorage(m_postgres, m_dir.path(), kind);
        QVERIFY(storage);
        QString error;
        QVERIFY2(storage->migrate(registry(2, 1), &error), qPrintable(error));
        QVERIFY(runSql(*storage, QStringLiteral("INSERT INTO alpha_items (note) VALUES ('kept')")));

        QVERIFY(!storage->migrate(registry(1, 2), &error));
        QVERIFY2(error.contains(QStringLiteral("“alpha”")), qPrintable(error));
        QVERIFY2(error.contains(QStringLiteral("version 2")), qPrintable(error));
        QVERIFY2(
            error.contains(QStringLiteral("newer than this server knows (1)")), qPrintable(error));
        QCOMPARE(storage->schemaVersion(beta), std::optional<int>(1)); // its step 2 did not run
        QCOMPARE(sqlValue(*storage, QStringLiteral("SELECT COUNT(*) FROM beta_items")).toInt(), 0);

        error.clear();
        QVERIFY(!storage->migrate(registry(0, 2), &error));
        QVERIFY2(error.contains(QStringLiteral("“alpha”")), qPrintable(error));
        QVERIFY2(error.contains(QStringLiteral("does not know")), qPrintable(error));
        QCOMPARE(storage->schemaVersion(alpha), std::optional<int>(2));
        QCOMPARE(sqlValue(*storage, QStringLiteral("SELECT note FROM alpha_items")).toString(),
            QStringLiteral("kept"));

        // A base newer than this server: as before features, with base named.
        QVERIFY(runSql(*storage,
            QStringLiteral("INSERT INTO schema_migrations (version, name, applied_at)"
                           " VALUES (999, 'from the future', '2030-01-01T00:00:00Z')")));
        error.clear();
        QVERIFY(!storage->migrate(registry(2, 2), &error));
        QVERIFY2(error.contains(QStringLiteral("999")) && error.contains(QStringLiteral("“base”")),
            qPrintable(error));
        QCOMPARE(storage->schemaVersion(beta), std::optional<int>(1));
    }

    // Each feature counts its own steps; one feature's failing step rolls back alone.
    void featuresAreIndependent_data() { addDatabaseKinds(); }
    void featuresAreIndependent()
    {
        QFETCH(QString, kind);
        auto storage = openStorage(m_postgres, m_dir.path(), kind);
        QVERIFY(storage);
        QString error;
        QVERIFY2(storage->migrate(registry(0, 2), &error), qPrintable(error));
        QCOMPARE(storage->schemaVersion(beta), std::optional<int>(2));
        QCOMPARE(storage->schemaVersion(alpha), std::optional<int>(0));

        QVERIFY2(storage->migrate(registry(1, 2), &error), qPrintable(error));
        QCOMPARE(storage->schemaVersion(alpha), std::optional<int>(1));
        QCOMPARE(sqlValue(*storage, QStringLiteral("SELECT COUNT(*) FROM beta_items")).toInt(), 1);

        MigrationRegistry failing;
        failing.add(MigrationRegistry::baseFeature(), baseMigrations());
        failing.add(alpha,
            alphaSteps(1) << Migration { 2, QStringLiteral("half a step"),
                { QStringLiteral("CREATE TABLE alpha_extra (x TEXT)"),
                    QStringLiteral("INSERT INTO nowhere (x) VALUES (1)") } });
        failing.add(beta, betaSteps(2));
        QVERIFY(!storage->migrate(failing, &error));
        QVERIFY2(error.contains(QStringLiteral("alpha 2")), qPrintable(error));
        QCOMPARE(storage->schemaVersion(alpha), std::optional<int>(1));
        QVERIFY(!runSql(*storage, QStringLiteral("SELECT COUNT(*) FROM alpha_extra")));

        const std::optional<QMap<QString, int>> versions = storage->schemaVersions();
        QVERIFY(versions.has_value());
        const QMap<QString, int> expected { { MigrationRegistry::baseFeature(), baseLatest() },
            { alpha, 1 }, { beta, 2 } };
        QCOMPARE(*versions, expected);
    }

    // News step 2 (a post is a key's or a person's) rebuilds news_posts and news_reads: a
    // database at news step 1 keeps its posts and read marks, and takes a person's post.
    void newsStepTwoKeepsPosts_data() { addDatabaseKinds(); }
    void newsStepTwoKeepsPosts()
    {
        QFETCH(QString, kind);
        auto storage = openStorage(m_postgres, m_dir.path(), kind);
        QVERIFY(storage);
        QString error;
        QVERIFY2(storage->migrate(MigrationRegistry()
                                      .add(MigrationRegistry::baseFeature(), baseMigrations())
                                      .add(QStringLiteral("news"), newsMigrations().mid(0, 1)),
                     &error),
            qPrintable(error));
        const QString post = QStringLiteral(
            "INSERT INTO news_posts (id, %1, post_id, title, summary, body, category, audience,"
            " publish_at, version, updated_at, published, change_id) VALUES ('%2', '%3', 'p1',"
            " 'T', '', '', '', '{}', '2026-12-01T10:00:00Z', 1, '2026-12-01T10:00:00Z', 1, 0)");
        QVERIFY(runSql(*storage,
            QStringLiteral("INSERT INTO users (id, kind, username, username_key, display_name,"
                           " user_type, created_at, updated_at) VALUES ('u1', 'local', 'U1', 'u1',"
                           " 'One', 'employee', '2026-12-01T10:00:00Z', '2026-12-01T10:00:00Z')")));
        QVERIFY(runSql(*storage,
            QStringLiteral(
                "INSERT INTO api_keys (id, subsystem, key_hash, webhook_secret,"
                " created_at) VALUES ('k1', 'hr', 'h1', 's1', '2026-12-01T10:00:00Z')")));
        QVERIFY(runSql(*storage,
            post.arg(
                QStringLiteral("api_key_id"), QStringLiteral("news_a"), QStringLiteral("k1"))));
        QVERIFY(runSql(*storage,
            QStringLiteral("INSERT INTO news_reads (post_id, user_id, read_at, change_id) VALUES"
                           " ('news_a', 'u1', '2026-12-01T11:00:00Z', 7)")));

        QVERIFY2(storage->migrate(serverMigrations(), &error), qPrintable(error));
        QCOMPARE(sqlValue(*storage,
                     QStringLiteral("SELECT COUNT(*) FROM news_posts WHERE id = 'news_a' AND"
                                    " api_key_id = 'k1' AND author_id IS NULL AND title = 'T'"))
                     .toInt(),
            1);
        QCOMPARE(sqlValue(*storage,
                     QStringLiteral("SELECT change_id FROM news_reads WHERE post_id = 'news_a'"
                                    " AND user_id = 'u1'"))
                     .toInt(),
            7);
        // A person's post, its id apart from the key's; never both owners or none; one post id
        // once per person; a read mark still needs its post.
        QVERIFY(runSql(*storage,
            post.arg(QStringLiteral("author_id"), QStringLiteral("news_b"), QStringLiteral("u1"))));
        QVERIFY(!runSql(*storage,
            post.arg(QStringLiteral("author_id"), QStringLiteral("news_c"), QStringLiteral("u1"))));
        QVERIFY(!runSql(*storage,
            post.arg(
                QStringLiteral("author_id"), QStringLiteral("news_d"), QStringLiteral("nobody"))));
        QVERIFY(!runSql(*storage,
            QStringLiteral("INSERT INTO news_posts (id, post_id, title, summary, body, category,"
                           " audience, publish_at, version, updated_at) VALUES ('news_e', 'p2',"
                           " 'T', '', '', '', '{}', '2026-12-01T10:00:00Z', 1,"
                           " '2026-12-01T10:00:00Z')")));
        QVERIFY(!runSql(*storage,
            QStringLiteral("INSERT INTO news_reads (post_id, user_id, read_at, change_id) VALUES"
                           " ('news_none', 'u1', '2026-12-01T11:00:00Z', 8)")));
    }

    // Media step 2 (a medium is a key's or a publisher's) rebuilds media and media_refs: a
    // database at media step 1 keeps its media and refs, and takes a person's medium.
    void mediaStepTwoKeepsMedia_data() { addDatabaseKinds(); }
    void mediaStepTwoKeepsMedia()
    {
        QFETCH(QString, kind);
        auto storage = openStorage(m_postgres, m_dir.path(), kind);
        QVERIFY(storage);
        QString error;
        QVERIFY2(storage->migrate(MigrationRegistry()
                                      .add(MigrationRegistry::baseFeature(), baseMigrations())
                                      .add(QStringLiteral("media"), mediaMigrations().mid(0, 1)),
                     &error),
            qPrintable(error));
        QVERIFY(runSql(*storage,
            QStringLiteral("INSERT INTO users (id, kind, username, username_key, display_name,"
                           " user_type, created_at, updated_at) VALUES ('u1', 'local', 'U1', 'u1',"
                           " 'One', 'employee', '2026-12-01T10:00:00Z', '2026-12-01T10:00:00Z')")));
        QVERIFY(runSql(*storage,
            QStringLiteral(
                "INSERT INTO api_keys (id, subsystem, key_hash, webhook_secret,"
                " created_at) VALUES ('k1', 'hr', 'h1', 's1', '2026-12-01T10:00:00Z')")));
        const QString medium = QStringLiteral(
            "INSERT INTO media (id, %1, sha256, content_type, size, bytes, created_at) VALUES"
            " ('%2', '%3', 'ab', 'image/png', 3, %4, '2026-12-01T10:00:00Z')");
        const QString bytes =
            kind == u"sqlite" ? QStringLiteral("X'010203'") : QStringLiteral("'\\x010203'::bytea");
        QVERIFY(runSql(*storage,
            medium.arg(QStringLiteral("api_key_id"), QStringLiteral("med_a"), QStringLiteral("k1"),
                bytes)));
        QVERIFY(runSql(*storage,
            QStringLiteral("INSERT INTO media_refs (kind, object_id, media_id, audience) VALUES"
                           " ('card', 'crd_1', 'med_a', '{}')")));

        QVERIFY2(storage->migrate(serverMigrations(), &error), qPrintable(error));
        QCOMPARE(sqlValue(*storage,
                     QStringLiteral("SELECT bytes FROM media WHERE id = 'med_a' AND"
                                    " api_key_id = 'k1' AND user_id IS NULL AND size = 3"))
                     .toByteArray(),
            QByteArrayLiteral("\x01\x02\x03"));
        QCOMPARE(sqlValue(*storage,
                     QStringLiteral("SELECT object_id FROM media_refs WHERE media_id = 'med_a'"))
                     .toString(),
            QStringLiteral("crd_1"));
        // A person's medium; never both owners or none, nor an unknown person; one per person
        // and bytes; a ref still needs its medium.
        QVERIFY(runSql(*storage,
            medium.arg(
                QStringLiteral("user_id"), QStringLiteral("med_b"), QStringLiteral("u1"), bytes)));
        QVERIFY(!runSql(*storage,
            medium.arg(
                QStringLiteral("user_id"), QStringLiteral("med_c"), QStringLiteral("u1"), bytes)));
        QVERIFY(!runSql(*storage,
            medium.arg(QStringLiteral("user_id"), QStringLiteral("med_d"), QStringLiteral("nobody"),
                bytes)));
        QVERIFY(!runSql(*storage,
            QStringLiteral("INSERT INTO media (id, sha256, content_type, size, bytes, created_at)"
                           " VALUES ('med_e', 'cd', 'image/png', 3, %1, '2026-12-01T10:00:00Z')")
                .arg(bytes)));
        QVERIFY(!runSql(*storage,
            QStringLiteral("INSERT INTO media (id, api_key_id, user_id, sha256, content_type,"
                           " size, bytes, created_at) VALUES ('med_f', 'k1', 'u1', 'ef',"
                           " 'image/png', 3, %1, '2026-12-01T10:00:00Z')")
                .arg(bytes)));
        QVERIFY(!runSql(*storage,
            QStringLiteral("INSERT INTO media_refs (kind, object_id, media_id, audience) VALUES"
                           " ('card', 'crd_2', 'med_none', '{}')")));
    }

    // Cards step 2, services step 3, events step 3 and surveys step 2 fill each row's audience
    // history from what it knew: a card's, an event's or a survey's audience and the one before
    // its last change, a service's audience.
    void audienceHistoriesFilledFromTheRows_data() { addDatabaseKinds(); }
    void audienceHistoriesFilledFromTheRows()
    {
        QFETCH(QString, kind);
        auto storage = openStorage(m_postgres, m_dir.path(), kind);
        QVERIFY(storage);
        QString error;
        QVERIFY2(
            storage->migrate(MigrationRegistry()
                                 .add(MigrationRegistry::baseFeature(), baseMigrations())
                                 .add(QStringLiteral("cards"), cardsMigrations().mid(0, 1))
                                 .add(QStringLiteral("services"), servicesMigrations().mid(0, 2))
                                 .add(QStringLiteral("events"), eventsMigrations().mid(0, 1))
                                 .add(QStringLiteral("surveys"), surveysMigrations().mid(0, 1)),
                &error),
            qPrintable(error));
        QVERIFY(runSql(*storage,
            QStringLiteral(
                "INSERT INTO api_keys (id, subsystem, key_hash, webhook_secret,"
                " created_at) VALUES ('k1', 'hr', 'h1', 's1', '2026-12-01T10:00:00Z')")));
        const QString card = QStringLiteral(
            "INSERT INTO cards (id, api_key_id, card_id, card, audience, previous_audience,"
            " version, updated_at, change_id) VALUES ('%1', 'k1', '%1', '{}',"
            " '{\"geos\":[\"Berlin\"]}', %2, 1, 't', 1)");
        QVERIFY(runSql(*storage,
            card.arg(QStringLiteral("moved"), QStringLiteral("'{\"geos\":[\"Pune\"]}'"))));
        QVERIFY(runSql(*storage, card.arg(QStringLiteral("new"), QStringLiteral("NULL"))));
        QVERIFY(runSql(*storage,
            card.arg(QStringLiteral("same"), QStringLiteral("'{\"geos\":[\"Berlin\"]}'"))));
        QVERIFY(runSql(*storage,
            QStringLiteral("INSERT INTO services (id, api_key_id, service_id, title, category,"
                           " audience, form, version, updated_at, change_id) VALUES ('svc_1',"
                           " 'k1', 's1', 'T', 'HR', '{\"users\":[\"E1\"]}', '{}', 1, 't', 2)")));
        QVERIFY(runSql(*storage,
            QStringLiteral("INSERT INTO events (id, api_key_id, event_id, title, description,"
                           " starts_at, ends_at, time_zone, site, room, rsvp_closes_at, reminders,"
                           " audience, previous_audience, version, updated_at, expires_at,"
                           " change_id) VALUES ('evt_1', 'k1', 'e1', 'T', '', 't', 't', 'UTC', '',"
                           " '', 't', '', '{\"geos\":[\"Berlin\"]}', '{\"geos\":[\"Pune\"]}',"
                           " 2, 't', 't', 3)")));
        QVERIFY(runSql(*storage,
            QStringLiteral("INSERT INTO surveys (id, api_key_id, survey_id, title, card, audience,"
                           " previous_audience, closes_at, anonymous, editable, version,"
                           " updated_at, change_id) VALUES ('srv_1', 'k1', 's1', 'T', '{}',"
                           " '{\"departments\":[\"Medical\"]}', NULL, 't', 0, 0, 1, 't', 4)")));

        QVERIFY2(storage->migrate(serverMigrations(), &error), qPrintable(error));
        const auto history = [&](const QString &statement) {
            return AudienceHistory::fromText(sqlValue(*storage, statement).toString());
        };
        const AudienceHistory moved =
            history(QStringLiteral("SELECT audiences FROM cards WHERE id = 'moved'"));
        QVERIFY(!moved.isOpen());
        QCOMPARE(moved.size(), 2);
        QCOMPARE(moved.toText(), QStringLiteral(R"([{"geos":["Pune"]},{"geos":["Berlin"]}])"));
        for (const QString &id : { QStringLiteral("new"), QStringLiteral("same") }) {
            const AudienceHistory one =
                history(QStringLiteral("SELECT audiences FROM cards WHERE id = '%1'").arg(id));
            QCOMPARE(one.toText(), QStringLiteral(R"([{"geos":["Berlin"]}])"));
        }
        QCOMPARE(
            history(QStringLiteral("SELECT audiences FROM services WHERE id = 'svc_1'")).toText(),
            QStringLiteral(R"([{"users":["E1"]}])"));
        QCOMPARE(
            history(QStringLiteral("SELECT audiences FROM events WHERE id = 'evt_1'")).toText(),
            QStringLiteral(R"([{"geos":["Pune"]},{"geos":["Berlin"]}])"));
        QCOMPARE(
            history(QStringLiteral("SELECT audiences FROM surveys WHERE id = 'srv_1'")).toText(),
            QStringLiteral(R"([{"departments":["Medical"]}])"));
    }

    void cleanupTestCase() { m_postgres.stop(); }
};

QTEST_GUILESS_MAIN(TestFeatureMigrations)
#include "tst_feature_migrations.moc"
