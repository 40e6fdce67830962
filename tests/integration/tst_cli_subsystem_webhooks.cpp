// tessera-cli's webhook commands for sub-systems against the real server (SQLite and
// PostgreSQL) and real local receivers: deliveries list (by state, page by page), ping (exit 0
// when the receiver answered 2xx, 1 when not, the signed ping it got), and redeliver: refused
// while the delivery is retried, then (the server's clock moved three days by --clock-file) the
// dead letter listed, told in the events feed and redelivered, refused once delivered.
#include "clisubsystemfixture.h"
#include "webhookreceiver.h"

#include <QJsonDocument>
#include <QSaveFile>

using namespace tessera::test;

namespace {

const QString kStart = QStringLiteral("2026-11-29T09:00:00Z");

} // namespace

class TestCliSubsystemWebhooks : public QObject, protected CliSubsystemFixture
{
    Q_OBJECT

    // A leave request to Ben with this callback, decided by Ben: its id (one webhook queued).
    QString decidedWithCallback(const QByteArray &callback, const QString &reference)
    {
        const QString id = notify({ QStringLiteral("--to"), QStringLiteral("E1002"),
            QStringLiteral("--title"), QStringLiteral("Leave request"), QStringLiteral("--body"),
            QStringLiteral("Two days."), QStringLiteral("--reference"), reference,
            QStringLiteral("--action"), QStringLiteral("approve:Approve"),
            QStringLiteral("--callback"), QString::fromLatin1(callback) });
        return !id.isEmpty() && decideAsBen(id) == 200 ? id : QString();
    }

    // deliveries list [--state state]: the deliveries of the JSON answer.
    QJsonArray listed(const QString &state = {}) const
    {
        return listIn(withKey(state.isEmpty()
                              ? QStringList { QStringLiteral("deliveries"), QStringLiteral("list") }
                              : QStringList { QStringLiteral("deliveries"), QStringLiteral("list"),
                                  QStringLiteral("--state"), state }),
            QStringLiteral("deliveries"));
    }

    // The server's clock seconds ahead (--clock-file).
    static bool moveClock(const QString &clockFile, qint64 seconds)
    {
        QSaveFile file(clockFile);
        return file.open(QIODevice::WriteOnly) && file.write(QByteArray::number(seconds) + '\n') > 0
            && file.commit();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY2(m_postgres.start(), qPrintable(m_postgres.error()));
    }

    void deliveriesListAndPing_data() { addDatabaseKinds(); }
    void deliveriesListAndPing()
    {
        QFETCH(QString, kind);
        ServerProcess server;
        QVERIFY2(startServer(server, kind), qPrintable(server.error()));
        WebhookReceiver receiver;
        QVERIFY(receiver.listen());
        const QString first = decidedWithCallback(receiver.url(), QStringLiteral("HR-1"));
        QTest::qWait(1100); // a second apart: the list is newest first (in whole seconds)
        const QString second = decidedWithCallback(receiver.url(), QStringLiteral("HR-2"));
        QVERIFY(!first.isEmpty() && !second.isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(receiver.deliveries().size(), 2, 30000);

        // Both delivered, newest first; none pending or dead; a page of one, then the next.
        QJsonArray all;
        QTRY_COMPARE_WITH_TIMEOUT(
            (all = listed(QStringLiteral("delivered"))).size(), qsizetype(2), 20000);
        QCOMPARE(fieldOf(all, QStringLiteral("notificationId")), (QStringList { second, first }));
        QCOMPARE(fieldOf(all, QStringLiteral("eventType")),
            (QStringList {
                QStringLiteral("notification.decided"), QStringLiteral("notification.decided") }));
        QVERIFY(listed(QStringLiteral("pending")).isEmpty());
        QVERIFY(listed(QStringLiteral("dead")).isEmpty());
        RunResult run = withKey({ QStringLiteral("deliveries"), QStringLiteral("list"),
            QStringLiteral("--limit"), QStringLiteral("1") });
        QVERIFY2(run.exitCode == 0, run.output.constData());
        QCOMPARE(fieldOf(listIn(run, QStringLiteral("deliveries")), QStringLiteral("deliveryId")),
            QStringList { all.at(0).toObject().value(QStringLiteral("deliveryId")).toString() });
        QCOMPARE(lastJson(run.output).value(QStringLiteral("hasMore")).toBool(), true);
        const QString cursor = lastJson(run.output).value(QStringLiteral("cursor")).toString();
        run = withKey({ QStringLiteral("deliveries"), QStringLiteral("list"),
            QStringLiteral("--limit"), QStringLiteral("1"), QStringLiteral("--cursor"), cursor });
        QCOMPARE(fieldOf(listIn(run, QStringLiteral("deliveries")), QStringLiteral("deliveryId")),
            QStringList { all.at(1).toObject().value(QStringLiteral("deliveryId")).toString() });
        QCOMPARE(lastJson(run.output).value(QStringLiteral("hasMore")).toBool(), false);
        const RunResult human = withKey({ QStringLiteral("deliveries"), QStringLiteral("list"),
                                            QStringLiteral("--limit"), QStringLiteral("1") },
            false);
        QCOMPARE(human.exitCode, 0);
        QVERIFY2(human.output.contains(QByteArray(
                     all.at(0).toObject().value(QStringLiteral("deliveryId")).toString().toLatin1()
                     + "  notification.decided  delivered "))
                && human.output.contains("HTTP 200")
                && human.output.contains(QByteArray("More: --cursor " + cursor.toLatin1())),
            human.output.constData());
        for (const QStringList &wrong :
            { QStringList { QStringLiteral("--state"), QStringLiteral("open") },
                QStringList { QStringLiteral("--limit"), QStringLiteral("0") },
                QStringList { QStringLiteral("--cursor"), QStringLiteral("nothing") } }) {
            run = withKey(
                QStringList { QStringLiteral("deliveries"), QStringLiteral("list") } + wrong);
            QCOMPARE(run.exitCode, 1);
            QCOMPARE(errorCode(run.output), QStringLiteral("invalid_request"));
        }

        // ping: the receiver answers 200: exit 0; it got a signed ping.
        run = withKeyServing({ QStringLiteral("ping"), QStringLiteral("--callback"),
            QString::fromLatin1(receiver.url()) });
        QVERIFY2(run.exitCode == 0, run.output.constData());
        const QJsonObject pinged = lastJson(run.output);
        QCOMPARE(pinged.value(QStringLiteral("delivered")).toBool(), true);
        QCOMPARE(pinged.value(QStringLiteral("status")).toInt(), 200);
        QVERIFY(pinged.value(QStringLiteral("error")).isNull());
        QCOMPARE(
            pinged.value(QStringLiteral("url")).toString(), QString::fromLatin1(receiver.url()));
        QCOMPARE(receiver.deliveries().size(), 3);
        const WebhookReceiver::Delivery ping = receiver.deliveries().last();
        QCOMPARE(ping.headers.value("tessera-event-type"), QByteArrayLiteral("ping"));
        QCOMPARE(ping.headers.value("tessera-delivery-id"),
            pinged.value(QStringLiteral("deliveryId")).toString().toLatin1());
        QVERIFY(WebhookReceiver::hasValidSignature(
            ping, demoApiKey(server).value(QStringLiteral("webhookSecret")).toString().toLatin1()));
        const QJsonObject pingBody = QJsonDocument::fromJson(ping.body).object();
        QCOMPARE(pingBody.value(QStringLiteral("type")), QStringLiteral("ping"));
        QCOMPARE(pingBody.value(QStringLiteral("deliveryId")),
            pinged.value(QStringLiteral("deliveryId")));
        QVERIFY(pingBody.value(QStringLiteral("notificationId")).isNull());
        QVERIFY(!pingBody.contains(QStringLiteral("subsystem")));
        RunResult said = withKeyServing({ QStringLiteral("ping"), QStringLiteral("--callback"),
                                            QString::fromLatin1(receiver.url()) },
            false);
        QCOMPARE(said.exitCode, 0);
        QVERIFY2(said.output.contains(QByteArray(" to " + receiver.url() + " answered HTTP 200 (")),
            said.output.constData());
        // A ping is not queued: the key's deliveries are still the two.
        QCOMPARE(listed().size(), 2);

        // The receiver answers 503: exit 1, in words too.
        receiver.setStatus(503);
        run = withKeyServing({ QStringLiteral("ping"), QStringLiteral("--callback"),
            QString::fromLatin1(receiver.url()) });
        QCOMPARE(run.exitCode, 1);
        QCOMPARE(lastJson(run.output).value(QStringLiteral("delivered")).toBool(), false);
        QCOMPARE(lastJson(run.output).value(QStringLiteral("status")).toInt(), 503);
        QCOMPARE(lastJson(run.output).value(QStringLiteral("error")).toString(),
            QStringLiteral("HTTP 503"));
        said = withKeyServing({ QStringLiteral("ping"), QStringLiteral("--callback"),
                                  QString::fromLatin1(receiver.url()) },
            false);
        QCOMPARE(said.exitCode, 1);
        QVERIFY2(said.output.contains("not delivered: HTTP 503"), said.output.constData());
        // Nobody listening: not delivered, could not connect.
        receiver.close();
        run = withKey({ QStringLiteral("ping"), QStringLiteral("--callback"),
            QString::fromLatin1(receiver.url()) });
        QCOMPARE(run.exitCode, 1);
        QCOMPARE(lastJson(run.output).value(QStringLiteral("error")).toString(),
            QStringLiteral("could not connect"));
        // Refused before sending: no --callback (usage, 2); a URL under no prefix of the key.
        run = withKey({ QStringLiteral("ping") });
        QCOMPARE(run.exitCode, 2);
        QCOMPARE(errorCode(run.output), QStringLiteral("usage"));
        run = withKey({ QStringLiteral("ping"), QStringLiteral("--callback"),
            QStringLiteral("http://localhost:9/hooks") });
        QCOMPARE(run.exitCode, 1);
        QCOMPARE(errorCode(run.output), QStringLiteral("callback_not_allowed"));
        run = withKey({ QStringLiteral("ping"), QStringLiteral("--callback"),
            QStringLiteral("http://user@127.0.0.1:9/hooks") });
        QCOMPARE(run.exitCode, 1);
        QCOMPARE(errorCode(run.output), QStringLiteral("callback_invalid"));
        m_server = nullptr;
    }

    // No 2xx for three days: dead, listed, told in the events feed, redelivered by the CLI.
    void deadLetterRedelivered_data() { addDatabaseKinds(); }
    void deadLetterRedelivered()
    {
        QFETCH(QString, kind);
        const QString clockFile = m_dir.filePath(QStringLiteral("clock-%1").arg(kind));
        ServerProcess::Options options;
        options.now = kStart;
        options.extraArguments << QStringLiteral("--clock-file") << clockFile;
        ServerProcess server;
        QVERIFY2(startServer(server, kind, options), qPrintable(server.error()));
        WebhookReceiver receiver;
        QVERIFY(receiver.listen());
        receiver.setStatus(500);
        const QString id = decidedWithCallback(receiver.url(), QStringLiteral("HR-1"));
        QVERIFY(!id.isEmpty());
        QJsonArray pending;
        QTRY_VERIFY_WITH_TIMEOUT((pending = listed(QStringLiteral("pending"))).size() == 1
                && !pending.first()
                        .toObject()
                        .value(QStringLiteral("attempts"))
                        .toArray()
                        .isEmpty(),
            30000);
        const QString deliveryId =
            pending.first().toObject().value(QStringLiteral("deliveryId")).toString();

        // Still retried: not redelivered (1, delivery_pending, in words too).
        RunResult run = withKey({ QStringLiteral("redeliver"), deliveryId });
        QCOMPARE(run.exitCode, 1);
        QCOMPARE(errorCode(run.output), QStringLiteral("delivery_pending"));
        RunResult human = withKey({ QStringLiteral("redeliver"), deliveryId }, false);
        QCOMPARE(human.exitCode, 1);
        QVERIFY2(human.output.contains("only a dead delivery can be redelivered"),
            human.output.constData());

        // Three days and a bit later the last attempt fails: dead.
        QVERIFY(moveClock(clockFile, 259300));
        QJsonArray dead;
        QTRY_COMPARE_WITH_TIMEOUT(
            (dead = listed(QStringLiteral("dead"))).size(), qsizetype(1), 40000);
        QCOMPARE(
            dead.first().toObject().value(QStringLiteral("deliveryId")).toString(), deliveryId);
        human = withKey({ QStringLiteral("deliveries"), QStringLiteral("list"),
                            QStringLiteral("--state"), QStringLiteral("dead") },
            false);
        QVERIFY2(human.output.contains(
                     QByteArray(deliveryId.toLatin1() + "  notification.decided  dead since "))
                && human.output.contains("HTTP 500"),
            human.output.constData());
        run = withKey({ QStringLiteral("events") });
        const QJsonArray events = listIn(run, QStringLiteral("events"));
        QCOMPARE(fieldOf(events, QStringLiteral("type")),
            (QStringList {
                QStringLiteral("notification.decided"), QStringLiteral("delivery.failed") }));
        QCOMPARE(
            events.last().toObject().value(QStringLiteral("deliveryId")).toString(), deliveryId);
        QCOMPARE(events.last().toObject().value(QStringLiteral("notificationId")).toString(), id);
        human = withKey({ QStringLiteral("events") }, false);
        QVERIFY2(human.output.contains(QByteArray("delivery.failed  " + id.toLatin1() + "  HR-1  "
                     + deliveryId.toLatin1() + " dead: HTTP 500")),
            human.output.constData());

        // Redelivered: the delivery pending again (same id, its log kept, three days from now);
        // still refused by the receiver, dead again three days later.
        const qsizetype attemptsWhenDead =
            dead.first().toObject().value(QStringLiteral("attempts")).toArray().size();
        run = withKey({ QStringLiteral("redeliver"), deliveryId });
        QVERIFY2(run.exitCode == 0, run.output.constData());
        const QJsonObject queued = lastJson(run.output);
        QCOMPARE(queued.value(QStringLiteral("deliveryId")).toString(), deliveryId);
        QCOMPARE(queued.value(QStringLiteral("state")).toString(), QStringLiteral("pending"));
        QCOMPARE(queued.value(QStringLiteral("attempts")).toArray().size(), attemptsWhenDead);
        QTRY_VERIFY_WITH_TIMEOUT(listed(QStringLiteral("pending"))
                                     .at(0)
                                     .toObject()
                                     .value(QStringLiteral("attempts"))
                                     .toArray()
                                     .size()
                > attemptsWhenDead,
            30000);
        QVERIFY(moveClock(clockFile, qint64 { 2 } * 259300));
        QTRY_COMPARE_WITH_TIMEOUT(listed(QStringLiteral("dead")).size(), qsizetype(1), 40000);

        // Redelivered to a receiver that answers 200: delivered; again: already_delivered.
        receiver.setStatus(200);
        const qsizetype before = receiver.deliveries().size();
        human = withKey({ QStringLiteral("redeliver"), deliveryId }, false);
        QVERIFY2(human.exitCode == 0, human.output.constData());
        QVERIFY2(human.output.contains(QByteArray("Queued " + deliveryId.toLatin1() + " again (")),
            human.output.constData());
        QTRY_VERIFY_WITH_TIMEOUT(receiver.deliveries().size() > before, 30000);
        QCOMPARE(receiver.deliveries().last().headers.value("tessera-delivery-id"),
            deliveryId.toLatin1());
        QTRY_COMPARE_WITH_TIMEOUT(listed(QStringLiteral("delivered")).size(), qsizetype(1), 20000);
        run = withKey({ QStringLiteral("redeliver"), deliveryId });
        QCOMPARE(run.exitCode, 1);
        QCOMPARE(errorCode(run.output), QStringLiteral("already_delivered"));
        run = withKey({ QStringLiteral("redeliver"), QStringLiteral("dlv_nothing") }, false);
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.output.contains("no such delivery"), run.output.constData());
        m_server = nullptr;
    }
};

QTEST_GUILESS_MAIN(TestCliSubsystemWebhooks)
#include "tst_cli_subsystem_webhooks.moc"
