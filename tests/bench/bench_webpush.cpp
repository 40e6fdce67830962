// bench_webpush: Web Push from the real tessera-server to 10,000 subscriptions,
// encryption included, against the same number of plain POSTs of the same size in the same run.
//   - Setup: tessera-server --demo (SQLite) with a VAPID key; 10,000 people, each with a device
//     and a webpush subscription (one P-256 key and auth secret made here, shared: the server
//     still parses the key and makes a new ephemeral key and an ECDH for every push; its VAPID
//     JWT is signed once per push-service origin and reused for an hour), written
//     straight into its database while it is stopped. Their endpoints are /push/N on PushSink, a
//     loopback push service in this process on a thread of its own (answers 201, counts).
//   - Tessera: one POST /v1/notifications to everyone (the demo sub-system's key) -> the time
//     from the POST's send until the sink has read all 10,000 pushes; every one must come, on
//     its own path, aes128gcm with a VAPID Authorization.
//   - Peer: this process posting 10,000 bodies of the same size (random bytes) with the same
//     headers to the same sink through one QNetworkAccessManager, at most 32 in flight (the
//     sender's pattern and limit): the floor of the HTTP side, with no queue, database or crypto.
//   - Plain loopback http on both sides: the server accepts http endpoints on loopback only in
//     demo mode, and its sender has no CA setting (the system's trust store): https to this
//     receiver would need a CA option made for the bench.
// Figures: pushes per second (median round; a warm-up round first, then rounds alternating the
// order), CPU per push (the server process; the peer: this process without the sink's thread),
// the sink's CPU per request on each side, and the sink's ceiling under a raw-socket load.
// Nothing asserts a time: it fails only when something does not work.
//
// TESSERA_BENCH_REPORT_DIR=DIR also writes the table to DIR/bench_webpush.md.
#include "bench_webpush_sink.h"
#include "benchtable.h"
#include "demoaccounts.h"
#include "httpload.h"
#include "procstats.h"
#include "serverprocess.h"
#include "serversql.h"
#include "testhttp.h"

#include <QDir>
#include <QEventLoop>
#include <QJsonArray>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QUuid>

using namespace std::chrono_literals;

namespace tessera::bench {

namespace {

constexpr int kSubscriptions = 10000;
constexpr int kRounds = 3; // after one warm-up round
constexpr int kInFlight = 32; // WebPushSender::maxInFlight
constexpr int kCeilingRequests = 50000;
constexpr int kWaitMs = 300000;
// The seeded people's department: the notification's audience (all of them, nobody else).
const QString kDepartment = QStringLiteral("Push Bench");

qint64 processCpuNsSelf()
{
    timespec used {};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &used);
    return qint64(used.tv_sec) * 1000000000 + used.tv_nsec;
}

QByteArray base64Url(const QByteArray &bytes)
{
    return bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

bool runOpenssl(const QStringList &arguments)
{
    QProcess openssl;
    openssl.start(QStringLiteral("openssl"), arguments);
    if (!openssl.waitForFinished(30000) || openssl.exitCode() != 0) {
        qWarning().noquote() << "openssl" << arguments.join(u' ')
                             << "failed:" << openssl.readAllStandardError();
        return false;
    }
    return true;
}

// A new P-256 private key in PEM at path.
bool makeP256Key(const QString &path)
{
    return runOpenssl(
        { QStringLiteral("ecparam"), QStringLiteral("-name"), QStringLiteral("prime256v1"),
            QStringLiteral("-genkey"), QStringLiteral("-noout"), QStringLiteral("-out"), path });
}

// The uncompressed public point (65 bytes) of the key at keyPath, or empty.
QByteArray publicPoint(const QString &keyPath, const QString &derPath)
{
    if (!runOpenssl({ QStringLiteral("ec"), QStringLiteral("-in"), keyPath,
            QStringLiteral("-pubout"), QStringLiteral("-outform"), QStringLiteral("DER"),
            QStringLiteral("-out"), derPath }))
        return {};
    QFile file(derPath);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const QByteArray der = file.readAll();
    const QByteArray point = der.right(65);
    return point.size() == 65 && point.at(0) == 0x04 ? point : QByteArray();
}

struct Round
{
    double pushesPerSecond = 0;
    double cpuUsPerPush = 0; // the sender side
    double sinkCpuUsPerPush = 0;
    double afterPostPerSecond = 0; // Tessera: from the POST's 201 to the last push
};

QString microseconds(double value)
{
    return QString::number(value, 'f', 1);
}

} // namespace

class BenchWebPush : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void throughput();
    void cleanupTestCase();

private:
    bool seed(const QByteArray &p256dh, const QByteArray &auth);
    std::optional<Round> tesseraRound(int number);
    std::optional<Round> peerRound();
    void measureCeiling();

    QTemporaryDir m_dir;
    PushSink m_sink;
    test::ServerProcess m_server;
    test::ServerProcess::Options m_options;
    qint64 m_serverPid = 0;
    QString m_apiKey;
    qsizetype m_bodySize = 0;
    QByteArray m_authorization;
    double m_postMs = 0; // the last Tessera round's POST -> 201
    double m_ceilingPerSecond = 0;
    double m_ceilingCpuUs = 0;
    BenchTable m_table { QStringLiteral("tessera-server Web Push"),
        QStringLiteral("QNetworkAccessManager POSTs") };
};

void BenchWebPush::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QVERIFY2(m_sink.start(), "the push sink does not listen");
    const QString vapid = m_dir.filePath(QStringLiteral("vapid.pem"));
    const QString device = m_dir.filePath(QStringLiteral("device.pem"));
    QVERIFY(makeP256Key(vapid));
    QVERIFY(makeP256Key(device));
    const QByteArray point = publicPoint(device, m_dir.filePath(QStringLiteral("device.der")));
    QVERIFY2(!point.isEmpty(), "no P-256 public point from openssl");
    QByteArray auth(16, '\0');
    QRandomGenerator::system()->generate(auth.begin(), auth.end());

    m_options.dataDir = m_dir.filePath(QStringLiteral("data"));
    QVERIFY(QDir().mkpath(m_options.dataDir));
    m_options.extraArguments << QStringLiteral("--vapid-key") << vapid
                             << QStringLiteral("--vapid-subject")
                             << QStringLiteral("mailto:ops@example.com");
    m_options.config = QJsonObject { { QStringLiteral("http"),
        QJsonObject { { QStringLiteral("apiKeyRequestsPerSecond"), 0 } } } };
    // Once to make the database and the demo data, then stopped for the seeding.
    QVERIFY2(m_server.start(m_options), qPrintable(m_server.error()));
    QVERIFY(m_server.stop().has_value());
    QVERIFY(seed(base64Url(point), base64Url(auth)));
    QVERIFY2(m_server.start(m_options), qPrintable(m_server.error()));
    m_serverPid = m_server.pid();
    QVERIFY(m_serverPid > 0);
    m_apiKey = test::demoApiKey(m_server).value(QStringLiteral("key")).toString();
    QVERIFY(!m_apiKey.isEmpty());
}

bool BenchWebPush::seed(const QByteArray &p256dh, const QByteArray &auth)
{
    const QString connection = QStringLiteral("seed");
    bool ok = false;
    {
        QSqlDatabase db = test::openServerDatabase(connection, m_options.dataDir, {});
        QSqlQuery query(db);
        if (db.isOpen() && query.exec(QStringLiteral("SELECT created_at FROM users LIMIT 1"))
            && query.next()) {
            const QString at = query.value(0).toString(); // the server's own time format
            QSqlQuery user(db);
            QSqlQuery device(db);
            QSqlQuery subscription(db);
            ok = db.transaction()
                && user.prepare(QStringLiteral(
                    "INSERT INTO users (id, kind, username, username_key, display_name,"
                    " department, user_type, created_at, updated_at) VALUES (?, 'local', ?, ?,"
                    " ?, ?, 'employee', ?, ?)"))
                && device.prepare(QStringLiteral(
                    "INSERT INTO devices (user_id, id, platform, os_version, model, app_version,"
                    " created_at, last_seen_at) VALUES (?, ?, 'linux', 'Debian 12', 'bench',"
                    " '1.0.0', ?, ?)"))
                && subscription.prepare(QStringLiteral(
                    "INSERT INTO push_subscriptions (user_id, device_id, transport, endpoint,"
                    " p256dh, auth, created_at) VALUES (?, ?, 'webpush', ?, ?, ?, ?)"));
            for (int i = 0; ok && i < kSubscriptions; ++i) {
                const QString id = QStringLiteral("WP%1").arg(i, 5, 10, QLatin1Char('0'));
                const QString name = QStringLiteral("bench.push%1").arg(i);
                const QString deviceId = QStringLiteral("wp-device-%1").arg(i);
                const QString endpoint =
                    QStringLiteral("http://127.0.0.1:%1/push/%2").arg(m_sink.port()).arg(i);
                for (const QVariant &value : { QVariant(id), QVariant(name), QVariant(name),
                         QVariant(QStringLiteral("Bench Person %1").arg(i)), QVariant(kDepartment),
                         QVariant(at), QVariant(at) })
                    user.addBindValue(value);
                for (const QVariant &value :
                    { QVariant(id), QVariant(deviceId), QVariant(at), QVariant(at) })
                    device.addBindValue(value);
                for (const QVariant &value : { QVariant(id), QVariant(deviceId), QVariant(endpoint),
                         QVariant(QString::fromLatin1(p256dh)), QVariant(QString::fromLatin1(auth)),
                         QVariant(at) })
                    subscription.addBindValue(value);
                ok = user.exec() && device.exec() && subscription.exec();
            }
            if (!ok)
                qWarning().noquote()
                    << "seeding failed:" << user.lastError().text() << device.lastError().text()
                    << subscription.lastError().text();
            ok = ok && db.commit();
        } else {
            qWarning().noquote() << "no database to seed:" << db.lastError().text();
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(connection);
    return ok;
}

std::optional<Round> BenchWebPush::tesseraRound(int number)
{
    m_sink.reset(kSubscriptions);
    const QJsonObject body {
        { QStringLiteral("recipients"),
            QJsonObject { { QStringLiteral("departments"), QJsonArray { kDepartment } } } },
        { QStringLiteral("title"),
            QStringLiteral("Leave request %1: Ben Okafor, 2–4 Dec").arg(number) },
        { QStringLiteral("body"), QStringLiteral("Three days of annual leave.") },
        { QStringLiteral("category"), QStringLiteral("leave") },
        { QStringLiteral("priority"), QStringLiteral("high") },
        { QStringLiteral("actionable"), true },
        { QStringLiteral("actions"), test::approveRejectActions() },
        { QStringLiteral("reference"), QStringLiteral("WP-%1").arg(number) },
        { QStringLiteral("delivery"), QStringLiteral("poll") },
    };
    const qint64 cpuBefore = processCpuNs(m_serverPid).value_or(0);
    const qint64 sinkBefore = m_sink.cpuNs();
    const qint64 start = monotonicNs();
    const test::HttpResult created = test::httpRequest("POST",
        m_server.url(QStringLiteral("/v1/notifications")), test::compactJson(body),
        test::bearer(m_apiKey, QUuid::createUuid().toByteArray(QUuid::WithoutBraces)));
    const qint64 answered = monotonicNs();
    m_postMs = double(answered - start) / 1e6;
    if (created.status != 201) {
        qWarning().noquote() << "POST /v1/notifications:" << created.status << created.body
                             << created.error;
        return std::nullopt;
    }
    if (!QTest::qWaitFor([&] { return m_sink.counts().requests >= kSubscriptions; }, kWaitMs)) {
        qWarning() << "only" << m_sink.counts().requests << "pushes arrived";
        return std::nullopt;
    }
    // The sender records each outcome after the answer: the round ends when the queue is empty.
    const bool drained = QTest::qWaitFor(
        [&] {
            return test::serverSqlInt(
                       m_options.dataDir, {}, QStringLiteral("SELECT COUNT(*) FROM push_queue"))
                == 0;
        },
        60000);
    const qint64 cpuAfter = processCpuNs(m_serverPid).value_or(0);
    const PushSink::Counts counts = m_sink.counts();
    if (!drained || counts.requests != kSubscriptions || counts.distinctPaths != kSubscriptions
        || counts.encrypted != kSubscriptions) {
        qWarning() << "pushes:" << counts.requests << "paths:" << counts.distinctPaths
                   << "encrypted with VAPID:" << counts.encrypted << "queue drained:" << drained;
        return std::nullopt;
    }
    m_bodySize = counts.maxBody;
    m_authorization = counts.authorization;
    if (counts.minBody != counts.maxBody)
        qWarning() << "push bodies from" << counts.minBody << "to" << counts.maxBody << "bytes";
    return Round { kSubscriptions / (double(counts.lastAtNs - start) / 1e9),
        double(cpuAfter - cpuBefore) / 1e3 / kSubscriptions,
        double(m_sink.cpuNs() - sinkBefore) / 1e3 / kSubscriptions,
        kSubscriptions / (double(counts.lastAtNs - answered) / 1e9) };
}

std::optional<Round> BenchWebPush::peerRound()
{
    m_sink.reset(kSubscriptions);
    QByteArray payload(m_bodySize, '\0');
    QRandomGenerator::global()->generate(payload.begin(), payload.end());
    QNetworkAccessManager network;
    // A plain event loop: QTest::qWaitFor sleeps 10 ms between its rounds of events, which would
    // hold back every reply.
    QEventLoop loop;
    QTimer::singleShot(kWaitMs, &loop, &QEventLoop::quit);
    int sent = 0;
    int done = 0;
    int failed = 0;
    std::function<void()> sendNext = [&] {
        const int index = sent++;
        QNetworkRequest request(
            QUrl(QStringLiteral("http://127.0.0.1:%1/push/%2").arg(m_sink.port()).arg(index)));
        request.setTransferTimeout(30000);
        request.setAttribute(
            QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
        request.setHeader(
            QNetworkRequest::ContentTypeHeader, QByteArray("application/octet-stream"));
        request.setRawHeader("Content-Encoding", "aes128gcm");
        request.setRawHeader("TTL", "86400");
        request.setRawHeader("Urgency", "high");
        request.setRawHeader("Topic", "0123456789abcdef0123456789abcdef");
        request.setRawHeader("Authorization", m_authorization);
        QNetworkReply *reply = network.post(request, payload);
        connect(reply, &QNetworkReply::finished, this, [&, reply] {
            reply->deleteLater();
            ++done;
            if (reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() != 201)
                ++failed;
            if (sent < kSubscriptions)
                sendNext();
            else if (done == kSubscriptions)
                loop.quit();
        });
    };
    const qint64 cpuBefore = processCpuNsSelf();
    const qint64 sinkBefore = m_sink.cpuNs();
    const qint64 start = monotonicNs();
    static_assert(kInFlight <= kSubscriptions);
    while (sent < kInFlight)
        sendNext();
    loop.exec();
    const bool finished = done == kSubscriptions;
    const qint64 sinkUsed = m_sink.cpuNs() - sinkBefore;
    const qint64 cpuUsed = processCpuNsSelf() - cpuBefore - sinkUsed;
    const PushSink::Counts counts = m_sink.counts();
    if (!finished || failed != 0 || counts.requests != kSubscriptions
        || counts.minBody != m_bodySize) {
        qWarning() << "peer: done" << done << "failed" << failed << "received" << counts.requests;
        return std::nullopt;
    }
    return Round { kSubscriptions / (double(counts.lastAtNs - start) / 1e9),
        double(cpuUsed) / 1e3 / kSubscriptions, double(sinkUsed) / 1e3 / kSubscriptions };
}

// The sink alone under a raw-socket load (HttpLoad, 32 keep-alive connections, this process's
// main thread): how far it is from being what limits a round.
void BenchWebPush::measureCeiling()
{
    m_sink.reset(kCeilingRequests);
    const QByteArray payload(m_bodySize, 'x');
    LoadOptions options;
    options.port = m_sink.port();
    options.connections = kInFlight;
    options.requests = kCeilingRequests;
    options.okStatuses = { 201 };
    options.makeRequest = [&](int index) {
        return httpRequestBytes("POST", "/push/" + QByteArray::number(index), m_sink.port(),
            { { "Content-Encoding", "aes128gcm" }, { "Authorization", m_authorization } }, payload);
    };
    const qint64 sinkBefore = m_sink.cpuNs();
    const LoadResult result = runHttpLoad(options);
    QVERIFY2(result.ok(), qPrintable(result.describeProblem()));
    m_ceilingPerSecond = result.requestsPerSecond();
    m_ceilingCpuUs = double(m_sink.cpuNs() - sinkBefore) / 1e3 / double(result.completed);
}

void BenchWebPush::throughput()
{
    // Warm-up: the server's first broadcast, and the size of its pushes for the peer.
    const std::optional<Round> warmUp = tesseraRound(0);
    QVERIFY2(warmUp, "the warm-up round did not deliver every push");
    QVERIFY(m_bodySize > 0);
    QList<double> rates[2];
    QList<double> cpu[2];
    QList<double> sinkCpu[2];
    QList<double> postMs;
    QList<double> afterPost;
    for (int round = 1; round <= kRounds; ++round) {
        for (int side : round % 2 ? QList<int> { 1, 0 } : QList<int> { 0, 1 }) {
            const std::optional<Round> result = side == 0 ? tesseraRound(round) : peerRound();
            QVERIFY2(result, side == 0 ? "a Tessera round failed" : "a peer round failed");
            rates[side].append(result->pushesPerSecond);
            cpu[side].append(result->cpuUsPerPush);
            sinkCpu[side].append(result->sinkCpuUsPerPush);
            if (side == 0) {
                postMs.append(m_postMs);
                afterPost.append(result->afterPostPerSecond);
            }
            qInfo("round %d %s: %.0f pushes/s, %.1f us CPU per push", round,
                side == 0 ? "tessera" : "peer", result->pushesPerSecond, result->cpuUsPerPush);
        }
    }
    measureCeiling();
    m_table.add(QStringLiteral("Pushes/s to %L1 subscriptions (POST -> all at the receiver)")
                    .arg(kSubscriptions),
        QStringLiteral("pushes/s"), BenchTable::Better::Higher, median(rates[0]), median(rates[1]));
    m_table.add(QStringLiteral("CPU per push (server process / peer without the receiver)"),
        QStringLiteral("µs"), BenchTable::Better::Lower, median(cpu[0]), median(cpu[1]), 1);
    m_table.add(QStringLiteral("Receiver CPU per push"), QStringLiteral("µs"),
        BenchTable::Better::Lower, median(sinkCpu[0]), median(sinkCpu[1]), 1);
    m_table.addNote(QStringLiteral(
        "Tessera: one POST /v1/notifications to a department of %L1 people, each with a webpush "
        "subscription -> tessera-server --demo (SQLite) stores the item for "
        "each person, queues %L1 pushes and its sender sends each one encrypted for the device "
        "(RFC 8291 aes128gcm, a fresh ephemeral key and ECDH each) with a VAPID JWT (signed once "
        "per push-service origin, reused for an hour), at most %2 in flight; timed from the POST's "
        "send to the %L1th push read by the "
        "receiver (the POST itself took %3 ms, median; from its 201 to the last push %5 pushes/s). "
        "Peer: this process posting %L1 bodies "
        "of the same size (%4 bytes) with the same headers through one QNetworkAccessManager, "
        "at most %2 in flight. The CPU per push of Tessera counts all the server did, the POST "
        "included, until its queue was empty.")
                        .arg(kSubscriptions)
                        .arg(kInFlight)
                        .arg(median(postMs), 0, 'f', 0)
                        .arg(m_bodySize)
                        .arg(median(afterPost), 0, 'f', 0));
    m_table.addNote(QStringLiteral(
        "Plain loopback http on both sides (the server takes http endpoints on loopback in demo "
        "mode only, and its sender trusts the system's CAs alone: https would need a CA option "
        "made "
        "for the bench). "
        "Receiver: a QTcpServer in this process on a thread of its own, reading each request "
        "whole and answering 201; its ceiling under a raw-socket keep-alive load (%1 connections, "
        "%L2 POSTs of the same size): %L3 requests/s at %4 µs of its CPU each, i.e. at most "
        "%L5/s on one core, above both rows. A warm-up round, then %6 rounds alternating the "
        "order; figures are medians; goal: Tessera at least 0.5x the peer's rate. "
        "%7 CPUs shared by the server, this process and the machine's other work; build type "
        "%8.")
                        .arg(kInFlight)
                        .arg(kCeilingRequests)
                        .arg(m_ceilingPerSecond, 0, 'f', 0)
                        .arg(microseconds(m_ceilingCpuUs))
                        .arg(m_ceilingCpuUs > 0 ? 1e6 / m_ceilingCpuUs : 0, 0, 'f', 0)
                        .arg(kRounds)
                        .arg(QThread::idealThreadCount())
                        .arg(QStringLiteral(TESSERA_BENCH_BUILD_TYPE)));
}

void BenchWebPush::cleanupTestCase()
{
    if (!m_table.isEmpty())
        publishReport(m_table.toMarkdown(), QStringLiteral("bench_webpush.md"));
    m_server.stop();
}

} // namespace tessera::bench

QTEST_GUILESS_MAIN(tessera::bench::BenchWebPush)
#include "bench_webpush.moc"
