// The server's scheduled jobs (ScheduledJob) across nodes, with real server processes and the real
// slapd: two nodes on one PostgreSQL run the directory's people sync once per interval between
// them (not once each); a sync that outlived its lease applies nothing, so an older listing
// never applies after a newer one; a lease left by a node that stopped mid-run is taken over only
// after the lease time (the clock moved by --clock-file) on PostgreSQL, and meanwhile an admin's
// sync answers 409 sync_in_progress saying when it lapses; on SQLite a restarted server frees it.
// A sync running on the node answers an admin's sync 409 at once; a database that refuses the
// lease's confirmation fails the sync (500), not as a lost lease (SQLite and PostgreSQL).
#include "databasekinds.h"
#include "demoaccounts.h"
#include "holdingproxy.h"
#include "postgrescluster.h"
#include "serverprocess.h"
#include "serversql.h"
#include "slapdprocess.h"
#include "testhttp.h"

#include <QDir>
#include <QElapsedTimer>
#include <QSaveFile>
#include <QTemporaryDir>
#include <QTest>

using namespace tessera::test;

namespace {

const QString kStart = QStringLiteral("2026-11-29T09:00:00Z");
const QByteArray kSyncDone = QByteArrayLiteral("people sync by directory-sync done");
// A node polls for due jobs every 2 s (ScheduledJob::pollPeriod): long enough to have polled.
constexpr int kPollWaitMs = 2600;

} // namespace

class TestJobs : public QObject
{
    Q_OBJECT

    SlapdProcess m_slapd;
    PostgresCluster m_postgres;
    int m_databases = 0;

    ServerProcess::Options options(const QString &databaseUrl, const QString &clockFile,
        const QString &directoryUrl = {}) const
    {
        ServerProcess::Options options;
        options.now = kStart;
        options.database = databaseUrl;
        options.extraArguments << QStringLiteral("--clock-file") << clockFile;
        options.config.insert(QStringLiteral("directory"),
            QJsonObject {
                { QStringLiteral("url"), directoryUrl.isEmpty() ? m_slapd.url() : directoryUrl },
                { QStringLiteral("security"), QStringLiteral("plain") },
                { QStringLiteral("baseDn"), m_slapd.baseDn() },
                { QStringLiteral("bindDn"), m_slapd.serviceBindDn() },
                { QStringLiteral("bindPassword"), m_slapd.servicePassword() },
            });
        return options;
    }

    static bool moveClock(const QString &clockFile, int seconds)
    {
        QSaveFile file(clockFile);
        return file.open(QIODevice::WriteOnly) && file.write(QByteArray::number(seconds) + '\n') > 0
            && file.commit();
    }

    static QString adminToken(const ServerProcess &server)
    {
        const QJsonObject admin = demoAccountWithRole(server, QStringLiteral("admin"));
        return httpRequest("POST", server.url(QStringLiteral("/v1/auth/login")),
            compactJson(QJsonObject { { QStringLiteral("kind"), QStringLiteral("local") },
                { QStringLiteral("username"), admin.value(QStringLiteral("username")).toString() },
                { QStringLiteral("password"), admin.value(QStringLiteral("password")).toString() },
                { QStringLiteral("device"), testDevice(QStringLiteral("jobs-admin")) } }))
            .json()
            .value(QStringLiteral("accessToken"))
            .toString();
    }

    static HttpResult sync(const ServerProcess &server, const QString &token)
    {
        return httpRequest(
            "POST", server.url(QStringLiteral("/v1/admin/people/sync")), {}, bearer(token));
    }

    static QVariant leaseValue(
        const ServerProcess &server, const QString &databaseUrl, const QString &column)
    {
        return runServerSql(server.dataDir(), databaseUrl,
            QStringLiteral("SELECT %1 FROM job_leases WHERE name = 'people-sync'").arg(column))
            .value;
    }

    static int runs(const ServerProcess &server, const QString &databaseUrl)
    {
        const QVariant value = leaseValue(server, databaseUrl, QStringLiteral("runs"));
        return value.isValid() ? value.toInt() : -1;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(m_slapd.start(), qPrintable(m_slapd.error()));
        QVERIFY2(m_postgres.start(), qPrintable(m_postgres.error()));
    }

    // Two nodes on one PostgreSQL: the sync at start runs on one of them, and 15 minutes later
    // (by the clock both read from one clock file) once more, on one of them.
    void twoNodesSyncOncePerInterval()
    {
        QTemporaryDir folder;
        QVERIFY(folder.isValid());
        const QString clockFile = folder.filePath(QStringLiteral("clock"));
        const QString database = databaseForKind(
            m_postgres, QStringLiteral("postgresql"), QStringLiteral("jobs_%1").arg(++m_databases));
        ServerProcess one;
        QVERIFY2(one.start(options(database, clockFile)), qPrintable(one.error()));
        QTRY_COMPARE_WITH_TIMEOUT(one.output().count(kSyncDone), 1, 20000);
        // The second node opens the secrets sealed by the first with its key.
        ServerProcess::Options second = options(database, clockFile);
        second.config.insert(QStringLiteral("secretsKeyFile"),
            QDir(one.dataDir()).filePath(QStringLiteral("secrets.key")));
        ServerProcess two;
        QVERIFY2(two.start(second), qPrintable(two.error()));
        QTest::qWait(kPollWaitMs);
        const auto syncs = [&] {
            return one.output().count(kSyncDone) + two.output().count(kSyncDone);
        };
        QCOMPARE(syncs(), 1);
        QCOMPARE(runs(one, database), 1);

        QVERIFY(moveClock(clockFile, 15 * 60 + 5));
        QTRY_COMPARE_WITH_TIMEOUT(syncs(), 2, 20000);
        QTest::qWait(kPollWaitMs);
        QCOMPARE(syncs(), 2);
        QCOMPARE(runs(one, database), 2);
        QVERIFY(leaseValue(one, database, QStringLiteral("lease_until")).toString().isEmpty());
        QVERIFY(!leaseValue(one, database, QStringLiteral("last_ok_at")).toString().isEmpty());
        // Retention (hourly) ran once between them too.
        QCOMPARE(serverSqlInt(one.dataDir(), database,
                     QStringLiteral("SELECT runs FROM job_leases WHERE name = 'retention'")),
            1);
    }

    // Node one's listing (Ben enabled) is held on the wire past its lease; meanwhile Ben is
    // disabled in the directory and node two takes the lapsed lease and syncs (Ben disabled).
    // When one's old listing arrives, its apply finds the lease gone and changes nothing.
    void syncPastItsLeaseAppliesNothing()
    {
        QTemporaryDir folder;
        QVERIFY(folder.isValid());
        const QString clockFile = folder.filePath(QStringLiteral("clock"));
        const QString database = databaseForKind(
            m_postgres, QStringLiteral("postgresql"), QStringLiteral("jobs_%1").arg(++m_databases));
        HoldingProxy proxy(m_slapd.port());
        QVERIFY(proxy.listen());
        proxy.setHolding(true);
        ServerProcess one;
        QVERIFY2(one.start(options(
                     database, clockFile, QStringLiteral("ldap://127.0.0.1:%1").arg(proxy.port()))),
            qPrintable(one.error()));
        QTRY_VERIFY_WITH_TIMEOUT(proxy.heldBytes() > 0, 10000);
        const QString ben = QStringLiteral("ben.okafor");
        QVERIFY2(m_slapd.setAccountDisabled(ben, true), qPrintable(m_slapd.error()));

        QVERIFY(moveClock(clockFile, 31 * 60)); // one's 30-minute lease has lapsed
        ServerProcess::Options second = options(database, clockFile);
        second.config.insert(QStringLiteral("secretsKeyFile"),
            QDir(one.dataDir()).filePath(QStringLiteral("secrets.key")));
        ServerProcess two;
        QVERIFY2(two.start(second), qPrintable(two.error()));
        QTRY_COMPARE_WITH_TIMEOUT(two.output().count(kSyncDone), 1, 10000);
        const QString benDisabled = QStringLiteral("SELECT disabled FROM users WHERE id = '%1'")
                                        .arg(m_slapd.person(ben)->employeeId);
        QCOMPARE(serverSqlInt(one.dataDir(), database, benDisabled), 1);

        proxy.release();
        QTRY_VERIFY_WITH_TIMEOUT(one.output().contains("people sync outlived its lease")
                || one.output().contains(kSyncDone),
            10000);
        QCOMPARE(serverSqlInt(one.dataDir(), database, benDisabled), 1); // not the old listing's
        QVERIFY(one.output().contains("people sync outlived its lease"));
        QCOMPARE(one.output().count(kSyncDone), 0);
        QVERIFY2(m_slapd.setAccountDisabled(ben, false), qPrintable(m_slapd.error()));
    }

    // A node that stopped while holding the lease (its row as it left it): an admin's sync
    // answers 409 sync_in_progress with the time the lease lapses. On PostgreSQL nobody syncs
    // until then, then a live node takes the lease over; on SQLite (one node) the restarted
    // server frees it at start and syncs at once.
    void stoppedNodesLeaseTakenOverAfterLeaseTime_data() { addDatabaseKinds(); }
    void stoppedNodesLeaseTakenOverAfterLeaseTime()
    {
        QFETCH(QString, kind);
        QTemporaryDir folder;
        QVERIFY(folder.isValid());
        const QString clockFile = folder.filePath(QStringLiteral("clock"));
        const QString database =
            databaseForKind(m_postgres, kind, QStringLiteral("jobs_%1").arg(++m_databases));
        ServerProcess server;
        QVERIFY2(server.start(options(database, clockFile)), qPrintable(server.error()));
        QTRY_COMPARE_WITH_TIMEOUT(server.output().count(kSyncDone), 1, 20000);
        const QString token = adminToken(server);
        QVERIFY(!token.isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(runs(server, database), 1, 10000);

        // Another node began a sync at 09:00:30 and stopped; its lease runs to 09:30:30.
        const ServerSqlResult left = runServerSql(server.dataDir(), database,
            QStringLiteral("UPDATE job_leases SET holder = 'node-that-stopped', lease_until ="
                           " '2026-11-29T09:30:30Z', last_run_at = '2026-11-29T09:00:30Z' WHERE"
                           " name = 'people-sync'"));
        QVERIFY2(left.ok, qPrintable(left.error));
        const HttpResult busy = sync(server, token);
        QCOMPARE(busy.status, 409);
        QCOMPARE(errorCode(busy), QStringLiteral("sync_in_progress"));
        QVERIFY2(busy.body.contains("until 2026-11-29T09:30:30Z") && busy.body.contains("stopped"),
            busy.body.constData());

        if (kind == QStringLiteral("sqlite")) {
            QVERIFY(server.stop().has_value());
            ServerProcess::Options again = options(database, clockFile);
            again.dataDir = server.dataDir();
            ServerProcess restarted;
            QVERIFY2(restarted.start(again), qPrintable(restarted.error()));
            QVERIFY(leaseValue(restarted, database, QStringLiteral("lease_until"))
                        .toString()
                        .isEmpty());
            QCOMPARE(sync(restarted, adminToken(restarted)).status, 200);
            QCOMPARE(runs(restarted, database), 2);
            // Due 16 minutes on (not only once the old lease would have lapsed).
            QVERIFY(moveClock(clockFile, 16 * 60));
            QTRY_COMPARE_WITH_TIMEOUT(restarted.output().count(kSyncDone), 1, 15000);
            QTRY_COMPARE_WITH_TIMEOUT(runs(restarted, database), 3, 5000);
            return;
        }

        // Due (16 minutes on) but still leased: nothing runs.
        QVERIFY(moveClock(clockFile, 16 * 60));
        QTest::qWait(kPollWaitMs);
        QCOMPARE(server.output().count(kSyncDone), 1);
        QCOMPARE(runs(server, database), 1);
        QCOMPARE(sync(server, token).status, 409);

        // Past the lease (09:32): this node takes it over and syncs.
        QVERIFY(moveClock(clockFile, 32 * 60));
        QTRY_COMPARE_WITH_TIMEOUT(server.output().count(kSyncDone), 2, 15000);
        QTRY_VERIFY_WITH_TIMEOUT(
            leaseValue(server, database, QStringLiteral("lease_until")).toString().isEmpty(), 5000);
        QCOMPARE(runs(server, database), 2);
        QVERIFY(leaseValue(server, database, QStringLiteral("holder")).toString()
            != QStringLiteral("node-that-stopped"));
        QVERIFY(leaseValue(server, database, QStringLiteral("last_error")).isNull());
        // The lease is free again: the admin's sync runs.
        QCOMPARE(sync(server, token).status, 200);
        QCOMPARE(runs(server, database), 3);
    }

    // A sync under way on this node (its listing held on the wire): an admin's sync does not
    // wait for it (a worker thread each) but answers 409 sync_in_progress at once.
    void syncRunningOnThisNodeAnswers409AtOnce()
    {
        QTemporaryDir folder;
        QVERIFY(folder.isValid());
        HoldingProxy proxy(m_slapd.port());
        QVERIFY(proxy.listen());
        proxy.setHolding(true);
        ServerProcess server;
        QVERIFY2(server.start(options({}, folder.filePath(QStringLiteral("clock")),
                     QStringLiteral("ldap://127.0.0.1:%1").arg(proxy.port()))),
            qPrintable(server.error()));
        QTRY_VERIFY_WITH_TIMEOUT(proxy.heldBytes() > 0, 10000);
        const QString token = adminToken(server);
        QVERIFY(!token.isEmpty());
        QElapsedTimer timer;
        timer.start();
        for (int i = 0; i < 3; ++i) {
            const HttpResult busy = sync(server, token);
            QCOMPARE(busy.status, 409);
            QCOMPARE(errorCode(busy), QStringLiteral("sync_in_progress"));
            QVERIFY2(!busy.body.contains("stopped"), busy.body.constData());
        }
        QVERIFY(timer.elapsed() < 5000);
        proxy.release();
        QTRY_COMPARE_WITH_TIMEOUT(server.output().count(kSyncDone), 1, 10000);
        QCOMPARE(runs(server, {}), 1);
    }

    // The database refuses the lease's confirmation inside the sync's transaction (a trigger
    // rejects the UPDATE that extends the lease): the sync fails (500, last_error), it is not
    // taken for a lost lease (409).
    void leaseConfirmationRefusedFailsTheSync_data() { addDatabaseKinds(); }
    void leaseConfirmationRefusedFailsTheSync()
    {
        QFETCH(QString, kind);
        QTemporaryDir folder;
        QVERIFY(folder.isValid());
        const QString database =
            databaseForKind(m_postgres, kind, QStringLiteral("jobs_%1").arg(++m_databases));
        ServerProcess server;
        QVERIFY2(server.start(options(database, folder.filePath(QStringLiteral("clock")))),
            qPrintable(server.error()));
        QTRY_COMPARE_WITH_TIMEOUT(server.output().count(kSyncDone), 1, 20000);
        const QString token = adminToken(server);
        QVERIFY(!token.isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(
            leaseValue(server, database, QStringLiteral("lease_until")).toString().isEmpty(), 5000);

        // Only the confirmation: an UPDATE that keeps the run count and sets a lease time.
        const QString when = QStringLiteral("OLD.runs = NEW.runs AND NEW.lease_until IS NOT NULL");
        const QStringList refuse = kind == QStringLiteral("sqlite")
            ? QStringList { QStringLiteral("CREATE TRIGGER refuse BEFORE UPDATE ON job_leases WHEN"
                                           " %1 BEGIN SELECT RAISE(ABORT, 'refused'); END")
                                .arg(when) }
            : QStringList { QStringLiteral("CREATE FUNCTION refuse() RETURNS trigger LANGUAGE"
                                           " plpgsql AS 'BEGIN RAISE EXCEPTION ''refused''; END'"),
                  QStringLiteral("CREATE TRIGGER refuse BEFORE UPDATE ON job_leases FOR EACH ROW"
                                 " WHEN (%1) EXECUTE FUNCTION refuse()")
                      .arg(when) };
        for (const QString &statement : refuse) {
            const ServerSqlResult made = runServerSql(server.dataDir(), database, statement);
            QVERIFY2(made.ok, qPrintable(made.error));
        }
        const HttpResult failed = sync(server, token);
        QCOMPARE(failed.status, 500);
        QTRY_VERIFY_WITH_TIMEOUT(leaseValue(server, database, QStringLiteral("last_error"))
                                     .toString()
                                     .contains(QStringLiteral("the database refused")),
            5000);
        QVERIFY(leaseValue(server, database, QStringLiteral("lease_until")).toString().isEmpty());

        const ServerSqlResult dropped = runServerSql(server.dataDir(), database,
            kind == QStringLiteral("sqlite") ? QStringLiteral("DROP TRIGGER refuse")
                                             : QStringLiteral("DROP TRIGGER refuse ON job_leases"));
        QVERIFY2(dropped.ok, qPrintable(dropped.error));
        QCOMPARE(sync(server, token).status, 200);
    }
};

QTEST_GUILESS_MAIN(TestJobs)
#include "tst_jobs.moc"
