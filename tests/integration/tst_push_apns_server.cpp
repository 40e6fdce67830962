// APNs through the real server, on SQLite and PostgreSQL: tessera-server with
// "push": {"apns": {...}} in its config file (the .p8 named relative to that file) against the
// loopback HTTP/2 APNs of tests/data/apns_service.py, which verifies the provider token with PyJWT
// and DECRYPTS "p" with the independent RFC 8291 decryptor of webpush_receiver.py:
// - an apns registration (64 hex digits, upper case, and the device's push keys): 204, stored
//   in lower case;
// - a posted notification reaches the loopback APNs over HTTP/2 with the topic, the item as
//   collapse id, priority 10 for an actionable item and 5 for a normal one; "p" decrypts to the
//   item id, title and actions; the title is nowhere in the request in clear;
// - 410 Unregistered removes the subscription, and the next notification sends nothing to it;
// - a bad apns config (a 9-character keyId, a missing key file, a key file that is no key) stops
//   the server with a message naming the key, never the key's contents;
// - "apns": {} stops the server too (it named no key; it used to start without APNs);
// - an http endpoint on a server without --demo is refused (the same config with https starts).
#include "pushserverparts.h"

#include <QRandomGenerator>

using namespace tessera::test;

namespace {

const QString keyId = QStringLiteral("KEY1234567");
const QString teamId = QStringLiteral("TEAM765432");
const QString bundleId = QStringLiteral("org.tessera.app");
const QString keyName = QStringLiteral("AuthKey_KEY1234567.p8");

QString randomToken()
{
    QByteArray bytes(32, '\0');
    QRandomGenerator::global()->fillRange(
        reinterpret_cast<quint32 *>(bytes.data()), bytes.size() / 4);
    return QString::fromLatin1(bytes.toHex());
}

} // namespace

class TestPushApnsServer : public QObject, public PushServerParts
{
    Q_OBJECT

    QString m_keyFile;
    QByteArray m_keyPem;
    int m_count = 0;

    // One loopback APNs per test (Apple refuses a provider token renewed within 20 minutes, and
    // each server makes its own): its device keys, its port and its log.
    struct Apns
    {
        QProcess process;
        QString log;
        QUrl url;
        QJsonObject keys;
        ~Apns()
        {
            process.kill();
            process.waitForFinished();
        }
    };

    bool startApns(Apns &apns)
    {
        apns.log = m_dir.filePath(QStringLiteral("apns-%1.jsonl").arg(++m_count));
        apns.process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        apns.process.start(QStringLiteral("/usr/bin/python3"),
            { QStringLiteral(TESSERA_APNS_SERVICE), QStringLiteral("--key"), m_keyFile,
                QStringLiteral("--key-id"), keyId, QStringLiteral("--team-id"), teamId,
                QStringLiteral("--topic"), bundleId, QStringLiteral("--log"), apns.log });
        if (!apns.process.waitForStarted()
            || !QTest::qWaitFor([&] { return apns.process.canReadLine(); }, 15'000))
            return false;
        const QList<QByteArray> device = apns.process.readLine().trimmed().split(' ');
        if (device.size() != 3 || device[0] != "DEVICE"
            || !QTest::qWaitFor([&] { return apns.process.canReadLine(); }, 15'000))
            return false;
        apns.keys = { { QStringLiteral("p256dh"), QString::fromLatin1(device[1]) },
            { QStringLiteral("auth"), QString::fromLatin1(device[2]) } };
        const QByteArray port = apns.process.readLine().trimmed();
        if (!port.startsWith("PORT "))
            return false;
        apns.url = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port.mid(5).toInt()));
        return true;
    }

    static bool script(Apns &apns, const QString &token, int status, const QString &reason)
    {
        apns.process.write(
            QStringLiteral("SCRIPT %1 %2 %3 -\n").arg(token).arg(status).arg(reason).toLatin1());
        return QTest::qWaitFor([&] { return apns.process.canReadLine(); }, 10'000)
            && apns.process.readLine().trimmed() == "OK";
    }

    static QList<QJsonObject> records(const Apns &apns, const QString &token)
    {
        QFile file(apns.log);
        QList<QJsonObject> out;
        if (!file.open(QIODevice::ReadOnly))
            return out;
        while (!file.atEnd()) {
            const QJsonObject record = QJsonDocument::fromJson(file.readLine()).object();
            if (record.value(QStringLiteral("token")).toString() == token)
                out.append(record);
        }
        return out;
    }

    static QJsonObject apnsConfig(const QString &keyFile, const QString &endpoint)
    {
        return { { QStringLiteral("keyFile"), keyFile }, { QStringLiteral("keyId"), keyId },
            { QStringLiteral("teamId"), teamId }, { QStringLiteral("topic"), bundleId },
            { QStringLiteral("endpoint"), endpoint } };
    }

    // A server on kind whose config names the .p8 relative to the config file (DATA/config.json).
    bool start(ServerProcess &server, const QString &kind, const Apns &apns, QString *database)
    {
        const QString dataDir = m_dir.filePath(QStringLiteral("data-%1").arg(++m_count));
        QDir().mkpath(dataDir);
        if (!QFile::copy(m_keyFile, QDir(dataDir).filePath(keyName)))
            return false;
        ServerProcess::Options options;
        options.dataDir = dataDir;
        options.database =
            databaseForKind(m_postgres, kind, QStringLiteral("apns_%1").arg(m_count));
        *database = options.database;
        options.config.insert(QStringLiteral("push"),
            QJsonObject { { QStringLiteral("apns"), apnsConfig(keyName, apns.url.toString()) } });
        if (!server.start(options)) {
            qWarning().noquote() << server.error();
            return false;
        }
        return true;
    }

    static HttpResult subscribe(const ServerProcess &server, const Person &person,
        const QString &token, const QJsonObject &keys)
    {
        return PushServerParts::subscribe(server, person.token,
            compactJson({ { QStringLiteral("transport"), QStringLiteral("apns") },
                { QStringLiteral("token"), token }, { QStringLiteral("keys"), keys } }));
    }

    static qint64 count(const ServerProcess &server, const QString &database, const QString &sql)
    {
        return PushServerParts::count(server.dataDir(), database, sql);
    }

    // Starts a server that must not start; its error.
    QString refusedWith(const QJsonObject &apns, bool demo = true)
    {
        ServerProcess server;
        ServerProcess::Options options;
        options.dataDir = m_dir.filePath(QStringLiteral("refused-%1").arg(++m_count));
        options.demo = demo;
        QDir().mkpath(options.dataDir);
        options.config.insert(
            QStringLiteral("push"), QJsonObject { { QStringLiteral("apns"), apns } });
        if (server.start(options))
            return QStringLiteral("(it started)");
        return server.error();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(startDatabases());
        m_keyFile = m_dir.filePath(keyName);
        // Apple's .p8 is a PKCS #8 "PRIVATE KEY" on P-256.
        QCOMPARE(
            QProcess::execute(QStringLiteral("openssl"),
                { QStringLiteral("genpkey"), QStringLiteral("-algorithm"), QStringLiteral("EC"),
                    QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:P-256"),
                    QStringLiteral("-out"), m_keyFile }),
            0);
        QFile key(m_keyFile);
        QVERIFY(key.open(QIODevice::ReadOnly));
        m_keyPem = key.readAll();
    }

    void deliveredDecrypted_data() { addDatabaseKinds(); }
    void deliveredDecrypted()
    {
        QFETCH(QString, kind);
        Apns apns;
        QVERIFY(startApns(apns));
        ServerProcess server;
        QString database;
        QVERIFY(start(server, kind, apns, &database));
        const Person asha = signIn(server, QStringLiteral("Asha Rao"), QStringLiteral("iphone-1"));
        const QString token = randomToken();
        // Xcode prints the token in either case: stored (and sent) in lower case.
        QCOMPARE(subscribe(server, asha, token.toUpper(), apns.keys).status, 204);
        QCOMPARE(count(server, database,
                     QStringLiteral("SELECT COUNT(*) FROM push_subscriptions WHERE transport = "
                                    "'apns' AND endpoint = '%1'")
                         .arg(token)),
            1);

        const QString title = QStringLiteral("Leave request: Ben Okafor, 2–4 Dec");
        QJsonObject actionable = leaveRequestFor(asha.userId);
        actionable.insert(QStringLiteral("title"), title);
        const QString id = notify(server, actionable);
        QVERIFY(!id.isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(records(apns, token).size(), 1, 20'000);
        const QJsonObject record = records(apns, token).constFirst();
        QVERIFY2(record.value(QStringLiteral("errors")).toArray().isEmpty(),
            QJsonDocument(record).toJson().constData());
        QVERIFY(record.value(QStringLiteral("http2")).toBool());
        QCOMPARE(record.value(QStringLiteral("answered")).toInt(), 200);
        QCOMPARE(record.value(QStringLiteral("kid")).toString(), keyId);
        QCOMPARE(record.value(QStringLiteral("iss")).toString(), teamId);
        const QJsonObject headers = record.value(QStringLiteral("headers")).toObject();
        QCOMPARE(headers.value(QStringLiteral("apns-topic")).toString(), bundleId);
        QCOMPARE(headers.value(QStringLiteral("apns-collapse-id")).toString(), id);
        QCOMPARE(headers.value(QStringLiteral("apns-priority")).toString(), QStringLiteral("10"));
        QCOMPARE(
            headers.value(QStringLiteral("apns-push-type")).toString(), QStringLiteral("alert"));
        const QJsonObject payload =
            QJsonDocument::fromJson(record.value(QStringLiteral("plaintext")).toString().toUtf8())
                .object();
        QCOMPARE(payload.value(QStringLiteral("id")).toString(), id);
        QCOMPARE(payload.value(QStringLiteral("title")).toString(), title);
        QStringList actions;
        for (const auto &action : payload.value(QStringLiteral("actions")).toArray())
            actions << action.toObject().value(QStringLiteral("id")).toString();
        QCOMPARE(actions, (QStringList { QStringLiteral("approve"), QStringLiteral("reject") }));
        // The title in clear nowhere: not in the body, not in a header.
        const QString body = record.value(QStringLiteral("body")).toString();
        QVERIFY(!body.isEmpty());
        QVERIFY(!body.contains(QStringLiteral("Leave request")));
        QVERIFY(!body.contains(QStringLiteral("Ben Okafor")));
        QVERIFY(!compactJson(headers).contains("Leave"));
        QVERIFY(!record.value(QStringLiteral("alertTitle"))
                     .toString()
                     .contains(QStringLiteral("Leave")));

        // A normal item, not actionable: priority 5.
        QJsonObject normal = leaveRequestFor(asha.userId);
        normal.insert(QStringLiteral("title"), QStringLiteral("Canteen closed on Friday"));
        normal.insert(QStringLiteral("actionable"), false);
        normal.remove(QStringLiteral("actions"));
        const QString second = notify(server, normal);
        QVERIFY(!second.isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(records(apns, token).size(), 2, 20'000);
        const QJsonObject other = records(apns, token).at(1);
        QVERIFY(other.value(QStringLiteral("errors")).toArray().isEmpty());
        const QJsonObject otherHeaders = other.value(QStringLiteral("headers")).toObject();
        QCOMPARE(
            otherHeaders.value(QStringLiteral("apns-priority")).toString(), QStringLiteral("5"));
        QCOMPARE(otherHeaders.value(QStringLiteral("apns-collapse-id")).toString(), second);
        QTRY_COMPARE_WITH_TIMEOUT(
            count(server, database, QStringLiteral("SELECT COUNT(*) FROM push_queue")), 0, 5000);
        QCOMPARE(server.stop(), std::optional<int>(0));
    }

    void unregisteredRemovesSubscription()
    {
        Apns apns;
        QVERIFY(startApns(apns));
        ServerProcess server;
        QString database;
        QVERIFY(start(server, QStringLiteral("sqlite"), apns, &database));
        const Person asha = signIn(server, QStringLiteral("Asha Rao"), QStringLiteral("iphone-2"));
        const QString token = randomToken();
        QCOMPARE(subscribe(server, asha, token, apns.keys).status, 204);
        QVERIFY(script(apns, token, 410, QStringLiteral("Unregistered")));
        const QString subscriptions = QStringLiteral("SELECT COUNT(*) FROM push_subscriptions");
        QCOMPARE(count(server, database, subscriptions), 1);
        QVERIFY(!notify(server, leaveRequestFor(asha.userId)).isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(records(apns, token).size(), 1, 20'000);
        QCOMPARE(records(apns, token).constFirst().value(QStringLiteral("answered")).toInt(), 410);
        QTRY_COMPARE_WITH_TIMEOUT(count(server, database, subscriptions), 0, 5000);
        QVERIFY(!notify(server, leaveRequestFor(asha.userId)).isEmpty());
        QTest::qWait(2500);
        QCOMPARE(records(apns, token).size(), 1);
        QCOMPARE(count(server, database, QStringLiteral("SELECT COUNT(*) FROM push_queue")), 0);
    }

    void badConfigStopsTheServer_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("named");
        QTest::newRow("keyId of 9") << QStringLiteral("keyId") << QStringLiteral("KEY123456")
                                    << QStringLiteral("apns.keyId");
        QTest::newRow("teamId lower case")
            << QStringLiteral("teamId") << QStringLiteral("team765432")
            << QStringLiteral("apns.teamId");
        QTest::newRow("no key file")
            << QStringLiteral("keyFile") << QStringLiteral("AuthKey_MISSING.p8")
            << QStringLiteral("apns.keyFile");
        QTest::newRow("key file not a key")
            << QStringLiteral("keyFile") << QStringLiteral("not-a-key.p8")
            << QStringLiteral("apns.keyFile");
    }
    void badConfigStopsTheServer()
    {
        QFETCH(QString, field);
        QFETCH(QString, value);
        QFETCH(QString, named);
        const QByteArray secret = "SECRET-NOT-A-KEY-" + QUuid::createUuid().toByteArray();
        QFile notAKey(m_dir.filePath(QStringLiteral("not-a-key.p8")));
        QVERIFY(notAKey.open(QIODevice::WriteOnly));
        notAKey.write(secret);
        notAKey.close();
        QJsonObject apns = apnsConfig(m_keyFile, QStringLiteral("http://127.0.0.1:1"));
        apns.insert(field, field == u"keyFile" ? m_dir.filePath(value) : value);
        const QString error = refusedWith(apns);
        QVERIFY2(error.contains(named), qPrintable(error));
        QVERIFY(!error.contains(QString::fromLatin1(secret)));
        // Nothing of the real key either (its base64 lines).
        for (const QByteArray &line : m_keyPem.split('\n'))
            if (!line.startsWith("-----") && line.size() > 8)
                QVERIFY2(!error.contains(QString::fromLatin1(line)), qPrintable(error));
    }

    // "apns": {} is a config left unfilled, not "no APNs": refused like an empty "fcm".
    void emptyApnsIsRefused()
    {
        const QString error = refusedWith({});
        QVERIFY2(error.contains(QStringLiteral("apns.keyFile")), qPrintable(error));
    }

    // Plain http to APNs only on a --demo server: refused without it, and the same config with
    // an https endpoint starts, so the refusal is the endpoint's.
    void httpEndpointOnlyOnDemo()
    {
        const QString error =
            refusedWith(apnsConfig(m_keyFile, QStringLiteral("http://127.0.0.1:1")), false);
        QVERIFY2(error.contains(QStringLiteral("apns.endpoint")), qPrintable(error));
        QVERIFY2(error.contains(QStringLiteral("--demo")), qPrintable(error));
        ServerProcess server;
        ServerProcess::Options options;
        options.demo = false;
        options.dataDir = m_dir.filePath(QStringLiteral("https-%1").arg(++m_count));
        QDir().mkpath(options.dataDir);
        options.config.insert(QStringLiteral("push"),
            QJsonObject { { QStringLiteral("apns"),
                apnsConfig(m_keyFile, QStringLiteral("https://127.0.0.1:1")) } });
        QVERIFY2(server.start(options), qPrintable(server.error()));
        QVERIFY(server.output().contains(R"(push: sender started for "apns")"));
        QCOMPARE(server.stop(), std::optional<int>(0));
    }
};

QTEST_GUILESS_MAIN(TestPushApnsServer)
#include "tst_push_apns_server.moc"
