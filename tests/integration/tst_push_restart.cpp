// The push queue across a server stop, on SQLite and PostgreSQL, against the loopback Web Push
// service (tests/data/webpush_receiver.py) answering slowly (each push recorded at once and
// answered 0.6 s later, so that pushes are under way when the server stops):
// - SIGTERM mid-queue, then a restart: every push received exactly once (the stop waits for the
//   pushes under way to be answered and written);
// - kill -9 mid-queue, then a restart (and the clock past the 90 s lease): every push received
//   at least once, and any duplicate carries the same Topic (collapse id) as its first copy, so
//   the device shows it once.
#include "newsfixture.h"

#include <QProcess>
#include <QUuid>

#include <csignal>

using namespace tessera::test;

class TestPushRestart : public QObject
{
    Q_OBJECT

    static constexpr int pushes = 20;

    PostgresCluster m_postgres;
    QTemporaryDir m_dir;
    QProcess m_receiver;
    QUrl m_receiverUrl;
    QString m_vapidKey;
    int m_databases = 0;

    static QString script() { return QStringLiteral(TESSERA_WEBPUSH_RECEIVER); }

    struct Server
    {
        ServerProcess process;
        QString database;
        QString dataDir;
        QString clockFile;
    };

    bool start(Server &server, const QString &kind)
    {
        if (server.dataDir.isEmpty()) {
            server.dataDir = m_dir.filePath(QStringLiteral("data-%1").arg(++m_databases));
            server.clockFile = m_dir.filePath(QStringLiteral("clock-%1").arg(m_databases));
            server.database = databaseForKind(
                m_postgres, kind, QStringLiteral("pushrestart_%1").arg(m_databases));
            if (!publish::writeClock(server.clockFile, 0))
                return false;
        }
        ServerProcess::Options options;
        options.database = server.database;
        options.dataDir = server.dataDir;
        options.extraArguments << QStringLiteral("--vapid-key") << m_vapidKey
                               << QStringLiteral("--vapid-subject")
                               << QStringLiteral("mailto:ops@example.com")
                               << QStringLiteral("--clock-file") << server.clockFile;
        if (!server.process.start(options)) {
            qWarning().noquote() << server.process.error();
            return false;
        }
        return true;
    }

    HttpResult control(const QByteArray &method, const QString &path, const QJsonObject &body = {})
    {
        QUrl url = m_receiverUrl;
        url.setPath(path);
        return httpRequest(method, url, body.isEmpty() ? QByteArray() : compactJson(body));
    }

    QList<QJsonObject> pushesTo(const QString &name)
    {
        QList<QJsonObject> found;
        const HttpResult log = control("GET", QStringLiteral("/_log"));
        for (const auto &value : QJsonDocument::fromJson(log.body).array())
            if (value.toObject().value(QStringLiteral("name")).toString() == name)
                found.append(value.toObject());
        return found;
    }

    static qint64 count(const Server &server, const QString &statement)
    {
        const ServerSqlResult result = runServerSql(server.dataDir, server.database, statement);
        return result.ok && result.hasRow ? result.value.toLongLong() : -1;
    }

    // A slow device subscribed for Asha; the ids of pushes notifications posted for her.
    QString subscribeSlowDevice(const Server &server, QString *userId)
    {
        QString name = QStringLiteral("slow") + QUuid::createUuid().toString(QUuid::Id128).left(12);
        QJsonObject device = control("POST", QStringLiteral("/_subscribe"),
            { { QStringLiteral("name"),
                name } }).json();
        control("POST", QStringLiteral("/_script"),
            { { QStringLiteral("name"), name }, { QStringLiteral("default"), 201 },
                { QStringLiteral("delay"), 0.6 } });
        device.insert(QStringLiteral("transport"), QStringLiteral("webpush"));
        const QJsonObject answer = signInDemo(
            server.process, QStringLiteral("Asha Rao"), testDevice(QStringLiteral("restart-1")));
        *userId =
            answer.value(QStringLiteral("user")).toObject().value(QStringLiteral("id")).toString();
        const HttpResult subscribed = httpRequest("POST",
            server.process.url(QStringLiteral("/v1/me/push")), compactJson(device),
            bearer(answer.value(QStringLiteral("accessToken")).toString()));
        if (subscribed.status != 204)
            qWarning() << "subscribe:" << subscribed.status << subscribed.body;
        return name;
    }

    static QStringList notifyMany(const Server &server, const QString &userId)
    {
        QStringList ids;
        for (int i = 0; i < pushes; ++i) {
            QJsonObject body = leaveRequestFor(userId);
            body.insert(QStringLiteral("title"), QStringLiteral("Queued %1").arg(i));
            const HttpResult created = httpRequest("POST",
                server.process.url(QStringLiteral("/v1/notifications")), compactJson(body),
                bearer(publish::demoKey(server.process),
                    QUuid::createUuid().toByteArray(QUuid::WithoutBraces)));
            ids << created.json().value(QStringLiteral("id")).toString();
        }
        return ids;
    }

    static QString idOf(const QJsonObject &push)
    {
        return push.value(QStringLiteral("payload"))
            .toObject()
            .value(QStringLiteral("id"))
            .toString();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY2(m_postgres.start(), qPrintable(m_postgres.error()));
        m_vapidKey = m_dir.filePath(QStringLiteral("vapid.pem"));
        QCOMPARE(QProcess::execute(QStringLiteral("/usr/bin/python3"),
                     { script(), QStringLiteral("--make-vapid-key"), m_vapidKey }),
            0);
        m_receiver.start(QStringLiteral("/usr/bin/python3"), { script() });
        QVERIFY(m_receiver.waitForStarted());
        QVERIFY(m_receiver.waitForReadyRead(15000));
        const QByteArray line = m_receiver.readLine().trimmed();
        QVERIFY2(line.startsWith("PORT "), line.constData());
        m_receiverUrl = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(line.mid(5).toInt()));
    }

    void cleanupTestCase()
    {
        m_receiver.kill();
        m_receiver.waitForFinished();
    }

    void sigtermSendsEachOnce_data() { addDatabaseKinds(); }
    void sigtermSendsEachOnce()
    {
        QFETCH(QString, kind);
        Server server;
        QVERIFY(start(server, kind));
        QString userId;
        const QString name = subscribeSlowDevice(server, &userId);
        QStringList ids = notifyMany(server, userId);
        QVERIFY(!ids.contains(QString()));
        // Mid-queue: some received, not all answered.
        QTRY_VERIFY_WITH_TIMEOUT(pushesTo(name).size() >= 3, 15000);
        const qint64 received = pushesTo(name).size();
        QVERIFY(received < pushes);
        QCOMPARE(server.process.stop(), std::optional<int>(0));
        QVERIFY(start(server, kind));
        QTRY_COMPARE_WITH_TIMEOUT(
            count(server, QStringLiteral("SELECT COUNT(*) FROM push_queue")), 0, 30000);
        QTest::qWait(2000);
        QStringList got;
        for (const QJsonObject &push : pushesTo(name))
            got << idOf(push);
        got.sort();
        ids.sort();
        QCOMPARE(got, ids); // each exactly once, none lost
    }

    void killSendsAtLeastOnceSameTopic_data() { addDatabaseKinds(); }
    void killSendsAtLeastOnceSameTopic()
    {
        QFETCH(QString, kind);
        Server server;
        QVERIFY(start(server, kind));
        QString userId;
        const QString name = subscribeSlowDevice(server, &userId);
        const QStringList ids = notifyMany(server, userId);
        QVERIFY(!ids.contains(QString()));
        QTRY_VERIFY_WITH_TIMEOUT(pushesTo(name).size() >= 3, 15000);
        QVERIFY(pushesTo(name).size() < pushes);
        QCOMPARE(::kill(pid_t(server.process.pid()), SIGKILL), 0);
        QTRY_VERIFY_WITH_TIMEOUT(!server.process.isRunning(), 10000);
        const qint64 left = count(server, QStringLiteral("SELECT COUNT(*) FROM push_queue"));
        QVERIFY(left > 0); // pushes under way were never written as answered
        QVERIFY(start(server, kind));
        // Past the lease of the pushes claimed before the kill.
        QVERIFY(publish::writeClock(server.clockFile, 120));
        QTRY_COMPARE_WITH_TIMEOUT(
            count(server, QStringLiteral("SELECT COUNT(*) FROM push_queue")), 0, 40000);
        QTest::qWait(2000);
        QHash<QString, QString> firstTopic;
        QHash<QString, int> copies;
        for (const QJsonObject &push : pushesTo(name)) {
            const QString id = idOf(push);
            QVERIFY2(ids.contains(id), qPrintable(id));
            const QString topic = push.value(QStringLiteral("topic")).toString();
            QVERIFY(!topic.isEmpty());
            if (!firstTopic.contains(id))
                firstTopic.insert(id, topic);
            QCOMPARE(topic, firstTopic.value(id)); // a duplicate collapses with its first copy
            ++copies[id];
        }
        for (const QString &id : ids)
            QVERIFY2(copies.value(id) >= 1, qPrintable(id)); // at least once
        qInfo() << "duplicates after kill -9:" << (pushesTo(name).size() - ids.size());
    }
};

QTEST_GUILESS_MAIN(TestPushRestart)
#include "tst_push_restart.moc"
