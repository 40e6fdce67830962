// The guide's worked example end to end (docs/INTEGRATION.md): the Python sub-system of
// examples/python sends a notification to the real server, a person decides it through the API,
// and the example's receiver verifies the real webhook's signature and hands on the event once.
// The receiver refuses forged, changed and stale calls and takes a repeated delivery id once.
// The webhook's body fits the event schema of openapi.json.
#include "childprocess.h"
#include "databasekinds.h"
#include "demoaccounts.h"
#include "openapidocument.h"
#include "postgrescluster.h"
#include "serverprocess.h"
#include "testhttp.h"

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMessageAuthenticationCode>
#include <QTemporaryDir>
#include <QTest>

using namespace tessera::test;
using namespace std::chrono_literals;

namespace {

const QString python = QStringLiteral("/usr/bin/python3");

QString example()
{
    return QStringLiteral(TESSERA_SOURCE_DIR "/examples/python/tessera_subsystem.py");
}

// "t=<now + skew>,v1=<HMAC-SHA256(secret, t + "." + body)>", as the server signs.
QByteArray signatureFor(const QByteArray &secret, const QByteArray &body, qint64 skew = 0)
{
    const QByteArray stamp = QByteArray::number(QDateTime::currentSecsSinceEpoch() + skew);
    return "t=" + stamp + ",v1="
        + QMessageAuthenticationCode::hash(stamp + '.' + body, secret, QCryptographicHash::Sha256)
              .toHex();
}

} // namespace

class TestSubsystemExamples : public QObject
{
    Q_OBJECT

    PostgresCluster m_postgres;
    int m_databases = 0;

private Q_SLOTS:
    void initTestCase() { QVERIFY2(m_postgres.start(), qPrintable(m_postgres.error())); }

    void pythonReceiverVerifiesARealWebhook_data() { addDatabaseKinds(); }

    void pythonReceiverVerifiesARealWebhook()
    {
        QFETCH(QString, kind);
        ServerProcess server;
        ServerProcess::Options options; // the server's real clock: the receiver checks t
        options.database =
            databaseForKind(m_postgres, kind, QStringLiteral("examples_%1").arg(++m_databases));
        QVERIFY2(server.start(options), qPrintable(server.error()));
        const QString accounts = server.dataDir() + QStringLiteral("/demo-accounts.json");
        const QByteArray secret =
            demoApiKey(server).value(QStringLiteral("webhookSecret")).toString().toUtf8();

        ChildProcess receiver;
        QVERIFY2(receiver.start(python,
                     { QStringLiteral("-u"), example(), QStringLiteral("receive"),
                         QStringLiteral("--demo-accounts"), accounts, QStringLiteral("--port"),
                         QStringLiteral("0") }),
            qPrintable(receiver.error()));
        const auto listening = receiver.waitForLine(
            QRegularExpression(QStringLiteral("^listening (http://127\\.0\\.0\\.1:\\d+/\\S+)")),
            20s);
        QVERIFY2(listening, qPrintable(receiver.error()));
        const QString callback = listening->captured(1);

        // The example's client sends an approval request (its API key from demo-accounts.json).
        const RunResult sent = runProgram(python,
            { example(), QStringLiteral("notify"), QStringLiteral("--server"),
                server.url().toString(), QStringLiteral("--demo-accounts"), accounts,
                QStringLiteral("--to"), QStringLiteral("E1002"), QStringLiteral("--title"),
                QStringLiteral("Leave request: Asha Rao, 2–4 Dec"), QStringLiteral("--body"),
                QStringLiteral("Three days."), QStringLiteral("--reference"),
                QStringLiteral("HR-4711"), QStringLiteral("--approve-reject"),
                QStringLiteral("--callback"), callback, QStringLiteral("--idempotency-key"),
                QStringLiteral("guide-example-1") });
        QVERIFY2(sent.exitCode == 0, sent.output.constData());
        const QJsonObject created = QJsonDocument::fromJson(sent.output.trimmed()).object();
        const QString id = created.value(QStringLiteral("id")).toString();
        QVERIFY2(id.startsWith(QStringLiteral("ntf_")), sent.output.constData());

        // Ben approves it through the API.
        const QString ben = signInDemo(server, QStringLiteral("Ben Okafor"),
            testDevice(QStringLiteral("examples-test-device")))
                                .value(QStringLiteral("accessToken"))
                                .toString();
        QVERIFY(!ben.isEmpty());
        const HttpResult decided =
            httpRequest("POST", server.url(QStringLiteral("/v1/inbox/%1/decision").arg(id)),
                compactJson(QJsonObject { { QStringLiteral("action"), QStringLiteral("approve") },
                    { QStringLiteral("version"), 1 } }),
                bearer(ben, "guide-decision-1"));
        QCOMPARE(decided.status, 200);

        // The receiver verified the signature (else it prints nothing) and printed the event.
        const auto line = receiver.waitForLine(
            QRegularExpression(QStringLiteral("^(\\{.*\"%1\".*\\})$").arg(id)), 40s);
        QVERIFY2(line, qPrintable(receiver.error()));
        const QJsonObject received = QJsonDocument::fromJson(line->captured(1).toUtf8()).object();
        const QJsonObject event = received.value(QStringLiteral("event")).toObject();
        QCOMPARE(event.value(QStringLiteral("notificationId")).toString(), id);
        QCOMPARE(event.value(QStringLiteral("reference")).toString(), QStringLiteral("HR-4711"));
        QCOMPARE(event.value(QStringLiteral("action")).toString(), QStringLiteral("approve"));
        QCOMPARE(event.value(QStringLiteral("decidedBy")).toString(), QStringLiteral("E1002"));
        QCOMPARE(received.value(QStringLiteral("deliveryId")),
            event.value(QStringLiteral("deliveryId")));

        // The body fits openapi.json's webhook schema (the callback of createNotification).
        QString error;
        const auto document = OpenApiDocument::load(QStringLiteral(TESSERA_OPENAPI_FILE), &error);
        QVERIFY2(document, qPrintable(error));
        const QJsonObject schema = document->root()
                                       .value(QStringLiteral("components"))
                                       .toObject()
                                       .value(QStringLiteral("schemas"))
                                       .toObject()
                                       .value(QStringLiteral("SubsystemEvent"))
                                       .toObject();
        QVERIFY(!schema.isEmpty());
        const QStringList problems = document->validate(event, schema);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
        QVERIFY(!document->validate(QJsonObject { { QStringLiteral("deliveryId"), 1 } }, schema)
                     .isEmpty());

        // The example's other calls: the events feed has the decision, the notification reads
        // decided, found by its reference.
        const auto runExample = [&](const QStringList &arguments) {
            return runProgram(python,
                QStringList { example(), arguments.first(), QStringLiteral("--server"),
                    server.url().toString(), QStringLiteral("--demo-accounts"), accounts }
                    + arguments.mid(1));
        };
        const auto answerOf = [](const RunResult &run) {
            return QJsonDocument::fromJson(run.output.trimmed()).object();
        };
        RunResult run = runExample({ QStringLiteral("events") });
        QVERIFY2(run.exitCode == 0, run.output.constData());
        const QJsonArray events = answerOf(run).value(QStringLiteral("events")).toArray();
        QCOMPARE(events.size(), 1);
        QCOMPARE(events.first().toObject().value(QStringLiteral("type")).toString(),
            QStringLiteral("notification.decided"));
        QCOMPARE(events.first().toObject().value(QStringLiteral("eventId")),
            event.value(QStringLiteral("eventId")));
        const QString cursor = answerOf(run).value(QStringLiteral("cursor")).toString();
        run = runExample({ QStringLiteral("events"), QStringLiteral("--since"), cursor });
        QCOMPARE(answerOf(run).value(QStringLiteral("events")).toArray().size(), 0);
        run = runExample({ QStringLiteral("notification"), id });
        QVERIFY2(run.exitCode == 0, run.output.constData());
        QCOMPARE(
            answerOf(run).value(QStringLiteral("state")).toString(), QStringLiteral("decided"));
        run = runExample({ QStringLiteral("notifications"), QStringLiteral("--reference"),
            QStringLiteral("HR-4711") });
        QCOMPARE(answerOf(run)
                     .value(QStringLiteral("items"))
                     .toArray()
                     .first()
                     .toObject()
                     .value(QStringLiteral("id"))
                     .toString(),
            id);

        // ping: the example's receiver verifies and prints it (exit 0); a path it does not take
        // answers 404 (exit 1, not delivered). redeliver of an unknown delivery: 404 (exit 1).
        run = runExample({ QStringLiteral("ping"), QStringLiteral("--callback"), callback });
        QVERIFY2(run.exitCode == 0, run.output.constData());
        QCOMPARE(answerOf(run).value(QStringLiteral("delivered")).toBool(), true);
        const auto pingLine = receiver.waitForLine(
            QRegularExpression(QStringLiteral("^\\{.*\"eventType\": \"ping\".*\\}$")), 20s);
        QVERIFY2(pingLine, qPrintable(receiver.error()));
        QVERIFY(pingLine->captured(0).contains(
            answerOf(run).value(QStringLiteral("deliveryId")).toString()));
        run = runExample({ QStringLiteral("ping"), QStringLiteral("--callback"),
            callback + QStringLiteral("/elsewhere") });
        QCOMPARE(run.exitCode, 1);
        QCOMPARE(
            answerOf(run).value(QStringLiteral("error")).toString(), QStringLiteral("HTTP 404"));
        run = runExample({ QStringLiteral("redeliver"), QStringLiteral("dlv_nothing") });
        QCOMPARE(run.exitCode, 1);
        QCOMPARE(answerOf(run)
                     .value(QStringLiteral("error"))
                     .toObject()
                     .value(QStringLiteral("code"))
                     .toString(),
            QStringLiteral("not_found"));

        // notify --poll: an approval request without a callback, its decision read from the feed.
        run = runExample({ QStringLiteral("notify"), QStringLiteral("--to"),
            QStringLiteral("E1002"), QStringLiteral("--title"), QStringLiteral("Leave request"),
            QStringLiteral("--body"), QStringLiteral("One day."), QStringLiteral("--reference"),
            QStringLiteral("HR-4712"), QStringLiteral("--approve-reject"),
            QStringLiteral("--poll") });
        QVERIFY2(run.exitCode == 0, run.output.constData());
        run = runExample({ QStringLiteral("notification"),
            answerOf(run).value(QStringLiteral("id")).toString() });
        QCOMPARE(
            answerOf(run).value(QStringLiteral("delivery")).toString(), QStringLiteral("poll"));
        QVERIFY(answerOf(run).value(QStringLiteral("callbackUrl")).isNull());

        // The shell example sends with curl (the key on its standard input); a retry with the
        // same Idempotency-Key answers the same notification.
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString request = dir.filePath(QStringLiteral("request.json"));
        QFile requestFile(request);
        QVERIFY(requestFile.open(QIODevice::WriteOnly));
        requestFile.write(
            compactJson(QJsonObject { { QStringLiteral("recipients"),
                                          QJsonObject { { QStringLiteral("users"),
                                              QJsonArray { QStringLiteral("E1002") } } } },
                { QStringLiteral("title"), QStringLiteral("Office closed on Friday") },
                { QStringLiteral("body"), QStringLiteral("Work from home.") },
                { QStringLiteral("category"), QStringLiteral("facilities") },
                { QStringLiteral("reference"), QStringLiteral("FAC-7") } }));
        requestFile.close();
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("TESSERA_SERVER"), server.url().toString());
        environment.insert(QStringLiteral("TESSERA_API_KEY"),
            demoApiKey(server).value(QStringLiteral("key")).toString());
        const QStringList shellArguments { QStringLiteral(
                                               TESSERA_SOURCE_DIR "/examples/shell/notify.sh"),
            request, QStringLiteral("FAC-7-request") };
        const RunResult curlSent =
            runProgram(QStringLiteral("/bin/sh"), shellArguments, 60s, {}, environment);
        QVERIFY2(curlSent.exitCode == 0, curlSent.output.constData());
        const QString curlId = QJsonDocument::fromJson(curlSent.output.trimmed())
                                   .object()
                                   .value(QStringLiteral("id"))
                                   .toString();
        QVERIFY2(curlId.startsWith(QStringLiteral("ntf_")), curlSent.output.constData());
        const RunResult curlAgain =
            runProgram(QStringLiteral("/bin/sh"), shellArguments, 60s, {}, environment);
        QCOMPARE(QJsonDocument::fromJson(curlAgain.output.trimmed())
                     .object()
                     .value(QStringLiteral("id"))
                     .toString(),
            curlId);

        // What the receiver refuses (400; Tessera would retry): no, a forged, a stale signature,
        // a changed body. A repeated delivery id is answered 204 and handed on once.
        const QUrl url(callback);
        const QByteArray body = "{\"deliveryId\":\"dlv_example_replay\",\"notificationId\":\""
            + id.toLatin1()
            + "\",\"reference\":\"HR-4711\",\"action\":\"approve\",\"comment\":null,"
            + "\"decidedBy\":\"E1002\",\"decidedAt\":\"2026-12-06T10:00:00Z\"}";
        const auto post = [&](const QByteArray &payload, const QByteArray &signature) {
            QList<QPair<QByteArray, QByteArray>> headers { { "Content-Type", "application/json" } };
            headers.append(qMakePair(
                QByteArrayLiteral("Tessera-Delivery-Id"), QByteArrayLiteral("dlv_example_replay")));
            if (!signature.isEmpty())
                headers.append(qMakePair(QByteArrayLiteral("Tessera-Signature"), signature));
            return httpRequest("POST", url, payload, headers).status;
        };
        QCOMPARE(post(body, {}), 400);
        QCOMPARE(post(body, signatureFor("whsec_forged", body)), 400);
        QCOMPARE(post(body, signatureFor(secret, body, -301)), 400);
        QCOMPARE(post(body + ' ', signatureFor(secret, body)), 400);
        QCOMPARE(post(body, signatureFor(secret, body, -290)), 204);
        QCOMPARE(post(body, signatureFor(secret, body)), 204);
        QTest::qWait(300);
        // One line, naming the delivery twice (the header's id and the body's deliveryId).
        QCOMPARE(receiver.output().count("dlv_example_replay"), 2);
        QCOMPARE(receiver.output().count(id.toLatin1()), 2); // the real one and the replayed one
    }
};

QTEST_GUILESS_MAIN(TestSubsystemExamples)
#include "tst_subsystem_examples.moc"
