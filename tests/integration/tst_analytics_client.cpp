// Analytics on the client against the real server over TLS, the server on PostgreSQL
// so that the test can read its tables (QPSQL: no second SQLite in a process with SQLCipher):
// - with the organisation's default (on) and no choice made, the recorder queues screen views,
//   features and errors in the session's SQLCipher database (the file holds none of their names
//   in plain text), the uploader sends them, and the counts appear in the admin's read;
// - the raw events carry the device's random installation id, never Ben's user id;
// - opting out empties the queue and drops the installation's raw events on the server
//   (DELETE), and what is recorded after it never reaches the server (no further upload in the
//   access log, no count);
// - every error kind the app shows is taken by the server and counted;
// - the organisation's default from the config file ("analytics": {"default": "off"}) reaches
//   the app (nothing recorded without a choice), --analytics-default overrides it, and a wrong
//   value stops the server at start with the key named.
#include "analytics/analyticserrorkinds.h"
#include "analytics/analyticsqueue.h"
#include "analytics/analyticsrecorder.h"
#include "analytics/analyticsuploader.h"
#include "databasekinds.h"
#include "inboxserverfixture.h"
#include "postgrescluster.h"
#include "serversql.h"
#include "services/analyticsfeature.h"
#include "services/clientschema.h"

#include <QTimeZone>

using namespace tessera;
using namespace tessera::test;

namespace {

struct AnalyticsDevice : Installation
{
    AnalyticsQueue *store = nullptr;
    AnalyticsRecorder *recorder = nullptr;
    AnalyticsUploader *uploader = nullptr;

    AnalyticsDevice(const QUrl &server, const QString &caFile, SecretStore &secrets,
        const DeviceInfo &info, const QString &databasePath)
        : Installation(server, caFile, secrets, info, sessionOptions(databasePath),
            ClientStack::Feature::Analytics)
    {
        store = stack->part<AnalyticsQueue>();
        recorder = stack->part<AnalyticsRecorder>();
        uploader = stack->part<AnalyticsUploader>();
    }

    static Session::Options sessionOptions(const QString &databasePath)
    {
        Session::Options options { databasePath, QStringLiteral("ben-phone"), {} };
        options.schema = clientSchema();
        return options;
    }
};

} // namespace

class TestAnalyticsClient : public QObject, protected InboxServerFixture
{
    Q_OBJECT

    PostgresCluster m_postgres;
    QString m_database;

    int sql(const ServerProcess &server, const QString &statement)
    {
        return serverSqlInt(server.dataDir(), m_database, statement);
    }

    static qint64 countOf(const QJsonObject &read, const QString &kind, const QString &name)
    {
        qint64 count = 0;
        for (const auto &each : read.value(QStringLiteral("days")).toArray()) {
            const QJsonObject row = each.toObject();
            if (row.value(QStringLiteral("kind")).toString() == kind
                && row.value(QStringLiteral("name")).toString() == name)
                count += row.value(QStringLiteral("count")).toInteger();
        }
        return count;
    }

    static QJsonObject adminRead(const ServerProcess &server)
    {
        const QString admin = tokenOf(server, QStringLiteral("Tessera Admin"));
        return httpRequest(
            "GET", server.url(QStringLiteral("/v1/admin/analytics")), {}, bearer(admin))
            .json();
    }

    // The database file and its WAL as they lie on disk.
    static QByteArray fileBytes(const QString &path)
    {
        QByteArray bytes;
        for (const QString &name : QStringList { path, path + QStringLiteral("-wal") }) {
            QFile file(name);
            if (file.open(QIODevice::ReadOnly))
                bytes += file.readAll();
        }
        return bytes;
    }

private Q_SLOTS:
    void initTestCase()
    {
        startParts();
        QVERIFY(m_postgres.start());
        m_database = databaseForKind(
            m_postgres, QStringLiteral("postgresql"), QStringLiteral("analytics_client"));
        QVERIFY(!m_database.isEmpty());
    }

    void cleanupTestCase() { m_postgres.stop(); }

    void uploadsThenOptOut()
    {
        ServerProcess server;
        ServerProcess::Options options = serverOptions();
        options.database = m_database;
        QVERIFY2(server.start(options), qPrintable(server.error()));
        MemorySecretStore secrets;
        const QString path = newDatabasePath();
        AnalyticsDevice ben(server.url(), m_ca.caFile(), secrets, m_deviceInfo, path);
        QVERIFY(ben.store && ben.recorder && ben.uploader);
        ben.uploader->setThreshold(1000); // uploads only when the test says
        QSignalSpy idle(ben.uploader, &AnalyticsUploader::idle);
        ben.stack->start();
        QVERIFY(signIn(ben, server, QStringLiteral("Ben Okafor")));
        // The services start: the server's default (on) arrives; no choice was made.
        QTRY_VERIFY_WITH_TIMEOUT(ben.recorder->enabled(), kTimeout);
        QCOMPARE(ben.recorder->consent(), AnalyticsRecorder::Consent::Unset);
        QVERIFY(ben.recorder->needsAnswer());

        for (int i = 0; i < 3; ++i)
            QVERIFY(ben.recorder->screenViewed(QStringLiteral("inbox")));
        QVERIFY(ben.recorder->featureUsed(QStringLiteral("pass.show")));
        // Every kind of error the app shows (AnalyticsErrorKinds): the server takes each.
        const QStringList errorKinds = AnalyticsErrorKinds::all();
        for (const QString &kind : errorKinds)
            QVERIFY2(ben.recorder->errorShown(kind), qPrintable(kind));
        QVERIFY(!ben.recorder->errorShown(QStringLiteral("sync.failed"))); // not on the list
        QVERIFY(!ben.recorder->screenViewed(QStringLiteral("not a name!")));
        const int lines = 2 + int(errorKinds.size());
        QCOMPARE(ben.store->lineCount(), lines);
        // Queued encrypted: the names are in the store, not in the file's bytes.
        const QByteArray onDisk = fileBytes(path);
        QVERIFY(!onDisk.isEmpty());
        QVERIFY(!onDisk.contains("pass.show"));
        QVERIFY(!onDisk.contains("inbox.sync"));
        QVERIFY(!onDisk.contains("analytics_queue"));

        const QString installation = ben.recorder->installationId();
        QVERIFY(installation.size() >= 22);
        QSignalSpy uploaded(ben.uploader, &AnalyticsUploader::uploaded);
        QTRY_VERIFY_WITH_TIMEOUT(!ben.uploader->isBusy(), kTimeout);
        ben.uploader->sendNow();
        QTRY_COMPARE_WITH_TIMEOUT(uploaded.size(), 1, kTimeout);
        QCOMPARE(uploaded.first().first().toInt(), lines);
        QCOMPARE(ben.store->lineCount(), 0);

        const QJsonObject read = adminRead(server);
        QCOMPARE(countOf(read, QStringLiteral("screen"), QStringLiteral("inbox")), 3);
        QCOMPARE(countOf(read, QStringLiteral("feature"), QStringLiteral("pass.show")), 1);
        for (const QString &kind : errorKinds)
            QCOMPARE(countOf(read, QStringLiteral("error"), kind), 1);
        QCOMPARE(countOf(read, QStringLiteral("error"), QStringLiteral("sync.failed")), 0);
        const QString day = QDateTime::currentDateTimeUtc().date().toString(Qt::ISODate);
        for (const auto &each : read.value(QStringLiteral("days")).toArray()) {
            QCOMPARE(each.toObject().value(QStringLiteral("day")).toString(), day);
            QCOMPARE(each.toObject().value(QStringLiteral("platform")).toString(),
                AnalyticsFeature::platformName());
        }
        QCOMPARE(sql(server,
                     QStringLiteral("SELECT COUNT(*) FROM analytics_events WHERE"
                                    " installation_id = '%1'")
                         .arg(installation)),
            lines);
        const QString benId = ben.session->profile().id;
        QVERIFY(!benId.isEmpty());
        QCOMPARE(sql(server,
                     QStringLiteral("SELECT COUNT(*) FROM analytics_events WHERE"
                                    " installation_id LIKE '%%1%'")
                         .arg(benId)),
            0);

        // Something queued, then the opt-out: the queue is emptied, the server drops the
        // installation's raw events.
        QVERIFY(ben.recorder->screenViewed(QStringLiteral("queued.then.dropped")));
        QSignalSpy dropped(ben.uploader, &AnalyticsUploader::dropped);
        ben.recorder->setConsent(false);
        QCOMPARE(ben.recorder->consent(), AnalyticsRecorder::Consent::Off);
        QVERIFY(!ben.recorder->enabled());
        QCOMPARE(ben.store->lineCount(), 0);
        QTRY_COMPARE_WITH_TIMEOUT(dropped.size(), 1, kTimeout);
        QCOMPARE(dropped.first().first().toString(), installation);
        QCOMPARE(sql(server,
                     QStringLiteral("SELECT COUNT(*) FROM analytics_events WHERE"
                                    " installation_id = '%1'")
                         .arg(installation)),
            0);
        QVERIFY(ben.recorder->pendingDrops().isEmpty());

        // Recorded after the opt-out: nothing is queued, nothing reaches the server.
        QTRY_VERIFY_WITH_TIMEOUT(!ben.uploader->isBusy(), kTimeout);
        const int postsBefore = sql(server,
            QStringLiteral("SELECT COALESCE(SUM(requests), 0) FROM access_log WHERE"
                           " endpoint = '/v1/analytics/events'"));
        QVERIFY(!ben.recorder->screenViewed(QStringLiteral("after.optout")));
        QVERIFY(!ben.recorder->featureUsed(QStringLiteral("after.optout")));
        QCOMPARE(ben.store->lineCount(), 0);
        idle.clear();
        ben.uploader->sendNow();
        QTRY_VERIFY_WITH_TIMEOUT(!idle.isEmpty(), kTimeout);
        QCOMPARE(uploaded.size(), 1);
        QTest::qWait(1000); // the access log writes its lines within 250 ms
        QCOMPARE(sql(server,
                     QStringLiteral("SELECT COALESCE(SUM(requests), 0) FROM access_log WHERE"
                                    " endpoint = '/v1/analytics/events'")),
            postsBefore);
        QCOMPARE(sql(server,
                     QStringLiteral(
                         "SELECT COUNT(*) FROM analytics_events WHERE name = 'after.optout'")),
            0);
        QCOMPARE(countOf(adminRead(server), QStringLiteral("screen"),
                     QStringLiteral("queued.then.dropped")),
            0);
    }

    // The organisation's default in the server's config file (SQLite here).
    void defaultFromTheConfigFile()
    {
        ServerProcess server;
        ServerProcess::Options options = serverOptions();
        options.config.insert(QStringLiteral("analytics"),
            QJsonObject { { QStringLiteral("default"), QStringLiteral("off") } });
        QVERIFY2(server.start(options), qPrintable(server.error()));
        const HttpResult settings =
            httpRequest("GET", server.url(QStringLiteral("/v1/analytics/settings")), {},
                bearer(tokenOf(server, QStringLiteral("Ben Okafor"))));
        QCOMPARE(settings.status, 200);
        QCOMPARE(settings.json().value(QStringLiteral("defaultConsent")), QJsonValue(false));

        // The app reads it when its services start: nothing is recorded until Ben says yes.
        MemorySecretStore secrets;
        AnalyticsDevice ben(server.url(), m_ca.caFile(), secrets, m_deviceInfo, newDatabasePath());
        ben.uploader->setThreshold(1000);
        QSignalSpy idle(ben.uploader, &AnalyticsUploader::idle);
        ben.stack->start();
        QVERIFY(signIn(ben, server, QStringLiteral("Ben Okafor")));
        QTRY_VERIFY_WITH_TIMEOUT(!idle.isEmpty(), kTimeout);
        QVERIFY(!ben.recorder->enabled());
        QVERIFY(ben.recorder->needsAnswer());
        QVERIFY(!ben.recorder->errorShown(QStringLiteral("inbox.sync")));
        QVERIFY(!ben.recorder->screenViewed(QStringLiteral("inbox")));
        QCOMPARE(ben.store->lineCount(), 0);
        ben.recorder->setConsent(true);
        QVERIFY(ben.recorder->errorShown(QStringLiteral("inbox.sync")));
        QCOMPARE(ben.store->lineCount(), 1);
    }

    // The command line overrides the file; a wrong value in the file stops the server.
    void commandLineOverridesTheFile()
    {
        ServerProcess server;
        ServerProcess::Options options = serverOptions();
        options.config.insert(QStringLiteral("analytics"),
            QJsonObject { { QStringLiteral("default"), QStringLiteral("off") } });
        options.extraArguments = { QStringLiteral("--analytics-default"), QStringLiteral("on") };
        QVERIFY2(server.start(options), qPrintable(server.error()));
        const HttpResult settings =
            httpRequest("GET", server.url(QStringLiteral("/v1/analytics/settings")), {},
                bearer(tokenOf(server, QStringLiteral("Ben Okafor"))));
        QCOMPARE(settings.status, 200);
        QCOMPARE(settings.json().value(QStringLiteral("defaultConsent")), QJsonValue(true));

        for (const QJsonValue &wrong : { QJsonValue(QStringLiteral("maybe")), QJsonValue(false) }) {
            ServerProcess refused;
            ServerProcess::Options bad = serverOptions();
            bad.config.insert(
                QStringLiteral("analytics"), QJsonObject { { QStringLiteral("default"), wrong } });
            QVERIFY(!refused.start(bad));
            QVERIFY2(refused.error().contains(
                         QStringLiteral("analytics.default must be \"on\" or \"off\"")),
                qPrintable(refused.error()));
            QVERIFY(!refused.isRunning());
        }
    }
};

QTEST_GUILESS_MAIN(TestAnalyticsClient)
#include "tst_analytics_client.moc"
