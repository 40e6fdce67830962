// bench_push: how fast a new notification reaches the phones, against mosquitto.
// Tessera: a sub-system POSTs /v1/notifications to the real tessera-server (SQLite, --demo);
// the server's live stream (GET /v1/stream, WebSocket) hints every open app of the person.
// Peer: mosquitto (Debian's broker, started here on 127.0.0.1 from a temporary config), one
// publisher, the subscribers on one topic, QoS 0, a payload of the hint's size. The subscribers
// (1 or 1,000) are bench-push-subscribers, a process of their own; times are CLOCK_MONOTONIC in
// both processes. Figures:
//   - latency, publish (request written / PUBLISH written) -> message at a subscriber, p50 and
//     p99, with 1 and with 1,000 subscribers, messages paced so that they do not queue;
//   - fan-out: deliveries per second with 1,000 subscribers, messages published back to back
//     (Tessera's publisher waits for each 201, as a sub-system does).
//   - to the screen: one real app in this process (Session, InboxSync with its StreamClient,
//     InboxStore in a SQLCipher file, InboxModel: the client stack's inbox features as the app
//     builds them, core only) signed in as the recipient; POST written -> the InboxModel row of
//     that notification inserted (the hint carrying the item, or the plain hint and GET
//     /v1/inbox?since; the SQLCipher write and the model's reload all inside), p50 and p99, with 1
//     and with 1,000 connected clients (the app and 999 subscribers), against mosquitto's delivery
//     to its subscribers: an MQTT app shows the message it is handed, so delivery is mosquitto's
//     whole path.
// Rounds alternate Tessera and mosquitto. Nothing asserts a time: the benchmark fails only when
// something does not work (a process that does not start, a message that does not arrive).
//
// TESSERA_BENCH_REPORT_DIR=DIR also writes the table to DIR/bench_push.md.
// TESSERA_BENCH_PUSH_PERF=DIR records the server's / broker's call graphs while the messages of
// the back-to-back (fan-out) runs go out: `perf record -g -p PID` to DIR/<side>-<n>.data (read
// them with `perf report --no-children -i FILE`); the figures of those runs then include perf's
// own cost.
#include "appclient.h"
#include "benchtable.h"
#include "childprocess.h"
#include "httpload.h"
#include "mosquittobroker.h"
#include "mqttwire.h"
#include "procstats.h"
#include "pushoutcome.h"
#include "serverprocess.h"
#include "streambench.h"

#include <QCoreApplication>
#include <QDir>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <map>
#include <sys/resource.h>

using namespace std::chrono_literals;

namespace tessera::bench {

namespace {

constexpr int kRounds = 2;
constexpr int kMany = 1000;
constexpr int kLatencyMessagesOne = 200; // with 1 subscriber, one every kPaceOneMs
constexpr int kPaceOneMs = 5;
constexpr int kLatencyMessagesMany = 20; // with 1,000 subscribers, one every kPaceManyMs
constexpr int kPaceManyMs = 150;
constexpr int kFanOutMessages = 30; // back to back, 1,000 subscribers
// To the screen with 1 client: the app's delta sync takes a few ms, so a wider pace than the
// hint's keeps one notification's sync from waiting for the previous one's.
constexpr int kPaceScreenOneMs = 20;

} // namespace

class BenchPush : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void latencyOne();
    void latencyMany();
    void screenOne();
    void screenMany();
    void fanOut();
    void cleanupTestCase();

private:
    // One run: subscribers up, messages published every paceMs (0: back to back), the
    // subscribers' receipts matched to the publishing times. screen (Tessera only): one of the
    // subscribers is the app in this process, and the latencies are its model rows'.
    std::optional<PushOutcome> run(
        bool tessera, int subscribers, int messages, int paceMs, bool screen = false);
    // The new notification's id; empty when the server did not answer 201 with one.
    QString publishTessera(QTcpSocket &socket, int number);
    void compare(const QString &label, int subscribers, int messages, int paceMs, bool rate,
        bool screen = false);

    QTemporaryDir m_dir;
    test::ServerProcess m_server;
    MosquittoBroker m_mosquitto;
    qint64 m_serverPid = 0;
    QByteArray m_token;
    QJsonObject m_person; // the recipient's demo account (username, password)
    int m_apps = 0;
    int m_profiles = 0;
    QByteArray m_apiKey;
    int m_keys = 0;
    int m_hintSize = 0;
    QString m_lastAnswer; // what the server answered when it was not 201
    QStringList m_screenSplits; // where the time to the screen goes, for the notes
    BenchTable m_table { QStringLiteral("tessera-server stream"), QStringLiteral("mosquitto") };
};

void BenchPush::initTestCase()
{
    QVERIFY(m_dir.isValid());
    // The app in this process logs every sign-in and migration: only its warnings here.
    QLoggingCategory::setFilterRules(QStringLiteral("tessera.*.info=false"));
    // 1,000 sockets on each side: more than the usual 1,024 descriptors (the children inherit).
    rlimit limit {};
    QVERIFY(getrlimit(RLIMIT_NOFILE, &limit) == 0);
    limit.rlim_cur = limit.rlim_max;
    QVERIFY(setrlimit(RLIMIT_NOFILE, &limit) == 0);
    QVERIFY2(limit.rlim_cur > rlim_t(kMany) * 2 + 100, "too few file descriptors allowed");

    // kMany streams and the publisher's connections, all from 127.0.0.1: past the server's
    // default cap per address (docs/DEVELOPING.md, HTTP limits).
    test::ServerProcess::Options options;
    options.config = QJsonObject { { QStringLiteral("http"),
        QJsonObject { { QStringLiteral("maxConnectionsPerAddress"), kMany * 2 },
            { QStringLiteral("apiKeyRequestsPerSecond"), 0 } } } };
    QVERIFY2(m_server.start(options), qPrintable(m_server.error()));
    const BenchRecipient recipient = benchRecipient(m_server, QStringLiteral("bench-push"));
    QVERIFY(recipient.isComplete());
    m_token = recipient.token;
    m_person = recipient.account;
    QVERIFY(!m_person.value(QStringLiteral("username")).toString().isEmpty());
    m_apiKey = recipient.apiKey;
    m_serverPid = childProcessRunning(test::ServerProcess::binary());
    QVERIFY(m_serverPid > 0);
    m_hintSize = int(QByteArray(R"({"cursor":"1000","type":"inbox"})").size());

    QString error;
    QVERIFY2(m_mosquitto.start(m_dir.path(), &error), qPrintable(error));
}

QString BenchPush::publishTessera(QTcpSocket &socket, int number)
{
    return postNotification(socket, m_apiKey, "push-" + QByteArray::number(++m_keys),
        benchNotification(QStringLiteral("E1002"), QStringLiteral("Push %1").arg(number),
            QStringLiteral("A notification for the push benchmark."),
            QStringLiteral("PUSH-%1").arg(number)),
        &m_lastAnswer);
}

std::optional<PushOutcome> BenchPush::run(
    bool tessera, int subscribers, int messages, int paceMs, bool screen)
{
    const QString name = tessera ? QStringLiteral("tessera-server") : QStringLiteral("mosquitto");
    const auto failure = [&](const QString &why) {
        QString text = name + QStringLiteral(": ") + why;
        if (tessera)
            text += (m_server.isRunning() ? QStringLiteral(" (the server's last words: ")
                                          : QStringLiteral(" (the server ended: "))
                + QString::fromUtf8(m_server.output().right(3000)) + u')';
        QTest::qFail(qPrintable(text), __FILE__, __LINE__);
        return std::optional<PushOutcome>();
    };
    const QByteArray topic = QByteArrayLiteral("tessera/inbox/E1002");
    screen = screen && tessera;
    // To the screen: the app is one of the connected clients, the helper holds the others.
    std::unique_ptr<AppClient> app;
    if (screen) {
        app = std::make_unique<AppClient>();
        QString error;
        if (!app->start(m_server.url(), m_person.value(QStringLiteral("username")).toString(),
                m_person.value(QStringLiteral("password")).toString(),
                m_dir.filePath(QStringLiteral("app-%1.db").arg(++m_apps)), &error))
            return failure(error);
    }
    const int helperSubscribers = screen ? subscribers - 1 : subscribers;
    test::ChildProcess helper;
    const quint16 port = tessera ? quint16(m_server.url().port()) : m_mosquitto.port();
    if (helperSubscribers > 0) {
        QString error;
        if (!startSubscribers(helper,
                { tessera ? QStringLiteral("ws") : QStringLiteral("mqtt"), port, helperSubscribers,
                    tessera ? m_token : topic, messages, 60000 },
                150s, &error))
            return failure(error);
    }

    QTcpSocket publisher;
    publisher.connectToHost(QHostAddress::LocalHost, port);
    if (!publisher.waitForConnected(10000))
        return failure(publisher.errorString());
    publisher.setSocketOption(QAbstractSocket::LowDelayOption, 1);
    if (!tessera) {
        QByteArray connect = mqttString("MQTT");
        connect.append(char(4)).append(char(0x02)).append(char(0)).append(char(60));
        connect += mqttString("bench-publisher");
        publisher.write(mqttPacket(0x10, connect));
        QByteArray answer;
        while (answer.size() < 4 && publisher.waitForReadyRead(10000))
            answer += publisher.readAll();
        if (answer.size() < 4 || answer.at(0) != char(0x20) || answer.at(3) != 0)
            return failure(QStringLiteral("no CONNACK for the publisher"));
    }

    const qint64 broker = tessera ? m_serverPid : m_mosquitto.pid();
    // A profile of the fan-out (TESSERA_BENCH_PUSH_PERF): perf attached to the server / broker
    // while the messages go out, stopped (SIGINT) once they were delivered.
    test::ChildProcess perf;
    const QString perfDir = qEnvironmentVariable("TESSERA_BENCH_PUSH_PERF");
    if (!perfDir.isEmpty() && paceMs == 0 && !screen) {
        if (!perf.start(QStringLiteral("perf"),
                { QStringLiteral("record"), QStringLiteral("-g"), QStringLiteral("-p"),
                    QString::number(broker), QStringLiteral("-o"),
                    QDir(perfDir).filePath(
                        QStringLiteral("%1-%2.data").arg(name).arg(++m_profiles)) }))
            return failure(perf.error());
        QThread::msleep(500); // perf attaches before the first message
    }
    const qint64 cpuBefore = processCpuNs(broker).value_or(0);
    QList<qint64> sentNs;
    QStringList ids;
    for (int i = 0; i < messages; ++i) {
        const qint64 due = sentNs.isEmpty() ? 0 : sentNs.first() + qint64(i) * paceMs * 1000000LL;
        // The children's output pipes are read on this thread's event loop: a server that logs
        // every request (the app's syncs) would otherwise block on a full pipe.
        QCoreApplication::processEvents();
        while (paceMs > 0 && monotonicNs() < due)
            QThread::usleep(200);
        sentNs.append(monotonicNs());
        if (tessera) {
            ids.append(publishTessera(publisher, i));
            if (ids.constLast().isEmpty())
                return failure(
                    QStringLiteral("POST /v1/notifications %1 of %2 did not answer 201: %3 (%4)")
                        .arg(i + 1)
                        .arg(messages)
                        .arg(m_lastAnswer, publisher.errorString()));
        } else {
            // "KEY " then padding: the size of the stream's hint.
            QByteArray payload = QByteArray::number(i) + ' ';
            payload += QByteArray(std::max<qsizetype>(0, m_hintSize - payload.size()), 'x');
            publisher.write(mqttPacket(0x30, mqttString(topic) + payload));
            publisher.flush();
        }
    }
    if (helperSubscribers > 0) {
        const auto done =
            helper.waitForLine(QRegularExpression(QStringLiteral("^done (\\d+)")), 90s);
        if (!done)
            return failure(helper.error());
    }
    // The app's rows: every notification's, within 90 s (a missing row is a failure).
    QList<qint64> shownNs;
    if (screen) {
        const qint64 until = monotonicNs() + 90'000'000'000LL;
        for (const QString &id : std::as_const(ids)) {
            std::optional<qint64> ns;
            while (!(ns = app->insertedNs(id)) && monotonicNs() < until) {
                QCoreApplication::processEvents();
                QThread::usleep(500);
            }
            if (!ns)
                return failure(QStringLiteral("no model row for notification %1").arg(id));
            shownNs.append(*ns);
        }
        app->stop();
    }
    const qint64 brokerCpuNs = processCpuNs(broker).value_or(0) - cpuBefore;
    if (perf.isRunning())
        perf.stop(2, 60s); // SIGINT: perf writes its file
    publisher.disconnectFromHost();

    // Receipts: "KEY NS". Tessera's key is the cursor, which grows with every notification:
    // the n-th distinct cursor is the n-th notification.
    const std::map<qint64, QList<qint64>> byKey = subscriberReceipts(helper.output());
    PushOutcome outcome;
    outcome.firstSendNs = sentNs.first();
    outcome.brokerCpuNs = brokerCpuNs;
    int index = 0;
    for (const auto &[key, receipts] : byKey) {
        const int message = tessera ? index++ : int(key);
        if (message < 0 || message >= sentNs.size())
            return failure(QStringLiteral("a message no one sent"));
        for (const qint64 ns : receipts) {
            outcome.latenciesNs.append(ns - sentNs.at(message));
            outcome.lastReceiveNs = std::max(outcome.lastReceiveNs, ns);
            ++outcome.delivered;
        }
    }
    if (outcome.delivered != qint64(helperSubscribers) * messages)
        return failure(QStringLiteral("%1 of %2 deliveries arrived")
                           .arg(outcome.delivered)
                           .arg(qint64(helperSubscribers) * messages));
    if (helperSubscribers > 0)
        helper.stop();
    if (screen) {
        // The figures are the app's: POST written -> its model row inserted.
        outcome.latenciesNs.clear();
        const QList<qint64> hints = app->hintsNs();
        for (int i = 0; i < messages; ++i) {
            outcome.latenciesNs.append(shownNs.at(i) - sentNs.at(i));
            const auto hint = std::lower_bound(hints.cbegin(), hints.cend(), sentNs.at(i));
            if (hint != hints.cend() && *hint <= shownNs.at(i)) {
                outcome.toHintNs.append(*hint - sentNs.at(i));
                outcome.hintToRowNs.append(shownNs.at(i) - *hint);
            }
        }
        outcome.delivered = messages;
        outcome.lastReceiveNs = *std::max_element(shownNs.cbegin(), shownNs.cend());
    }
    return outcome;
}

void BenchPush::compare(
    const QString &label, int subscribers, int messages, int paceMs, bool rate, bool screen)
{
    PushOutcome results[2];
    QList<double> rates[2];
    qint64 cpuNs[2] = { 0, 0 };
    qint64 delivered[2] = { 0, 0 };
    for (int round = 0; round < kRounds; ++round) {
        for (int turn = 0; turn < 2; ++turn) {
            const int side = round % 2 == 0 ? turn : 1 - turn; // 0: Tessera, 1: mosquitto
            const auto outcome = run(side == 0, subscribers, messages, paceMs, screen);
            if (!outcome)
                return;
            results[side].latenciesNs += outcome->latenciesNs;
            results[side].toHintNs += outcome->toHintNs;
            results[side].hintToRowNs += outcome->hintToRowNs;
            cpuNs[side] += outcome->brokerCpuNs;
            delivered[side] += outcome->delivered;
            rates[side].append(outcome->deliveriesPerSecond());
        }
    }
    using B = BenchTable::Better;
    if (rate) {
        m_table.add(label + QStringLiteral(": deliveries per second"), QStringLiteral("1/s"),
            B::Higher, median(rates[0]), median(rates[1]));
        m_table.add(label + QStringLiteral(": server / broker CPU per delivery"),
            QStringLiteral("µs"), B::Lower, double(cpuNs[0]) / double(delivered[0]) / 1e3,
            double(cpuNs[1]) / double(delivered[1]) / 1e3, 1);
    }
    addPercentileRows(m_table, label, QStringLiteral("latency"), results[0].latenciesNs,
        results[1].latenciesNs, 2);
    if (screen && !results[0].toHintNs.isEmpty()) {
        m_screenSplits.append(
            QStringLiteral("%1: POST -> hint at the app p50 %2 ms / p99 %3 ms, hint -> row p50 %4 "
                           "ms / p99 %5 ms (%6 of %7 rows had a hint of their own)")
                .arg(label)
                .arg(percentile(results[0].toHintNs, 50) / 1e6, 0, 'f', 2)
                .arg(percentile(results[0].toHintNs, 99) / 1e6, 0, 'f', 2)
                .arg(percentile(results[0].hintToRowNs, 50) / 1e6, 0, 'f', 2)
                .arg(percentile(results[0].hintToRowNs, 99) / 1e6, 0, 'f', 2)
                .arg(results[0].toHintNs.size())
                .arg(results[0].latenciesNs.size()));
    }
}

void BenchPush::latencyOne()
{
    compare(QStringLiteral("1 subscriber, one message every %1 ms").arg(kPaceOneMs), 1,
        kLatencyMessagesOne, kPaceOneMs, false);
}

void BenchPush::latencyMany()
{
    compare(QStringLiteral("%1 subscribers, one message every %2 ms").arg(kMany).arg(kPaceManyMs),
        kMany, kLatencyMessagesMany, kPaceManyMs, false);
}

void BenchPush::screenOne()
{
    compare(
        QStringLiteral("to the screen, 1 client, one message every %1 ms").arg(kPaceScreenOneMs), 1,
        kLatencyMessagesOne, kPaceScreenOneMs, false, true);
}

void BenchPush::screenMany()
{
    compare(QStringLiteral("to the screen, %1 clients, one message every %2 ms")
                .arg(kMany)
                .arg(kPaceManyMs),
        kMany, kLatencyMessagesMany, kPaceManyMs, false, true);
}

void BenchPush::fanOut()
{
    compare(
        QStringLiteral("%1 subscribers, %2 messages back to back").arg(kMany).arg(kFanOutMessages),
        kMany, kFanOutMessages, 0, true);
}

void BenchPush::cleanupTestCase()
{
    if (!m_table.isEmpty()) {
        m_table.addNote(QStringLiteral(
            "Tessera: POST /v1/notifications (the demo sub-system's key, one recipient, over one "
            "keep-alive connection, waiting for each 201) -> tessera-server (SQLite) stores it "
            "and sends the person's open streams the hint {\"cursor\",\"type\":\"inbox\"} "
            "(%1 bytes); the subscribers are WebSockets on /v1/stream, all with one person's "
            "token. mosquitto: PUBLISH QoS 0 of a %1-byte payload to one topic with its "
            "subscribers (a minimal MQTT 3.1.1 client over QTcpSocket on both ends).")
                            .arg(m_hintSize));
        m_table.addNote(QStringLiteral(
            "Latency: publish written -> message read by the subscriber process "
            "(CLOCK_MONOTONIC in both). \"To the screen\": POST written -> the InboxModel row "
            "of that notification inserted in a real app in this process (Session, InboxSync "
            "and its stream, SQLCipher InboxStore, InboxModel; its own thread), i.e. the hint "
            "carrying the item (or the plain hint and GET /v1/inbox?since), the SQLCipher "
            "write and the model's reload; with 1,000 "
            "clients the other 999 are the subscriber process's streams. Its peer figure is "
            "mosquitto's delivery to its subscribers, which is an MQTT app's whole path (it "
            "shows the message it is handed). Goal: p99 <= 2x mosquitto's. "
            "%1 rounds alternating the two; percentiles pool the rounds, rates are medians.")
                            .arg(kRounds));
        for (const QString &split : std::as_const(m_screenSplits))
            m_table.addNote(QStringLiteral("Where the time to the screen goes, ") + split + u'.');
        m_table.addNote(
            QStringLiteral("The subscribers' process, the publisher and the server share %1 "
                           "CPUs. Build type %2.")
                .arg(QThread::idealThreadCount())
                .arg(QStringLiteral(TESSERA_BENCH_BUILD_TYPE)));
        publishReport(m_table.toMarkdown(), QStringLiteral("bench_push.md"));
    }
    m_mosquitto.stop();
    m_server.stop();
}

} // namespace tessera::bench

QTEST_GUILESS_MAIN(tessera::bench::BenchPush)
#include "bench_push.moc"
