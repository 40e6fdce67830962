// bench_webpush_desktop: the time from POST /v1/notifications to the desktop
// notification shown, against the floor of its last step.
//   - A private D-Bus session bus (its own dbus-daemon) with python3-dbusmock's notification
//     daemon on it (as tests/integration/notificationdaemonfixture.h starts it), and dbus-monitor
//     on that bus printing every Notify call with the bus's timestamp (CLOCK_REALTIME, µs).
//   - Tessera: tessera-server --demo (SQLite) and the app's core parts in this process on a
//     thread of their own (Session signed in as Ben Okafor, InboxSync and its stream, SQLCipher
//     InboxStore) with core's InboxNotifier and the desktop's DesktopNotifier on the private bus,
//     the window "hidden in the tray" (setActive(true)). 200 notifications to Ben one after
//     another (the demo sub-system's key): each timed from just before the POST is written to
//     the bus's timestamp of the Notify carrying its title.
//   - Peer: this process calling Notify on the same daemon with a summary and body of the same
//     size: what any desktop app pays to show a notification (the bus and the daemon), so the
//     ratio is what the server, the stream, the sync and the notifier add on top of it.
// Nothing asserts a time: it fails only when something does not work.
//
// TESSERA_BENCH_REPORT_DIR=DIR also writes the table to DIR/bench_webpush_desktop.md.
#include "appclient.h"
#include "benchtable.h"
#include "demoaccounts.h"
#include "desktop/desktopnotifier.h"
#include "httpload.h"
#include "inbox/inboxstore.h"
#include "inbox/inboxsync.h"
#include "notificationdaemonfixture.h"
#include "notify/inboxnotifier.h"
#include "serverprocess.h"
#include "services/clientstack.h"
#include "testhttp.h"

#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusMessage>
#include <QLoggingCategory>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QUuid>

#include <ctime>

namespace tessera::bench {

namespace {

constexpr int kMessages = 200;
constexpr int kRounds = 2; // each side sends kMessages / kRounds a round, the order alternating
constexpr int kPauseMs = 20; // between one notification shown and the next POST
constexpr int kWaitMs = 15000;

qint64 realtimeUs()
{
    timespec now {};
    clock_gettime(CLOCK_REALTIME, &now);
    return qint64(now.tv_sec) * 1000000 + now.tv_nsec / 1000;
}

// The app (appclient.h: signed in, synced, live, on a thread of its own) with core's InboxNotifier
// and the desktop's DesktopNotifier on the private bus, the window "hidden in the tray".
class DesktopApp
{
public:
    DesktopApp() = default;
    DesktopApp(const DesktopApp &) = delete;
    DesktopApp &operator=(const DesktopApp &) = delete;
    ~DesktopApp() { stop(); }

    bool start(const QUrl &server, const QJsonObject &person, const QString &busAddress,
        const QString &database, QString *error)
    {
        AppClient::Extension extension;
        extension.features = ClientStack::Feature::Inbox;
        extension.deviceId = QStringLiteral("bench-desktop-app");
        extension.build = [this, busAddress](ClientStack &stack, QString *why) {
            const QDBusConnection bus =
                QDBusConnection::connectToBus(busAddress, QStringLiteral("bench-app"));
            if (!bus.isConnected()) {
                *why = QStringLiteral("the app cannot reach the private bus");
                return false;
            }
            m_notifier = std::make_unique<DesktopNotifier>(bus);
            m_watcher = std::make_unique<InboxNotifier>(
                *stack.part<InboxStore>(), stack.part<InboxSync>(), nullptr, *m_notifier);
            m_watcher->setActive(true); // the window hidden in the tray
            return true;
        };
        // The daemon's capabilities come once, asynchronously.
        extension.ready = [this] { return m_notifier && m_notifier->isAvailable(); };
        extension.teardown = [this] {
            m_watcher.reset();
            m_notifier.reset();
            QDBusConnection::disconnectFromBus(QStringLiteral("bench-app"));
        };
        m_app = std::make_unique<AppClient>(std::move(extension));
        return m_app->start(server, person.value(QStringLiteral("username")).toString(),
            person.value(QStringLiteral("password")).toString(), database, error);
    }

    void stop()
    {
        if (m_app)
            m_app->stop();
    }

private:
    std::unique_ptr<AppClient> m_app;
    // On the app's thread (made and dropped there).
    std::unique_ptr<DesktopNotifier> m_notifier;
    std::unique_ptr<InboxNotifier> m_watcher;
};

} // namespace

class BenchWebPushDesktop : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void postToShown();
    void cleanupTestCase();

private:
    bool startBus();
    // The bus's timestamp (µs) of the Notify whose summary is summary, once dbus-monitor printed
    // it.
    std::optional<qint64> notifyAt(const QByteArray &summary);
    std::optional<qint64> tesseraOnce(int number);
    std::optional<qint64> peerOnce(int number);

    QTemporaryDir m_dir;
    test::NotificationDaemonMock m_daemon;
    QProcess m_monitor;
    QByteArray m_monitorOutput;
    QString m_address;
    QDBusConnection m_connection { QString() };
    test::ServerProcess m_server;
    QString m_apiKey;
    QString m_userId;
    DesktopApp m_app;
    BenchTable m_table { QStringLiteral("POST -> Tessera desktop notification"),
        QStringLiteral("bare D-Bus Notify") };
};

bool BenchWebPushDesktop::startBus()
{
    // The private bus and python3-dbusmock's notification daemon, as the notification tests
    // start them.
    if (!m_daemon.start(QStringLiteral("actions body"))) {
        qWarning() << m_daemon.error();
        return false;
    }
    m_address = m_daemon.address();
    m_connection = m_daemon.connection();
    m_monitor.start(QStandardPaths::findExecutable(QStringLiteral("dbus-monitor")),
        { QStringLiteral("--address"), m_address,
            QStringLiteral("type='method_call',interface='org.freedesktop.Notifications',"
                           "member='Notify'") });
    if (!m_monitor.waitForStarted(5000)) {
        qWarning("dbus-monitor did not start (apt-get install dbus)");
        return false;
    }
    // dbus-monitor is listening once it prints the bus's NameAcquired signal to itself.
    return QTest::qWaitFor(
        [&] {
            m_monitorOutput += m_monitor.readAllStandardOutput();
            return m_monitorOutput.contains("NameAcquired") || m_monitorOutput.contains("member=");
        },
        10000);
}

void BenchWebPushDesktop::initTestCase()
{
    QVERIFY(m_dir.isValid());
    // The app in this process logs every sign-in and migration: only its warnings here.
    QLoggingCategory::setFilterRules(QStringLiteral("tessera.*.info=false"));
    QVERIFY(startBus());
    QVERIFY2(m_server.start(), qPrintable(m_server.error()));
    m_apiKey = test::demoApiKey(m_server).value(QStringLiteral("key")).toString();
    const QJsonObject person = test::demoAccount(m_server, QStringLiteral("Ben Okafor"));
    m_userId = person.value(QStringLiteral("userId")).toString();
    QVERIFY(!m_userId.isEmpty());
    QString error;
    QVERIFY2(m_app.start(m_server.url(), person, m_address,
                 m_dir.filePath(QStringLiteral("app.db")), &error),
        qPrintable(error));
}

std::optional<qint64> BenchWebPushDesktop::notifyAt(const QByteArray &summary)
{
    // A Notify as dbus-monitor prints it: "method call time=S.US sender=... member=Notify", then
    // its arguments one a line (app_name, replaces_id, app_icon, summary, ...).
    const QByteArray needle = "string \"" + summary + '"';
    std::optional<qint64> at;
    (void)QTest::qWaitFor(
        [&] {
            m_monitorOutput += m_monitor.readAllStandardOutput();
            const qsizetype found = m_monitorOutput.indexOf(needle);
            if (found < 0)
                return false;
            const qsizetype call = m_monitorOutput.lastIndexOf("method call time=", found);
            if (call < 0)
                return false;
            const qsizetype from = call + qsizetype(qstrlen("method call time="));
            const QByteArray stamp =
                m_monitorOutput.mid(from, m_monitorOutput.indexOf(' ', from) - from);
            const qsizetype dot = stamp.indexOf('.');
            bool ok = dot > 0;
            const qint64 seconds = stamp.left(dot).toLongLong(&ok);
            const qint64 micros =
                ok ? stamp.mid(dot + 1).leftJustified(6, '0').left(6).toLongLong(&ok) : 0;
            if (ok)
                at = seconds * 1000000 + micros;
            m_monitorOutput.remove(0, m_monitorOutput.indexOf('\n', found) + 1);
            return true;
        },
        kWaitMs);
    return at;
}

std::optional<qint64> BenchWebPushDesktop::tesseraOnce(int number)
{
    QJsonObject body = test::leaveRequestFor(m_userId);
    const QByteArray title = "Leave request " + QByteArray::number(number) + " from the bench "
        + QUuid::createUuid().toByteArray(QUuid::Id128);
    body.insert(QStringLiteral("title"), QString::fromLatin1(title));
    const QByteArray request = test::compactJson(body);
    const qint64 start = realtimeUs();
    const test::HttpResult created =
        test::httpRequest("POST", m_server.url(QStringLiteral("/v1/notifications")), request,
            test::bearer(m_apiKey, QUuid::createUuid().toByteArray(QUuid::WithoutBraces)));
    if (created.status != 201) {
        qWarning() << "POST /v1/notifications:" << created.status << created.body;
        return std::nullopt;
    }
    const std::optional<qint64> shown = notifyAt(title);
    if (!shown)
        qWarning() << "no Notify for" << title;
    return shown ? std::optional<qint64>(*shown - start) : std::nullopt;
}

std::optional<qint64> BenchWebPushDesktop::peerOnce(int number)
{
    const QByteArray summary = "Leave request " + QByteArray::number(number) + " from the peer  "
        + QUuid::createUuid().toByteArray(QUuid::Id128);
    QDBusMessage notify = QDBusMessage::createMethodCall(DesktopNotifier::service,
        DesktopNotifier::path, DesktopNotifier::interface, QStringLiteral("Notify"));
    notify << QStringLiteral("Tessera") << 0u << QString() << QString::fromLatin1(summary)
           << QStringLiteral("Three days of annual leave.")
           << QStringList { QStringLiteral("approve"), QStringLiteral("Approve"),
                  QStringLiteral("reject"), QStringLiteral("Reject"), QStringLiteral("default"),
                  QStringLiteral("Open") }
           << QVariantMap() << -1;
    const qint64 start = realtimeUs();
    const QDBusMessage reply = m_connection.call(notify);
    if (reply.type() != QDBusMessage::ReplyMessage) {
        qWarning() << "Notify:" << reply.errorMessage();
        return std::nullopt;
    }
    const std::optional<qint64> shown = notifyAt(summary);
    return shown ? std::optional<qint64>(*shown - start) : std::nullopt;
}

void BenchWebPushDesktop::postToShown()
{
    // Warm-up: the first of each.
    QVERIFY(tesseraOnce(0));
    QVERIFY(peerOnce(0));
    QList<qint64> latencies[2];
    int number = 1;
    for (int round = 0; round < kRounds; ++round) {
        for (int side : round % 2 ? QList<int> { 1, 0 } : QList<int> { 0, 1 }) {
            for (int i = 0; i < kMessages / kRounds; ++i) {
                const std::optional<qint64> us =
                    side == 0 ? tesseraOnce(number++) : peerOnce(number++);
                QVERIFY2(us, side == 0 ? "a notification was not shown" : "a Notify was lost");
                latencies[side].append(*us);
                QTest::qWait(kPauseMs);
            }
        }
    }
    for (double p : { 50.0, 90.0, 99.0 })
        m_table.add(QStringLiteral("POST / Notify sent -> Notify at the daemon, p%1").arg(p),
            QStringLiteral("ms"), BenchTable::Better::Lower, percentile(latencies[0], p) / 1000.0,
            percentile(latencies[1], p) / 1000.0, 2);
    m_table.addNote(QStringLiteral(
        "Tessera: POST /v1/notifications (the demo sub-system's key, one recipient, Ben Okafor) "
        "-> tessera-server --demo (SQLite) -> the stream's hint -> the app's InboxSync (GET "
        "/v1/inbox?since, SQLCipher InboxStore) -> InboxNotifier -> DesktopNotifier -> Notify on "
        "a private session bus, to python3-dbusmock's notification daemon; the app's core parts "
        "run in this process on their own thread. Timed from just before the POST is written "
        "(CLOCK_REALTIME) to dbus-monitor's timestamp of the Notify with that title (the bus "
        "routing it to the daemon). %L1 each, one after another with %2 ms between, in %3 rounds "
        "alternating the order; percentiles pool the rounds.")
                        .arg(kMessages)
                        .arg(kPauseMs)
                        .arg(kRounds));
    m_table.addNote(QStringLiteral(
        "Peer: this process calling Notify itself on the same bus and daemon (a summary of the "
        "same form, the same body and actions), timed the same way: what any desktop app pays "
        "to show a notification. The ratio is what the server, the stream, the sync and the "
        "notifier add on top of it; the server's own POST -> stream hint is bench_push's figure. "
        "%1 CPUs shared with the server, the bus, the daemon and the machine's other work; build "
        "type %2.")
                        .arg(QThread::idealThreadCount())
                        .arg(QStringLiteral(TESSERA_BENCH_BUILD_TYPE)));
}

void BenchWebPushDesktop::cleanupTestCase()
{
    if (!m_table.isEmpty())
        publishReport(m_table.toMarkdown(), QStringLiteral("bench_webpush_desktop.md"));
    m_app.stop();
    m_server.stop();
    m_monitor.terminate();
    if (!m_monitor.waitForFinished(5000))
        m_monitor.kill();
}

} // namespace tessera::bench

QTEST_GUILESS_MAIN(tessera::bench::BenchWebPushDesktop)
#include "bench_webpush_desktop.moc"
