#include "base/clockfile.h"
#include "base/serverconfig.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace tessera::server;

class TestServerConfig : public QObject
{
    Q_OBJECT

    static std::optional<ServerConfig> parse(const QByteArray &json, QString *error,
        const QString &baseDir = QStringLiteral("/etc/tessera"))
    {
        return ServerConfig::fromJson(QJsonDocument::fromJson(json).object(), baseDir, error);
    }

private Q_SLOTS:
    void defaults()
    {
        const ServerConfig config;
        QCOMPARE(config.listenAddress, QHostAddress(QHostAddress::LocalHost));
        QCOMPARE(config.database, QStringLiteral("sqlite"));
        QCOMPARE(config.passwordHashCost, PasswordHasher::Cost::Interactive);
        QVERIFY(!config.demo);
        QVERIFY(!config.tls.isEnabled());
        QVERIFY(!config.directory.isConfigured());
        QCOMPARE(config.idempotencyKeyRetentionDays, 7);
        QCOMPARE(config.eventRetentionDays, 30);
    }

    void fullFile()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QFile secret(dir.filePath(QStringLiteral("bind.pw")));
        QVERIFY(secret.open(QIODevice::WriteOnly));
        secret.write("s3rvice-pw\n");
        secret.close();
        QFile certificate(dir.filePath(QStringLiteral("server.crt")));
        QVERIFY(certificate.open(QIODevice::WriteOnly));
        certificate.close();
        QFile key(dir.filePath(QStringLiteral("server.key")));
        QVERIFY(key.open(QIODevice::WriteOnly));
        key.close();
        QFile file(dir.filePath(QStringLiteral("server.json")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        const QJsonObject json {
            { QStringLiteral("listen"), QStringLiteral("0.0.0.0:8443") },
            { QStringLiteral("dataDir"), QStringLiteral("data") },
            { QStringLiteral("database"),
                QStringLiteral("postgresql://tessera@db.internal:5432/tessera") },
            { QStringLiteral("tls"),
                QJsonObject { { QStringLiteral("certificate"), QStringLiteral("server.crt") },
                    { QStringLiteral("key"), QStringLiteral("server.key") } } },
            { QStringLiteral("directory"),
                QJsonObject { { QStringLiteral("url"), QStringLiteral("ldaps://dc.example.com") },
                    { QStringLiteral("security"), QStringLiteral("ldaps") },
                    { QStringLiteral("baseDn"), QStringLiteral("dc=example,dc=com") },
                    { QStringLiteral("bindDn"), QStringLiteral("cn=svc,dc=example,dc=com") },
                    { QStringLiteral("bindPasswordFile"), QStringLiteral("bind.pw") } } },
            { QStringLiteral("passwordHashCost"), QStringLiteral("moderate") },
            { QStringLiteral("minimumAppVersion"), QStringLiteral("0.1.0") },
            { QStringLiteral("retention"),
                QJsonObject { { QStringLiteral("accessLogDays"), 30 },
                    { QStringLiteral("idempotencyKeyDays"), 3 },
                    { QStringLiteral("eventDays"), 45 } } },
            { QStringLiteral("accessLog"),
                QJsonObject { { QStringLiteral("flushMilliseconds"), 1000 } } },
        };
        file.write(QJsonDocument(json).toJson());
        file.close();
        QString error;
        const auto config = ServerConfig::fromFile(file.fileName(), &error);
        QVERIFY2(config, qPrintable(error));
        QCOMPARE(config->listenAddress, QHostAddress(QStringLiteral("0.0.0.0")));
        QCOMPARE(config->listenPort, quint16(8443));
        QCOMPARE(config->dataDir, dir.filePath(QStringLiteral("data")));
        QCOMPARE(config->tls.certificateFile, dir.filePath(QStringLiteral("server.crt")));
        QCOMPARE(config->directory.bindPassword, QStringLiteral("s3rvice-pw"));
        QCOMPARE(config->directory.security, DirectoryConfig::Security::Ldaps);
        QCOMPARE(config->passwordHashCost, PasswordHasher::Cost::Moderate);
        QCOMPARE(config->minimumAppVersion, QStringLiteral("0.1.0"));
        QCOMPARE(config->accessLogRetentionDays, 30);
        QCOMPARE(config->idempotencyKeyRetentionDays, 3);
        QCOMPARE(config->eventRetentionDays, 45);
        QCOMPARE(qint64(config->accessLogFlushInterval.count()), qint64(1000));
        QVERIFY2(config->validate(&error), qPrintable(error));
    }

    void refused_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("unknown key")
            << QByteArray("{\"lisen\":\"127.0.0.1:1\"}") << QStringLiteral("lisen");
        QTest::newRow("wrong type") << QByteArray("{\"dataDir\":5}") << QStringLiteral("dataDir");
        QTest::newRow("bad listen")
            << QByteArray("{\"listen\":\"localhost\"}") << QStringLiteral("localhost");
        QTest::newRow("bad port") << QByteArray("{\"listen\":\"127.0.0.1:70000\"}")
                                  << QStringLiteral("70000");
        QTest::newRow("bad cost") << QByteArray("{\"passwordHashCost\":\"fast\"}")
                                  << QStringLiteral("passwordHashCost");
        QTest::newRow("bad minimum version") << QByteArray("{\"minimumAppVersion\":\"latest\"}")
                                             << QStringLiteral("minimumAppVersion");
        QTest::newRow("retention not object")
            << QByteArray("{\"retention\":90}") << QStringLiteral("retention");
        QTest::newRow("retention unknown")
            << QByteArray("{\"retention\":{\"scans\":1}}") << QStringLiteral("retention.scans");
        QTest::newRow("retention fraction") << QByteArray("{\"retention\":{\"accessLogDays\":1.5}}")
                                            << QStringLiteral("accessLogDays");
        QTest::newRow("idempotency keys kept no day")
            << QByteArray("{\"retention\":{\"idempotencyKeyDays\":0}}")
            << QStringLiteral("retention.idempotencyKeyDays");
        QTest::newRow("events kept no day") << QByteArray("{\"retention\":{\"eventDays\":0}}")
                                            << QStringLiteral("retention.eventDays");
        QTest::newRow("retention zero") << QByteArray("{\"retention\":{\"accessLogDays\":0}}")
                                        << QStringLiteral("accessLogDays");
        QTest::newRow("access log not object")
            << QByteArray("{\"accessLog\":250}") << QStringLiteral("accessLog");
        QTest::newRow("access log unknown")
            << QByteArray("{\"accessLog\":{\"flush\":250}}") << QStringLiteral("accessLog.flush");
        QTest::newRow("access log flush too short")
            << QByteArray("{\"accessLog\":{\"flushMilliseconds\":0}}")
            << QStringLiteral("flushMilliseconds");
        QTest::newRow("access log flush fraction")
            << QByteArray("{\"accessLog\":{\"flushMilliseconds\":2.5}}")
            << QStringLiteral("flushMilliseconds");
        QTest::newRow("demo not bool")
            << QByteArray("{\"demo\":\"yes\"}") << QStringLiteral("demo");
        QTest::newRow("unknown tls key")
            << QByteArray("{\"tls\":{\"cert\":\"x\"}}") << QStringLiteral("tls.cert");
        QTest::newRow("bad security")
            << QByteArray("{\"directory\":{\"url\":\"ldap://x\",\"security\":\"none\"}}")
            << QStringLiteral("directory.security");
        QTest::newRow("http not object") << QByteArray("{\"http\":1}") << QStringLiteral("http");
        QTest::newRow("http unknown")
            << QByteArray("{\"http\":{\"maxBodyBytes\":1}}") << QStringLiteral("http.maxBodyBytes");
        QTest::newRow("http header bytes too small")
            << QByteArray("{\"http\":{\"maxHeaderBytes\":10}}") << QStringLiteral("maxHeaderBytes");
        QTest::newRow("http timeout fraction")
            << QByteArray("{\"http\":{\"idleTimeoutMilliseconds\":1.5}}")
            << QStringLiteral("idleTimeoutMilliseconds");
        QTest::newRow("http negative cap")
            << QByteArray("{\"http\":{\"maxConnectionsPerAddress\":-1}}")
            << QStringLiteral("maxConnectionsPerAddress");
        QTest::newRow("webhooks not object")
            << QByteArray("{\"webhooks\":30}") << QStringLiteral("webhooks");
        QTest::newRow("webhooks unknown")
            << QByteArray("{\"webhooks\":{\"retries\":3}}") << QStringLiteral("webhooks.retries");
        QTest::newRow("webhook timeout zero") << QByteArray("{\"webhooks\":{\"timeoutSeconds\":0}}")
                                              << QStringLiteral("timeoutSeconds");
        QTest::newRow("webhook timeout too long")
            << QByteArray("{\"webhooks\":{\"timeoutSeconds\":301}}")
            << QStringLiteral("timeoutSeconds");
        QTest::newRow("analytics not object")
            << QByteArray("{\"analytics\":\"off\"}") << QStringLiteral("analytics must be");
        QTest::newRow("analytics unknown")
            << QByteArray("{\"analytics\":{\"on\":true}}") << QStringLiteral("analytics.on");
        QTest::newRow("analytics default neither on nor off")
            << QByteArray("{\"analytics\":{\"default\":\"maybe\"}}")
            << QStringLiteral("analytics.default must be \"on\" or \"off\"");
        QTest::newRow("analytics default a boolean") << QByteArray(
            "{\"analytics\":{\"default\":false}}") << QStringLiteral("analytics.default");
        QTest::newRow("push not object")
            << QByteArray("{\"push\":true}") << QStringLiteral("push must be an object");
        QTest::newRow("push unknown")
            << QByteArray("{\"push\":{\"gcm\":{}}}") << QStringLiteral("push.gcm");
        QTest::newRow("push vapid key a number")
            << QByteArray("{\"push\":{\"vapidKeyFile\":1}}") << QStringLiteral("push.vapidKeyFile");
        QTest::newRow("push fcm not object")
            << QByteArray("{\"push\":{\"fcm\":\"x\"}}") << QStringLiteral("push.fcm must be");
        QTest::newRow("push fcm without account") << QByteArray("{\"push\":{\"fcm\":{}}}")
                                                  << QStringLiteral("push.fcm.serviceAccountFile");
        QTest::newRow("push fcm unknown")
            << QByteArray("{\"push\":{\"fcm\":{\"serviceAccountFile\":\"a\",\"key\":\"b\"}}}")
            << QStringLiteral("push.fcm.key");
        QTest::newRow("push fcm endpoint not a URL") << QByteArray(
            "{\"push\":{\"fcm\":{\"serviceAccountFile\":\"a\",\"endpoint\":\"ftp://x\"}}}")
                                                     << QStringLiteral("push.fcm.endpoint");
        QTest::newRow("push apns not object")
            << QByteArray("{\"push\":{\"apns\":[]}}") << QStringLiteral("push.apns must be");
        QTest::newRow("push apns empty")
            << QByteArray("{\"push\":{\"apns\":{}}}") << QStringLiteral("push.apns.keyFile");
        QTest::newRow("unreadable password file")
            << QByteArray("{\"directory\":{\"bindPasswordFile\":\"/nonexistent/pw\"}}")
            << QStringLiteral("bindPasswordFile");
    }
    void refused()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, mentions);
        QString error;
        QVERIFY(!parse(json, &error));
        QVERIFY2(error.contains(mentions), qPrintable(error));
    }

    // The webhook timeout (docs/NOTIFICATIONS.md, "Webhooks"): 30 s unless the file says.
    void webhookTimeout()
    {
        QCOMPARE(qint64(ServerConfig().webhookTimeout.count()), qint64(30));
        QString error;
        const auto config = parse(R"({"webhooks":{"timeoutSeconds":2}})", &error);
        QVERIFY2(config, qPrintable(error));
        QCOMPARE(qint64(config->webhookTimeout.count()), qint64(2));
    }

    // The organisation's analytics default: on unless the file says off.
    void analyticsDefault()
    {
        QVERIFY(ServerConfig().analyticsDefault);
        QString error;
        const auto off = parse(R"({"analytics":{"default":"off"}})", &error);
        QVERIFY2(off, qPrintable(error));
        QVERIFY(!off->analyticsDefault);
        const auto on = parse(R"({"analytics":{"default":"on"}})", &error);
        QVERIFY2(on, qPrintable(error));
        QVERIFY(on->analyticsDefault);
        const auto unsaid = parse(R"({"analytics":{}})", &error);
        QVERIFY2(unsaid, qPrintable(error));
        QVERIFY(unsaid->analyticsDefault);
    }

    // Push (README "Push"): the transports' settings, paths taken from the file's folder, apns
    // kept untouched for its own reader; nothing set: no transport.
    void pushConfig()
    {
        const ServerConfig none;
        QVERIFY(none.vapidKeyFile.isEmpty() && none.fcmServiceAccountFile.isEmpty());
        QVERIFY(none.apns.isEmpty());
        QString error;
        const QJsonObject push {
            { QStringLiteral("vapidKeyFile"), QStringLiteral("vapid.pem") },
            { QStringLiteral("vapidSubject"), QStringLiteral("mailto:ops@example.com") },
            { QStringLiteral("fcm"),
                QJsonObject { { QStringLiteral("serviceAccountFile"), QStringLiteral("fcm.json") },
                    { QStringLiteral("endpoint"), QStringLiteral("http://127.0.0.1:9/") } } },
            { QStringLiteral("apns"),
                QJsonObject { { QStringLiteral("teamId"), QStringLiteral("ABCDE12345") },
                    { QStringLiteral("anything"), QJsonArray { 1, 2 } } } },
        };
        const auto config =
            parse(QJsonDocument(QJsonObject { { QStringLiteral("push"), push } }).toJson(), &error);
        QVERIFY2(config, qPrintable(error));
        QCOMPARE(config->vapidKeyFile, QStringLiteral("/etc/tessera/vapid.pem"));
        QCOMPARE(config->vapidSubject, QStringLiteral("mailto:ops@example.com"));
        QCOMPARE(config->fcmServiceAccountFile, QStringLiteral("/etc/tessera/fcm.json"));
        QCOMPARE(config->fcmEndpoint, QStringLiteral("http://127.0.0.1:9/"));
        QCOMPARE(
            config->apns.value(QStringLiteral("teamId")).toString(), QStringLiteral("ABCDE12345"));
        QCOMPARE(config->apns.value(QStringLiteral("anything")).toArray().size(), 2);
    }

    // --clock-file moves the clock of demo and test servers only.
    void clockFileOnlyForDemo()
    {
        ServerConfig config;
        config.dataDir = QStringLiteral("/d");
        config.clockFile = QStringLiteral("/d/clock");
        QString error;
        QVERIFY(!config.validate(&error));
        QVERIFY2(error.contains(QStringLiteral("--clock-file")), qPrintable(error));
        config.demo = true;
        QVERIFY2(config.validate(&error), qPrintable(error));
        QCOMPARE(ClockFile::parse("259200\n"), std::optional<qint64>(259200));
        QCOMPARE(ClockFile::parse("-60"), std::optional<qint64>(-60));
        QCOMPARE(ClockFile::parse(""), std::optional<qint64>(0));
        QCOMPARE(ClockFile::parse("3 days"), std::nullopt);
        QCOMPARE(ClockFile::parse("99999999999999"), std::nullopt);
    }

    // The front door's limits (docs/DEVELOPING.md, HTTP limits): defaults and the "http" object.
    void httpLimits()
    {
        const HttpLimits defaults;
        QCOMPARE(defaults.maxHeaderBytes, qint64(16 * 1024));
        QCOMPARE(qint64(defaults.headerTimeout.count()), qint64(10'000));
        QCOMPARE(qint64(defaults.idleTimeout.count()), qint64(60'000));
        QVERIFY(defaults.maxConnectionsPerAddress > 0);
        QString error;
        const auto config = parse(R"({"http":{"maxHeaderBytes":8192,"headerTimeoutMilliseconds":500,
            "idleTimeoutMilliseconds":1500,"maxConnectionsPerAddress":0}})",
            &error);
        QVERIFY2(config, qPrintable(error));
        QCOMPARE(config->http.maxHeaderBytes, qint64(8192));
        QCOMPARE(qint64(config->http.headerTimeout.count()), qint64(500));
        QCOMPARE(qint64(config->http.idleTimeout.count()), qint64(1500));
        QCOMPARE(config->http.maxConnectionsPerAddress, 0);
        // Each API key's rate limit: 20 a second in bursts of 100 unless configured.
        QCOMPARE(defaults.apiKeyRequestsPerSecond, 20);
        QCOMPARE(defaults.apiKeyBurst, 100);
        const auto limited =
            parse(R"({"http":{"apiKeyRequestsPerSecond":0,"apiKeyBurst":7}})", &error);
        QVERIFY2(limited, qPrintable(error));
        QCOMPARE(limited->http.apiKeyRequestsPerSecond, 0);
        QCOMPARE(limited->http.apiKeyBurst, 7);
        QVERIFY(!parse(R"({"http":{"apiKeyBurst":0}})", &error));
        QVERIFY2(error.contains(QStringLiteral("http.apiKeyBurst")), qPrintable(error));
        QVERIFY(!parse(R"({"http":{"apiKeyRequestsPerSecond":2.5}})", &error));
        QVERIFY2(error.contains(QStringLiteral("http.apiKeyRequestsPerSecond")), qPrintable(error));
    }

    void validation_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("no data folder") << QByteArray("{}") << QStringLiteral("data folder");
        QTest::newRow("bad database")
            << QByteArray("{\"dataDir\":\"/d\",\"database\":\"mysql://x\"}")
            << QStringLiteral("database");
        QTest::newRow("tls without key")
            << QByteArray("{\"dataDir\":\"/d\",\"tls\":{\"certificate\":\"/c\"}}")
            << QStringLiteral("both");
        QTest::newRow("ldap with ldaps security") << QByteArray(
            "{\"dataDir\":\"/d\",\"directory\":{\"url\":\"ldap://dc\",\"baseDn\":\"b\","
            "\"bindDn\":\"c\",\"bindPassword\":\"p\"}}")
                                                  << QStringLiteral("scheme");
        QTest::newRow("ldaps with plain security") << QByteArray(
            "{\"dataDir\":\"/d\",\"directory\":{\"url\":\"ldaps://dc\",\"security\":\"plain\","
            "\"baseDn\":\"b\",\"bindDn\":\"c\",\"bindPassword\":\"p\"}}")
                                                   << QStringLiteral("scheme");
        QTest::newRow("directory without service account") << QByteArray(
            "{\"dataDir\":\"/d\",\"directory\":{\"url\":\"ldaps://dc\",\"baseDn\":\"b\"}}")
                                                           << QStringLiteral("bindDn");
    }
    void validation()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, mentions);
        QString error;
        const auto config = parse(json, &error);
        QVERIFY2(config, qPrintable(error));
        QVERIFY(!config->validate(&error));
        QVERIFY2(error.contains(mentions), qPrintable(error));
    }

    void plainDirectoryOnlyWhenSaid()
    {
        QString error;
        const auto config = parse(
            "{\"dataDir\":\"/d\",\"directory\":{\"url\":\"ldap://127.0.0.1:3890\","
            "\"security\":\"plain\",\"baseDn\":\"b\",\"bindDn\":\"c\",\"bindPassword\":\"p\"}}",
            &error);
        QVERIFY2(config, qPrintable(error));
        QVERIFY2(config->validate(&error), qPrintable(error));
        QCOMPARE(config->directory.security, DirectoryConfig::Security::Plain);
    }

    void listenForms_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("address");
        QTest::addColumn<int>("port");
        QTest::newRow("v4") << QStringLiteral("127.0.0.1:8080") << QStringLiteral("127.0.0.1")
                            << 8080;
        QTest::newRow("v6") << QStringLiteral("[::1]:0") << QStringLiteral("::1") << 0;
        QTest::newRow("any") << QStringLiteral("0.0.0.0:443") << QStringLiteral("0.0.0.0") << 443;
    }
    void listenForms()
    {
        QFETCH(QString, text);
        QFETCH(QString, address);
        QFETCH(int, port);
        ServerConfig config;
        QString error;
        QVERIFY2(config.setListen(text, &error), qPrintable(error));
        QCOMPARE(config.listenAddress, QHostAddress(address));
        QCOMPARE(int(config.listenPort), port);
    }
};

QTEST_GUILESS_MAIN(TestServerConfig)
#include "tst_serverconfig.moc"
