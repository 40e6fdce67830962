// The real tessera-server, as a process, on SQLite and on PostgreSQL: health, JSON errors,
// demo seeding, restarts, refusing a newer schema, clean stop.
#include "serverfixture.h"

using namespace tessera;
using namespace tessera::test;
using tessera::server::SecretSeal;
using tessera::server::webhookSecretContext;

class TestServer : public QObject, protected ServerFixture
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QVERIFY2(m_postgres.start(), qPrintable(m_postgres.error())); }

    void health_data() { addKinds(); }
    void health()
    {
        QFETCH(QString, kind);
        ServerProcess server;
        QVERIFY2(server.start(optionsFor(kind)), qPrintable(server.error()));
        const HttpResult result = httpRequest("GET", server.url(QStringLiteral("/v1/health")));
        QCOMPARE(result.status, 200);
        QVERIFY(result.header("Content-Type").startsWith("application/json"));
        const QJsonObject body = result.json();
        QCOMPARE(body.value(QStringLiteral("status")).toString(), QStringLiteral("ok"));
        QCOMPARE(body.value(QStringLiteral("version")).toString(), productVersion());
        QCOMPARE(body.value(QStringLiteral("database")).toString(), kind);
        QCOMPARE(server.stop(), std::optional<int>(0));
    }

    // HTTP/1.1 answers pipelined requests in their order, however long each takes: a sign-in
    // runs on the worker pool, health on the event loop, a 404 at once. After a request that
    // asks to close, the server answers it, closes, and runs nothing more. The order does not
    // depend on the database, so SQLite only.
    void pipelinedRequestsAreAnsweredInOrder()
    {
        ServerProcess server;
        QVERIFY2(server.start(optionsFor(QStringLiteral("sqlite"))), qPrintable(server.error()));
        const auto post = [](const QByteArray &path, const QByteArray &body) -> QByteArray {
            return "POST " + path
                + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                  "Content-Type: application/json\r\nContent-Length: "
                + QByteArray::number(body.size()) + "\r\n\r\n" + body;
        };
        const auto get = [](const QByteArray &path, const QByteArray &extra = {}) -> QByteArray {
            return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extra + "\r\n";
        };
        const QByteArray wrongPassword =
            R"({"username":"L0000000","password":"not-the-password","device":{"id":"d","name":"n","platform":"desktop"}})";

        const QList<RawAnswer> answers = pipeline(server.url(),
            post("/v1/auth/login", "{\"username\":1}") + get("/v1/health") + get("/v1/nothing-here")
                + post("/v1/auth/login", wrongPassword) + get("/v1/health"),
            5);
        QCOMPARE(answers.size(), 5);
        const auto code = [](const RawAnswer &answer) {
            return answer.body.value(QStringLiteral("error"))
                .toObject()
                .value(QStringLiteral("code"))
                .toString();
        };
        QCOMPARE(answers[0].status, 400);
        QCOMPARE(code(answers[0]), QStringLiteral("invalid_request"));
        QCOMPARE(answers[1].status, 200);
        QCOMPARE(answers[1].body.value(QStringLiteral("status")).toString(), QStringLiteral("ok"));
        QCOMPARE(answers[2].status, 404);
        QCOMPARE(code(answers[2]), QStringLiteral("not_found"));
        QVERIFY2(answers[3].status == 400 || answers[3].status == 401,
            qPrintable(QString::number(answers[3].status)));
        QCOMPARE(answers[4].status, 200);

        bool closed = false;
        const QList<RawAnswer> closing = pipeline(server.url(),
            post("/v1/auth/login", "{\"username\":1}")
                + get("/v1/nothing-here", "Connection: close\r\n") + get("/v1/health"),
            2, &closed);
        QCOMPARE(closing.size(), 2);
        QCOMPARE(closing[0].status, 400);
        QCOMPARE(closing[1].status, 404);
        QVERIFY(closed);
        QCOMPARE(server.stop(), std::optional<int>(0));
    }

    // SQLite's WAL is copied into the database in the background (Storage::checkpoint), not by
    // the request whose commit crosses SQLite's threshold (it waited for the copy and its fsync):
    // after some writes, the database file grows within seconds, with no request doing it.
    void walIsCheckpointedInTheBackground()
    {
        ServerProcess server;
        QVERIFY2(server.start(optionsFor(QStringLiteral("sqlite"))), qPrintable(server.error()));
        const QString database = QDir(server.dataDir()).filePath(QStringLiteral("tessera.db"));
        QTest::qWait(2 * int(server::Storage::checkpointInterval.count())); // the demo data's
        const qint64 before = QFileInfo(database).size();
        const QString key = demoApiKey(server).value(QStringLiteral("key")).toString();
        const QString ben = demoAccount(server, QStringLiteral("Ben Okafor"))
                                .value(QStringLiteral("userId"))
                                .toString();
        QVERIFY(!key.isEmpty() && !ben.isEmpty());
        for (int i = 0; i < 100; ++i) {
            const QJsonObject notice {
                { QStringLiteral("recipients"),
                    QJsonObject { { QStringLiteral("users"), QJsonArray { ben } } } },
                { QStringLiteral("title"), QStringLiteral("Notice %1").arg(i) },
                { QStringLiteral("body"), QString(2000, u'x') },
                { QStringLiteral("category"), QStringLiteral("general") },
                { QStringLiteral("reference"), QStringLiteral("CKPT-%1").arg(i) },
            };
            const HttpResult posted =
                httpRequest("POST", server.url(QStringLiteral("/v1/notifications")),
                    compactJson(notice), bearer(key, "checkpoint-" + QByteArray::number(i)));
            QVERIFY2(posted.status == 201, posted.body.constData());
        }
        QTRY_VERIFY_WITH_TIMEOUT(QFileInfo(database).size() > before, 10000);
        QCOMPARE(server.stop(), std::optional<int>(0));
    }

    void errorsAreJson_data() { addKinds(); }
    void errorsAreJson()
    {
        QFETCH(QString, kind);
        ServerProcess server;
        QVERIFY2(server.start(optionsFor(kind)), qPrintable(server.error()));

        const HttpResult missing =
            httpRequest("GET", server.url(QStringLiteral("/v1/nothing-here")));
        QCOMPARE(missing.status, 404);
        verifyErrorBody(missing, QStringLiteral("not_found"));

        const HttpResult wrongMethod =
            httpRequest("POST", server.url(QStringLiteral("/v1/health")), "{}");
        QCOMPARE(wrongMethod.status, 405);
        verifyErrorBody(wrongMethod, QStringLiteral("method_not_allowed"));
        QCOMPARE(wrongMethod.header("Allow"), QByteArrayLiteral("GET, HEAD"));

        const HttpResult deleteIt = httpRequest("DELETE", server.url(QStringLiteral("/v1/health")));
        QCOMPARE(deleteIt.status, 405);
    }

    // The access log is written in batches by one writer (docs/IDENTITY.md, "Access log"): every
    // request still gets its line, health probes share one per batch with a count, and a clean
    // stop writes what waits.
    void accessLogKeepsEveryRequest_data() { addKinds(); }
    void accessLogKeepsEveryRequest()
    {
        QFETCH(QString, kind);
        const auto call = [](const ServerProcess &server, const QByteArray &method,
                              const QString &path) {
            return httpRequest(method, server.url(path), method == "POST" ? "{}" : QByteArray())
                .status;
        };
        const QString others =
            QStringLiteral("SELECT COUNT(*) FROM access_log WHERE NOT (method = 'GET' AND"
                           " endpoint = '/v1/health')");
        const QString probes = QStringLiteral(
            "SELECT COALESCE(SUM(requests), 0) FROM access_log WHERE method = 'GET' AND"
            " endpoint = '/v1/health' AND status = 200 AND client_ip = '127.0.0.1'");

        // Written while the server runs, a quarter of a second after the requests (waited for).
        ServerProcess server;
        ServerProcess::Options options = optionsFor(kind);
        QVERIFY2(server.start(options), qPrintable(server.error()));
        for (int i = 0; i < 3; ++i)
            QCOMPARE(call(server, "POST", QStringLiteral("/v1/health")), 405);
        for (int i = 0; i < 2; ++i)
            QCOMPARE(call(server, "GET", QStringLiteral("/v1/me")), 401);
        for (int i = 0; i < 5; ++i)
            QCOMPARE(call(server, "GET", QStringLiteral("/v1/health")), 200);
        QTRY_COMPARE(runSql(kind, options.database, server.dataDir(), probes), QVariant(5));
        QCOMPARE(runSql(kind, options.database, server.dataDir(), others), QVariant(5));
        QCOMPARE(runSql(kind, options.database, server.dataDir(),
                     QStringLiteral("SELECT COUNT(*) FROM access_log WHERE endpoint ="
                                    " '/v1/me' AND status = 401 AND user_id IS NULL AND"
                                    " requests = 1")),
            QVariant(2));
        QCOMPARE(server.stop(), std::optional<int>(0));

        // A flush interval longer than this test: only the clean stop (SIGTERM) writes them.
        ServerProcess again;
        options.dataDir = server.dataDir();
        options.config = QJsonObject { { QStringLiteral("accessLog"),
            QJsonObject { { QStringLiteral("flushMilliseconds"), 60000 } } } };
        QVERIFY2(again.start(options), qPrintable(again.error()));
        for (int i = 0; i < 20; ++i)
            QCOMPARE(call(again, "POST", QStringLiteral("/v1/health")), 405);
        for (int i = 0; i < 10; ++i)
            QCOMPARE(call(again, "GET", QStringLiteral("/v1/health")), 200);
        QCOMPARE(again.stop(), std::optional<int>(0));
        QCOMPARE(runSql(kind, options.database, server.dataDir(), others), QVariant(25));
        QCOMPARE(runSql(kind, options.database, server.dataDir(),
                     QStringLiteral("SELECT COUNT(*) FROM access_log WHERE method = 'POST' AND"
                                    " endpoint = '/v1/health' AND status = 405")),
            QVariant(23));
        QCOMPARE(runSql(kind, options.database, server.dataDir(), probes), QVariant(15));
        // The ten probes of one batch from one address: one line that counts them.
        QCOMPARE(runSql(kind, options.database, server.dataDir(),
                     QStringLiteral("SELECT COUNT(*) FROM access_log WHERE method = 'GET' AND"
                                    " endpoint = '/v1/health' AND requests = 10")),
            QVariant(1));
    }

    void demoSeeding_data() { addKinds(); }
    void demoSeeding()
    {
        QFETCH(QString, kind);
        ServerProcess server;
        const ServerProcess::Options options = optionsFor(kind);
        QVERIFY2(server.start(options), qPrintable(server.error()));
        const QString path = QDir(server.dataDir()).filePath(QStringLiteral("demo-accounts.json"));
        QVERIFY2(server.output().contains(path.toUtf8()), "the server says where the file is");
        const QFile::Permissions permissions = QFile::permissions(path);
        const QFile::Permissions groupOrOther = QFile::ReadGroup | QFile::WriteGroup
            | QFile::ExeGroup | QFile::ReadOther | QFile::WriteOther | QFile::ExeOther;
        QVERIFY(permissions.testFlags(QFile::ReadOwner | QFile::WriteOwner));
        QVERIFY2(!(permissions & groupOrOther), "demo-accounts.json must be mode 0600");
        QVERIFY(!permissions.testFlag(QFile::ExeOwner));

        const QJsonObject file = server.demoAccounts();
        const QJsonArray accounts = file.value(QStringLiteral("accounts")).toArray();
        QCOMPARE(accounts.size(), 5);
        int admins = 0, managers = 0, employees = 0, scanners = 0, medicalNonEmployees = 0;
        QStringList passwords;
        for (const auto &value : accounts) {
            const QJsonObject account = value.toObject();
            for (const char *field : { "username", "password", "kind", "userType" })
                QVERIFY2(!account.value(QLatin1String(field)).toString().isEmpty(), field);
            QCOMPARE(account.value(QStringLiteral("kind")).toString(), QStringLiteral("local"));
            const QStringList roles =
                account.value(QStringLiteral("roles")).toVariant().toStringList();
            const QString userType = account.value(QStringLiteral("userType")).toString();
            admins += roles.contains(QStringLiteral("admin"));
            managers += roles.contains(QStringLiteral("manager"));
            scanners += roles.contains(QStringLiteral("scanner"));
            employees += userType == QLatin1String("employee");
            medicalNonEmployees += userType == QLatin1String("non_employee")
                && roles == QStringList { QStringLiteral("medical") };
            if (userType == QLatin1String("employee"))
                QVERIFY(!roles.contains(QStringLiteral("scanner")));
            else
                QVERIFY(!roles.contains(QStringLiteral("manager")));
            const QString password = account.value(QStringLiteral("password")).toString();
            QVERIFY(password.size() >= 12);
            passwords.append(password);
        }
        QCOMPARE(admins, 1);
        QCOMPARE(employees, 2);
        QCOMPARE(managers, 1);
        QCOMPARE(scanners, 1);
        QCOMPARE(medicalNonEmployees, 1); // Mira Nurse: the medical role, no other
        passwords.removeDuplicates();
        QCOMPARE(passwords.size(), 5);

        const QJsonArray keys = file.value(QStringLiteral("apiKeys")).toArray();
        QCOMPARE(keys.size(), 1);
        const QJsonObject key = keys.first().toObject();
        QVERIFY(!key.value(QStringLiteral("subsystem")).toString().isEmpty());
        QVERIFY(key.value(QStringLiteral("key")).toString().startsWith(QStringLiteral("tsk_")));
        QVERIFY(key.value(QStringLiteral("webhookSecret"))
                    .toString()
                    .startsWith(QStringLiteral("whsec_")));
        QCOMPARE(key.value(QStringLiteral("callbackPrefix")).toString(),
            QStringLiteral("http://127.0.0.1"));

        // No secret in what the server printed.
        const QByteArray output = server.output();
        for (const QString &password : std::as_const(passwords))
            QVERIFY(!output.contains(password.toUtf8()));
        QVERIFY(!output.contains(key.value(QStringLiteral("key")).toString().toUtf8()));
        QVERIFY(!output.contains(key.value(QStringLiteral("webhookSecret")).toString().toUtf8()));

        // A restart on the same data keeps the accounts: nothing is generated again.
        QFile original(path);
        QVERIFY(original.open(QIODevice::ReadOnly));
        const QByteArray before = original.readAll();
        original.close();
        QCOMPARE(server.stop(), std::optional<int>(0));
        ServerProcess again;
        ServerProcess::Options restart = options;
        restart.dataDir = server.dataDir();
        QVERIFY2(again.start(restart), qPrintable(again.error()));
        QVERIFY(again.output().contains("Demo accounts kept"));
        QFile after(path);
        QVERIFY(after.open(QIODevice::ReadOnly));
        QCOMPARE(after.readAll(), before);
    }

    // Webhook secrets and the pass issuer's secret keys are sealed in the database with a key
    // kept beside it (docs/IDENTITY.md, "Secrets at rest"): a database from before is sealed at
    // start; a missing or wrong key stops the server with words saying so, and changes nothing.
    void secretsAreSealedAtRest_data() { addKinds(); }
    void secretsAreSealedAtRest()
    {
        QFETCH(QString, kind);
        ServerProcess server;
        ServerProcess::Options options = optionsFor(kind);
        QVERIFY2(server.start(options), qPrintable(server.error()));
        const QString dataDir = server.dataDir();
        options.dataDir = dataDir;
        const QString keyFile = QDir(dataDir).filePath(QStringLiteral("secrets.key"));
        const QString plainSecret =
            demoApiKey(server).value(QStringLiteral("webhookSecret")).toString();
        QVERIFY(plainSecret.startsWith(QLatin1String("whsec_")));
        QCOMPARE(server.stop(), std::optional<int>(0));
        const QFile::Permissions keyPermissions = QFile::permissions(keyFile);
        QVERIFY(keyPermissions.testFlags(QFile::ReadOwner | QFile::WriteOwner));
        QVERIFY2(!(keyPermissions
                     & (QFile::ReadGroup | QFile::WriteGroup | QFile::ExeGroup | QFile::ReadOther
                         | QFile::WriteOther | QFile::ExeOther)),
            "secrets.key must be mode 0600");

        const auto value = [&](const QString &statement) {
            return runServerSql(dataDir, options.database, statement).value.toString();
        };
        const QString keyId = value(QStringLiteral("SELECT id FROM api_keys"));
        const QString sealedSecret = value(QStringLiteral("SELECT webhook_secret FROM api_keys"));
        QVERIFY2(SecretSeal::isSealed(sealedSecret), qPrintable(sealedSecret));
        QVERIFY(!sealedSecret.contains(plainSecret));
        QCOMPARE(value(QStringLiteral("SELECT COUNT(*) FROM issuer_keys WHERE secret_key NOT LIKE "
                                      "'sealed1:%'")),
            QStringLiteral("0"));
        QString error;
        const std::optional<QByteArray> key = SecretSeal::loadKey(keyFile, false, &error);
        QVERIFY2(key, qPrintable(error));
        const SecretSeal seal(*key);
        QCOMPARE(seal.open(sealedSecret, webhookSecretContext(keyId)), plainSecret.toUtf8());
        QVERIFY(!seal.open(sealedSecret, webhookSecretContext(QStringLiteral("key_other"))));

        // A database from before sealing: sealed at the next start, to the same secret.
        QVERIFY(runServerSql(dataDir, options.database,
            QStringLiteral("UPDATE api_keys SET webhook_secret = 'whsec_from_before'"))
                    .ok);
        QVERIFY2(server.start(options), qPrintable(server.error()));
        QCOMPARE(server.stop(), std::optional<int>(0));
        const QString resealed = value(QStringLiteral("SELECT webhook_secret FROM api_keys"));
        QVERIFY(SecretSeal::isSealed(resealed));
        QCOMPARE(seal.open(resealed, webhookSecretContext(keyId)), QByteArray("whsec_from_before"));

        // The key gone: no start, no new key, the database as it was.
        QVERIFY(QFile::rename(keyFile, keyFile + QStringLiteral(".away")));
        QVERIFY(!server.start(options));
        QVERIFY2(
            server.error().contains(QStringLiteral("secrets key")), qPrintable(server.error()));
        QVERIFY2(server.error().contains(QStringLiteral("missing")), qPrintable(server.error()));
        QVERIFY(!QFile::exists(keyFile));
        QCOMPARE(value(QStringLiteral("SELECT webhook_secret FROM api_keys")), resealed);

        // Another server's key: no start either.
        QFile other(keyFile);
        QVERIFY(other.open(QIODevice::WriteOnly));
        other.write(QByteArray(SecretSeal::keyBytes, 'x').toBase64() + '\n');
        other.close();
        QVERIFY(!server.start(options));
        QVERIFY2(
            server.error().contains(QStringLiteral("does not open")), qPrintable(server.error()));
        QCOMPARE(value(QStringLiteral("SELECT webhook_secret FROM api_keys")), resealed);

        // The right key back: it starts.
        QVERIFY(QFile::remove(keyFile));
        QVERIFY(QFile::rename(keyFile + QStringLiteral(".away"), keyFile));
        QVERIFY2(server.start(options), qPrintable(server.error()));
        QCOMPARE(server.stop(), std::optional<int>(0));
    }

    void newerSchemaIsRefused_data() { addKinds(); }
    void newerSchemaIsRefused()
    {
        QFETCH(QString, kind);
        ServerProcess server;
        const ServerProcess::Options options = optionsFor(kind);
        QVERIFY2(server.start(options), qPrintable(server.error()));
        QCOMPARE(server.stop(), std::optional<int>(0));

        // Someone ran a newer server on this database.
        QVERIFY(runSql(kind, options.database, server.dataDir(),
            QStringLiteral("INSERT INTO schema_migrations (version, name, applied_at)"
                           " VALUES (999, 'from the future', '2030-01-01T00:00:00Z')"))
                    .isValid());

        ServerProcess newer;
        ServerProcess::Options restart = options;
        restart.dataDir = server.dataDir();
        QVERIFY(!newer.start(restart));
        QVERIFY2(newer.error().contains(QStringLiteral("newer than this server")),
            qPrintable(newer.error()));
        QVERIFY2(newer.error().contains(QStringLiteral("999")), qPrintable(newer.error()));

        // Untouched: the people and the newer version are all still there.
        QCOMPARE(runSql(kind, options.database, server.dataDir(),
                     QStringLiteral("SELECT COUNT(*) FROM users")),
            QVariant(5));
        QCOMPARE(runSql(kind, options.database, server.dataDir(),
                     QStringLiteral("SELECT MAX(version) FROM schema_migrations")),
            QVariant(999));
    }

    // A feature's steps from a newer server (here one this server does not know at all): the
    // start is refused with the feature's name, the data left as it is.
    void newerFeatureIsRefused_data() { addKinds(); }
    void newerFeatureIsRefused()
    {
        QFETCH(QString, kind);
        ServerProcess server;
        const ServerProcess::Options options = optionsFor(kind);
        QVERIFY2(server.start(options), qPrintable(server.error()));
        QCOMPARE(server.stop(), std::optional<int>(0));
        QVERIFY(runSql(kind, options.database, server.dataDir(),
            QStringLiteral("INSERT INTO feature_migrations (feature, version, name, applied_at)"
                           " VALUES ('news', 99, 'from the future', '2030-01-01T00:00:00Z')"))
                    .isValid());

        ServerProcess newer;
        ServerProcess::Options restart = options;
        restart.dataDir = server.dataDir();
        QVERIFY(!newer.start(restart));
        QVERIFY2(newer.error().contains(QStringLiteral("“news”")), qPrintable(newer.error()));
        QVERIFY2(newer.error().contains(QStringLiteral("newer than this server")),
            qPrintable(newer.error()));
        QCOMPARE(runSql(kind, options.database, server.dataDir(),
                     QStringLiteral("SELECT MAX(version) FROM feature_migrations")),
            QVariant(99));
        QCOMPARE(runSql(kind, options.database, server.dataDir(),
                     QStringLiteral("SELECT COUNT(*) FROM users")),
            QVariant(5));
    }

    void refusesBadStart()
    {
        ServerProcess server;
        ServerProcess::Options options;
        options.extraArguments = { QStringLiteral("--now"), QStringLiteral("yesterday") };
        QVERIFY(!server.start(options));
        QVERIFY2(server.error().contains(QStringLiteral("RFC 3339")), qPrintable(server.error()));

        ServerProcess unreachable;
        ServerProcess::Options badDatabase;
        badDatabase.database = QStringLiteral("postgresql://postgres@127.0.0.1:1/none");
        QVERIFY(!unreachable.start(badDatabase));
        QVERIFY2(unreachable.error().contains(QStringLiteral("cannot open")),
            qPrintable(unreachable.error()));
    }

    void cleanupTestCase() { m_postgres.stop(); }
};

QTEST_GUILESS_MAIN(TestServer)
#include "tst_server.moc"
