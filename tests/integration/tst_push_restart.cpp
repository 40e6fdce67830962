// The push queue across a server stop, on SQLite and PostgreSQL, against the loopback Web Push
// service (tests/data/webpush_receiver.py) answering slowly (each push recorded at once and
// answered 0.6 s later, so that pushes are under way when the server stops):
// - SIGTERM mid-queue, then a restart: every push received exactly once (the stop waits for the
//   pushes under way to be answered and written);
// - kill -9 mid-queue, then a restart (and the clock past the 90 s lease): every push received
//   at least once, and any duplicate carries the same Topic (collapse id) as its first copy, so
//   the device shows it once.
#include "pushserverparts.h"

#include <csignal>

using namespace tessera::test;

class TestPushRestart : public QObject, public WebPushServerParts
{
    Q_OBJECT

    static constexpr int pushes = 20;

    // With Web Push and a clock file of its own.
    bool start(Server &server, const QString &kind)
    {
        return PushServerParts::start(
            server, kind, QStringLiteral("pushrestart"), vapidOptions(), true);
    }

    // A slow device subscribed for Asha; the ids of pushes notifications posted for her.
    QString subscribeSlowDevice(const Server &server, QString *userId)
    {
        QString name = uniqueName(QStringLiteral("slow"));
        QJsonObject device = newReceiverDevice(
            name, { { QStringLiteral("default"), 201 }, { QStringLiteral("delay"), 0.6 } });
        device.insert(QStringLiteral("transport"), QStringLiteral("webpush"));
        const Person asha = signIn(server, QStringLiteral("Asha Rao"), QStringLiteral("restart-1"));
        *userId = asha.userId;
        const HttpResult subscribed = subscribe(server, asha.token, device);
        if (subscribed.status != 204)
            qWarning() << "subscribe:" << subscribed.status << subscribed.body;
        return name;
    }

    static QStringList notifyMany(const Server &server, const QString &userId)
    {
        QStringList ids;
        for (int i = 0; i < pushes; ++i)
            ids << notify(server, userId, QStringLiteral("Queued %1").arg(i));
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
    void initTestCase() { QVERIFY(startWebPushParts(QStringLiteral(TESSERA_WEBPUSH_RECEIVER))); }

    void cleanupTestCase() { stopService(m_receiver); }

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
