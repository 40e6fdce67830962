// bench_startup: how long the app takes from the process start to its first frame, and how much
// memory it takes on the way, against a minimal Qt Quick window. An employee opens on Home
// (DESIGN.md, decision 12): the first Home frame (20 cards) is timed beside the first inbox frame
// (--page inbox, 10,000 items) of the same runs; goal: Home's at most 1.2x the inbox's.
// Tessera: the real app (`tessera`, offscreen) of an employee signed in earlier, with 10,000
// notifications and 20 Home cards in its encrypted cache, started with TESSERA_STARTUP_PROBE=frame:
// it prints CLOCK_MONOTONIC when the first frame whose shown list (Home's cards or the inbox's
// items) has rows has been swapped, and quits.
// Peer: bench-peer-quickwindow (QGuiApplication + QQmlApplicationEngine + a Window with a Text,
// its QML compiled ahead like the app's), printing its first swapped frame the same way.
// The process start is taken here just before posix_spawn; the peak memory is the child's
// ru_maxrss from wait4. Rounds alternate the sides after a warm-up of each; medians and ratios.
//
// Setup, once, on 127.0.0.1 in a temporary folder: the real tessera-server (--demo), 10,000
// notifications to Ben Okafor and 20 Home cards for him from the demo sub-system, then one app
// run that signs him in (--sign-in, the real keyring: run through scripts/with-keyring.sh, as the
// ctest command does) and syncs the inbox into its SQLCipher cache (--page inbox,
// TESSERA_STARTUP_PROBE=synced), and one that syncs Home the same way. The server stays up while
// timing: the app restores the session from the keyring (no network while its access token is
// fresh) and starts its delta syncs with nothing new a frame after the first frame (the app holds
// its services until then); the first frame's rows always come from the cache.
//
// Nothing asserts a time: the benchmark fails only when something does not work (a process that
// does not start or print its frame, too few rows, an answer that is not 201).
// TESSERA_BENCH_REPORT_DIR=DIR also writes the table to DIR/bench_startup.md;
// TESSERA_BENCH_APP_COMPARE=PATH times another build of the app in the same rounds (a note), on
// an installation of its own (data folder, so keyring entries: a build may migrate them one way),
// signed in and synced by two runs of that build; TESSERA_BENCH_SMAPS_DIR=DIR keeps each side's
// /proc/PID/smaps at its warm-up run's first frame in DIR (home, inbox, peer, controls, compare
// .smaps: TESSERA_STARTUP_PROBE_SMAPS).
#include "benchtable.h"
#include "demoaccounts.h"
#include "httpload.h"
#include "probedstart.h"
#include "selfclock.h"
#include "serverprocess.h"
#include "startupdata.h"
#include "testhttp.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>
#include <QLocale>
#include <QMap>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <functional>

namespace tessera::bench {

namespace {

constexpr int kItems = 10000;
constexpr int kCards = 20;
constexpr int kRounds = 7;

double medianOf(
    const QList<ProbedStart> &starts, const std::function<double(const ProbedStart &)> &value)
{
    QList<double> values;
    for (const ProbedStart &start : starts)
        values.append(value(start));
    return median(values);
}

} // namespace

class BenchStartup : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void startup();

private:
    // A build of the app and its installation (data folder, hence keyring service).
    struct AppBuild
    {
        QString program;
        QString dataDir;
    };

    QProcessEnvironment childEnvironment(const QString &probe) const;
    std::optional<ProbedStart> startApp(const QString &probe, const QStringList &extra = {},
        const QMap<QString, QString> &env = {}, const AppBuild *build = nullptr);
    std::optional<ProbedStart> startPeer(bool controls = false, const QString &smaps = {});
    // Signs Ben in with build and syncs its inbox and Home into its cache.
    void prepareInstallation(const AppBuild &build);
    // TESSERA_STARTUP_PROBE_SMAPS for a warm-up run, when TESSERA_BENCH_SMAPS_DIR asks.
    static QMap<QString, QString> smapsTo(const QString &name);

    QTemporaryDir m_dir;
    test::ServerProcess m_server;
    AppBuild m_app;
    AppBuild m_compared; // TESSERA_BENCH_APP_COMPARE, program empty when not asked for
    QJsonObject m_ben;
    QString m_error;
};

QProcessEnvironment BenchStartup::childEnvironment(const QString &probe) const
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    const QStringList keys = environment.keys();
    for (const QString &key : keys) {
        if (key.startsWith(u"TESSERA_") || key.startsWith(u"QT_") || key.startsWith(u"QML")
            || key.startsWith(u"QSG_"))
            environment.remove(key);
    }
    environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    environment.insert(QStringLiteral("TESSERA_STARTUP_PROBE"), probe);
    return environment;
}

std::optional<ProbedStart> BenchStartup::startApp(const QString &probe, const QStringList &extra,
    const QMap<QString, QString> &env, const AppBuild *build)
{
    if (!build)
        build = &m_app;
    QProcessEnvironment environment = childEnvironment(probe);
    for (auto it = env.cbegin(); it != env.cend(); ++it)
        environment.insert(it.key(), it.value());
    const QStringList arguments = QStringList { QStringLiteral("--data"), build->dataDir,
        QStringLiteral("--server"), m_server.url().toString(), QStringLiteral("--allow-plain-http"),
        QStringLiteral("--size"), QStringLiteral("390x844") }
        + extra;
    return ProbedStart::launch(build->program, arguments, environment, m_dir.path(), &m_error);
}

std::optional<ProbedStart> BenchStartup::startPeer(bool controls, const QString &smaps)
{
    QProcessEnvironment environment = childEnvironment(QStringLiteral("frame"));
    const QMap<QString, QString> env = smapsTo(smaps);
    for (auto it = env.cbegin(); it != env.cend(); ++it)
        environment.insert(it.key(), it.value());
    return ProbedStart::launch(QStringLiteral(TESSERA_BENCH_PEER_QUICKWINDOW),
        controls ? QStringList { QStringLiteral("--controls") } : QStringList {}, environment,
        m_dir.path(), &m_error);
}

QMap<QString, QString> BenchStartup::smapsTo(const QString &name)
{
    const QString dir = qEnvironmentVariable("TESSERA_BENCH_SMAPS_DIR");
    if (dir.isEmpty() || name.isEmpty())
        return {};
    return { { QStringLiteral("TESSERA_STARTUP_PROBE_SMAPS"),
        QDir(dir).absoluteFilePath(name + QStringLiteral(".smaps")) } };
}

void BenchStartup::initTestCase()
{
    QVERIFY2(m_dir.isValid(), "no temporary folder");
    QVERIFY2(qEnvironmentVariableIsSet("DBUS_SESSION_BUS_ADDRESS"),
        "no D-Bus session: the app keeps its tokens in the Secret Service; run this benchmark "
        "through scripts/with-keyring.sh (its ctest command does)");
    m_app =
        AppBuild { QStringLiteral(TESSERA_BENCH_APP), m_dir.filePath(QStringLiteral("app-data")) };
    const QString other = qEnvironmentVariable("TESSERA_BENCH_APP_COMPARE");
    if (!other.isEmpty()) {
        QVERIFY2(QFileInfo(other).isExecutable(),
            qPrintable(QStringLiteral("TESSERA_BENCH_APP_COMPARE=%1 is not an executable file")
                           .arg(other)));
        m_compared = AppBuild { QFileInfo(other).absoluteFilePath(),
            m_dir.filePath(QStringLiteral("app-data-compared")) };
    }

    test::ServerProcess::Options options;
    options.extraArguments = { QStringLiteral("--password-hash-cost"), QStringLiteral("minimum") };
    // The load is the measure: no per-key rate limit in its way.
    options.config = QJsonObject { { QStringLiteral("http"),
        QJsonObject { { QStringLiteral("apiKeyRequestsPerSecond"), 0 } } } };
    QVERIFY2(m_server.start(options), qPrintable(m_server.error()));
    m_ben = test::demoAccount(m_server, QStringLiteral("Ben Okafor"));
    const QJsonObject &ben = m_ben;
    QVERIFY2(!ben.isEmpty(), "no demo account Ben Okafor");
    const QByteArray apiKey =
        test::demoApiKey(m_server).value(QStringLiteral("key")).toString().toUtf8();
    QVERIFY2(!apiKey.isEmpty(), "no demo API key");
    const QString userId = ben.value(QStringLiteral("userId")).toString();

    // 10,000 notifications to Ben.
    LoadOptions load;
    load.port = quint16(m_server.url().port());
    load.connections = 4;
    load.requests = kItems;
    load.timeLimit = std::chrono::minutes(10);
    load.okStatuses = { 201 };
    load.makeRequest = [&](int index) {
        return httpRequestBytes("POST", "/v1/notifications", load.port,
            test::bearer(QString::fromUtf8(apiKey), "startup-" + QByteArray::number(index)),
            test::compactJson(startupdata::notification(index + 1, userId)));
    };
    const LoadResult posted = runHttpLoad(load);
    QVERIFY2(posted.ok() && posted.completed == kItems, qPrintable(posted.describeProblem()));
    qInfo("setup: %d notifications posted in %.1f s", kItems, double(posted.wallNs) / 1e9);

    // 20 Home cards for Ben.
    for (int number = 1; number <= kCards; ++number) {
        const QJsonObject put { { QStringLiteral("card"), startupdata::homeCard(number) },
            { QStringLiteral("audience"),
                QJsonObject { { QStringLiteral("users"), QJsonArray { userId } } } },
            { QStringLiteral("order"), number } };
        const test::HttpResult answer = test::httpRequest("PUT",
            m_server.url(QStringLiteral("/v1/subsystem/cards/bench-%1").arg(number)),
            test::compactJson(put), test::bearer(QString::fromUtf8(apiKey)));
        QVERIFY2(answer.status == 201 || answer.status == 200,
            qPrintable(QStringLiteral("card put answered %1: %2")
                           .arg(answer.status)
                           .arg(QString::fromUtf8(answer.body))));
    }

    prepareInstallation(m_app);
    if (QTest::currentTestFailed() || m_compared.program.isEmpty())
        return;
    prepareInstallation(m_compared);
}

void BenchStartup::prepareInstallation(const AppBuild &build)
{
    // One app run signs Ben in and syncs the inbox into its cache, one more syncs Home.
    const qint64 before = monotonicNs();
    const auto synced = startApp(QStringLiteral("synced"),
        { QStringLiteral("--sign-in"),
            m_ben.value(QStringLiteral("kind")).toString() + u':'
                + m_ben.value(QStringLiteral("username")).toString(),
            QStringLiteral("--page"), QStringLiteral("inbox") },
        { { QStringLiteral("TESSERA_PASSWORD"),
            m_ben.value(QStringLiteral("password")).toString() } },
        &build);
    QVERIFY2(synced, qPrintable(m_error));
    QVERIFY2(synced->page == "inbox" && synced->rows >= kItems,
        qPrintable(QStringLiteral("%1 synced %2 items on page %3, %4 expected on the inbox")
                       .arg(build.program)
                       .arg(synced->rows)
                       .arg(QString::fromLatin1(synced->page))
                       .arg(kItems)));
    const auto home = startApp(QStringLiteral("synced"), {}, {}, &build);
    QVERIFY2(home, qPrintable(m_error));
    QVERIFY2(home->page == "home" && home->rows >= kCards,
        qPrintable(QStringLiteral("%1 synced %2 rows on page %3, %4 Home cards expected")
                       .arg(build.program)
                       .arg(home->rows)
                       .arg(QString::fromLatin1(home->page))
                       .arg(kCards)));
    qInfo("setup: %s signed in, %d items and %d cards synced in %.1f s", qPrintable(build.program),
        synced->rows, home->rows, double(monotonicNs() - before) / 1e9);
}

void BenchStartup::startup()
{
    const QStringList inboxPage { QStringLiteral("--page"), QStringLiteral("inbox") };
    // A run of the app that showed what it should: its Home cards, or its inbox items.
    const auto checked = [this](const std::optional<ProbedStart> &start, const QByteArray &page,
                             int rows) -> QString {
        if (!start)
            return m_error;
        if (start->page != page || start->rows < rows)
            return QStringLiteral("the app's first frame showed %1 rows on page %2, %3 expected on "
                                  "%4")
                .arg(start->rows)
                .arg(QString::fromLatin1(start->page))
                .arg(rows)
                .arg(QString::fromLatin1(page));
        return {};
    };

    // Warm-up: the page cache, fontconfig's and the QML disk cache are filled for every side.
    QString problem = checked(
        startApp(QStringLiteral("frame"), {}, smapsTo(QStringLiteral("home"))), "home", kCards);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    problem =
        checked(startApp(QStringLiteral("frame"), inboxPage, smapsTo(QStringLiteral("inbox"))),
            "inbox", kItems);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QVERIFY2(startPeer(false, QStringLiteral("peer")), qPrintable(m_error));
    QVERIFY2(startPeer(true, QStringLiteral("controls")), qPrintable(m_error));
    // TESSERA_BENCH_APP_COMPARE=PATH: another build of the app (e.g. before a change) in the
    // same rounds, on the same data, for a before/after under the same conditions (its Home).
    const QString &other = m_compared.program;
    if (!other.isEmpty()) {
        problem = checked(
            startApp(QStringLiteral("frame"), {}, smapsTo(QStringLiteral("compare")), &m_compared),
            "home", kCards);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }
    const int sides = other.isEmpty() ? 4 : 5;

    // Each round: the app on Home, the peer, the Controls window, the app on its inbox (and the
    // other build), in a rotated order.
    QList<ProbedStart> home;
    QList<ProbedStart> peer;
    QList<ProbedStart> controls;
    QList<ProbedStart> inbox;
    QList<ProbedStart> compared;
    for (int round = 0; round < kRounds; ++round) {
        for (int turn = 0; turn < sides; ++turn) {
            const int side = (turn + round) % sides;
            std::optional<ProbedStart> start;
            switch (side) {
            case 0:
                start = startApp(QStringLiteral("frame"));
                problem = checked(start, "home", kCards);
                break;
            case 3:
                start = startApp(QStringLiteral("frame"), inboxPage);
                problem = checked(start, "inbox", kItems);
                break;
            case 4:
                start = startApp(QStringLiteral("frame"), {}, {}, &m_compared);
                problem = checked(start, "home", kCards);
                break;
            default:
                start = startPeer(side == 2);
                problem = start ? QString() : m_error;
                break;
            }
            QVERIFY2(problem.isEmpty(), qPrintable(problem));
            QList<ProbedStart> *const lists[] = { &home, &peer, &controls, &inbox, &compared };
            lists[side]->append(*start);
            static const char *const names[] = { "tessera-home", "peer", "controls",
                "tessera-inbox", "compared" };
            qInfo("round %d %s: %.1f ms, ru_maxrss %.1f MiB; marks (ms): %s", round + 1,
                names[side], start->frameMs(), double(start->maxRssKiB) / 1024,
                start->markList.constData());
        }
    }

    const auto frameMs = [](const ProbedStart &s) { return s.frameMs(); };
    const auto maxRssMiB = [](const ProbedStart &s) { return double(s.maxRssKiB) / 1024; };
    const auto hwmMiB = [](const ProbedStart &s) { return double(s.vmHwmKiB) / 1024; };
    const auto fastest = [](const QList<ProbedStart> &starts) {
        double best = 0;
        for (const ProbedStart &start : starts)
            best = best == 0 ? start.frameMs() : std::min(best, start.frameMs());
        return best;
    };

    const double homeRatio = medianOf(home, frameMs) / medianOf(peer, frameMs);
    const double homeToInbox = medianOf(home, frameMs) / medianOf(inbox, frameMs);
    const double memoryRatio = medianOf(home, maxRssMiB) / medianOf(peer, maxRssMiB);
    BenchTable table(QStringLiteral("Tessera app"), QStringLiteral("minimal Qt Quick window"));
    table.add(QStringLiteral("process start → first Home frame (%1 cards) / first frame, median")
                  .arg(kCards),
        QStringLiteral("ms"), BenchTable::Better::Lower, medianOf(home, frameMs),
        medianOf(peer, frameMs), 1);
    table.add(QStringLiteral("process start → first inbox frame (%1 items, --page inbox) / first "
                             "frame, median")
                  .arg(QLocale(QLocale::English).toString(kItems)),
        QStringLiteral("ms"), BenchTable::Better::Lower, medianOf(inbox, frameMs),
        medianOf(peer, frameMs), 1);
    table.add(QStringLiteral("process start → first Home frame, fastest round"),
        QStringLiteral("ms"), BenchTable::Better::Lower, fastest(home), fastest(peer), 1);
    table.add(QStringLiteral("peak resident memory (ru_maxrss, whole run), Home, median"),
        QStringLiteral("MiB"), BenchTable::Better::Lower, medianOf(home, maxRssMiB),
        medianOf(peer, maxRssMiB), 1);
    table.add(QStringLiteral("peak resident memory at the first frame (VmHWM), Home, median"),
        QStringLiteral("MiB"), BenchTable::Better::Lower, medianOf(home, hwmMiB),
        medianOf(peer, hwmMiB), 1);
    table.add(QStringLiteral("peak resident memory (ru_maxrss, whole run), inbox, median"),
        QStringLiteral("MiB"), BenchTable::Better::Lower, medianOf(inbox, maxRssMiB),
        medianOf(peer, maxRssMiB), 1);

    // Where the app's time goes: its marks, median ms after the process start.
    const auto phasesOf = [](const QList<ProbedStart> &starts,
                              std::initializer_list<const char *> names) {
        QStringList phases;
        for (const char *name : names) {
            QList<double> values;
            for (const ProbedStart &start : starts) {
                if (start.marks.contains(name))
                    values.append(double(start.marks.value(name) - start.startNs) / 1e6);
            }
            if (values.size() * 2 > starts.size())
                phases.append(QStringLiteral("%1 %2")
                                  .arg(QLatin1String(name))
                                  .arg(median(values), 0, 'f', 0));
        }
        return phases.join(QStringLiteral(", "));
    };
    const std::initializer_list<const char *> appMarks = { "main", "services-built", "qml-loaded",
        "database", "home-rows", "inbox-rows", "user", "held", "signed-in", "rows-polished",
        "services-released", "sync-start", "sync-end" };

    table.addNote(
        QStringLiteral("Goals: the first Home frame ≤ 1.2× the first inbox frame of the same "
                       "runs: %1 (%2×); time ≤ 1.5× the minimal window's: %3 (%4×); memory "
                       "(ru_maxrss) ≤ 1.3× its: %5 (%6×).")
            .arg(homeToInbox <= 1.2 ? QStringLiteral("met") : QStringLiteral("**missed**"))
            .arg(homeToInbox, 0, 'f', 2)
            .arg(homeRatio <= 1.5 ? QStringLiteral("met") : QStringLiteral("**missed**"))
            .arg(homeRatio, 0, 'f', 2)
            .arg(memoryRatio <= 1.3 ? QStringLiteral("met") : QStringLiteral("**missed**"))
            .arg(memoryRatio, 0, 'f', 2));
    table.addNote(QStringLiteral(
        "Tessera: the real app (offscreen, 390×844, RelWithDebInfo) of an employee signed in "
        "earlier (tokens in the Secret Service, a private gnome-keyring), %1 notifications and %2 "
        "Home cards (a heading, three facts, a line of markdown, an action) in its SQLCipher "
        "cache; TESSERA_STARTUP_PROBE=frame prints CLOCK_MONOTONIC when the first frame whose "
        "shown list has rows has been swapped: Home's cards (an employee's first page), or the "
        "inbox's items when started with --page inbox. Peer: bench-peer-quickwindow, "
        "QGuiApplication + QQmlApplicationEngine + a Window with a Text (QML compiled ahead), its "
        "first swapped frame. The start is taken just before posix_spawn; memory is the child's "
        "ru_maxrss from wait4.")
                      .arg(QLocale(QLocale::English).toString(kItems))
                      .arg(kCards));
    table.addNote(QStringLiteral(
        "The server (tessera-server --demo, 127.0.0.1) stays up while timing, as for a person "
        "with a network: the app restores the session from the keyring without the network (the "
        "access token is fresh) and starts its delta syncs with nothing new a frame after the "
        "first frame (the app holds its services until then); the first frame's rows come from "
        "the cache whether or not those syncs have answered. Warm start (files in the page "
        "cache, QML disk cache filled by a warm-up run of each); %1 rounds alternating the order "
        "of the app on Home, the peer, the Controls window and the app on its inbox; medians.")
                      .arg(kRounds));
    table.addNote(
        QStringLiteral("For scale, the same window as an ApplicationWindow with a Label in the "
                       "Material style of Qt Quick Controls (bench-peer-quickwindow --controls, "
                       "what the app is built on), in the same rounds: %1 ms and %2 MiB "
                       "(%3× and %4× the minimal window's); Tessera's Home / it: %5× the time, "
                       "%6× the memory.")
            .arg(medianOf(controls, frameMs), 0, 'f', 1)
            .arg(medianOf(controls, maxRssMiB), 0, 'f', 1)
            .arg(medianOf(controls, frameMs) / medianOf(peer, frameMs), 0, 'f', 2)
            .arg(medianOf(controls, maxRssMiB) / medianOf(peer, maxRssMiB), 0, 'f', 2)
            .arg(medianOf(home, frameMs) / medianOf(controls, frameMs), 0, 'f', 2)
            .arg(medianOf(home, maxRssMiB) / medianOf(controls, maxRssMiB), 0, 'f', 2));
    if (!compared.isEmpty()) {
        table.addNote(QStringLiteral("The other build of the app (TESSERA_BENCH_APP_COMPARE=%1, "
                                     "an installation of its own signed in once), in the same "
                                     "rounds, on Home: %2 ms (%3× the minimal window's; this "
                                     "build / it: %4×) and %5 MiB (%6×); its steps: %7.")
                          .arg(other)
                          .arg(medianOf(compared, frameMs), 0, 'f', 1)
                          .arg(medianOf(compared, frameMs) / medianOf(peer, frameMs), 0, 'f', 2)
                          .arg(medianOf(home, frameMs) / medianOf(compared, frameMs), 0, 'f', 2)
                          .arg(medianOf(compared, maxRssMiB), 0, 'f', 1)
                          .arg(medianOf(compared, maxRssMiB) / medianOf(peer, maxRssMiB), 0, 'f', 2)
                          .arg(phasesOf(compared, appMarks)));
    }
    table.addNote(QStringLiteral("The app's steps, median ms after the process start: on Home %1, "
                                 "frame %2; on its inbox %3, frame %4 (the peer: %5, frame %6).")
                      .arg(phasesOf(home, appMarks))
                      .arg(medianOf(home, frameMs), 0, 'f', 0)
                      .arg(phasesOf(inbox, appMarks))
                      .arg(medianOf(inbox, frameMs), 0, 'f', 0)
                      .arg(phasesOf(peer, { "main", "qml-loaded" }))
                      .arg(medianOf(peer, frameMs), 0, 'f', 0));
    publishReport(table.toMarkdown(), QStringLiteral("bench_startup.md"));
}

} // namespace tessera::bench

QTEST_GUILESS_MAIN(tessera::bench::BenchStartup)
#include "bench_startup.moc"
