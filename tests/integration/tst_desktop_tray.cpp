// The tray for real (desktop; DESIGN.md, second round, decision 13): the tessera app on
// an X server of its own (Xvfb), signed in against the real server, on the test's private session
// bus (scripts/with-keyring.sh's, where its keyring is) with python3-dbusmock's notification
// daemon and a StatusNotifierWatcher (tests/data/statusnotifierwatcher.py).
//
// With the watcher, the app registers its tray item, closing the window hides it and keeps the
// process and its stream (a notification posted then is shown by the daemon), and the item's
// Activate brings the window back; a click on a notification opens the item's page, its Reject
// the comment dialog (the app's log says what the window shows once drawn). Without a watcher,
// or with "Keep running in the tray" off, closing the window quits (exit code 0).
#include "demoaccounts.h"
#include "notificationdaemonfixture.h"
#include "serverprocess.h"
#include "testhttp.h"
#include "trayfixture.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QSettings>
#include <QTemporaryDir>

using namespace tessera;
using namespace tessera::test;

namespace {

const QString windowTitle = QStringLiteral("Tessera");

// Notify's arguments: app_name, replaces_id, app_icon, summary, body, actions, hints, timeout.
constexpr int notifySummary = 3;

} // namespace

class TestDesktopTray : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(qEnvironmentVariableIsSet("DBUS_SESSION_BUS_ADDRESS"),
            "no D-Bus session: the app keeps its tokens in the Secret Service; run this test "
            "through scripts/with-keyring.sh (scripts/test.sh does)");
        ServerProcess::Options options;
        options.extraArguments = { QStringLiteral("--password-hash-cost"),
            QStringLiteral("minimum") };
        QVERIFY2(m_server.start(options), qPrintable(m_server.error()));
        m_ben = demoAccount(m_server, QStringLiteral("Ben Okafor"));
        QVERIFY2(!m_ben.isEmpty(), "no demo account Ben Okafor");
        m_apiKey = demoApiKey(m_server).value(QStringLiteral("key")).toString();
        QVERIFY(!m_apiKey.isEmpty());
    }

    void closedToTheTrayKeepsTheStream()
    {
        AppRun run;
        QVERIFY2(run.desktop.start(true), qPrintable(run.desktop.error));
        startShown(run);
        if (QTest::currentTestFailed())
            return;
        const Desktop &desktop = run.desktop;
        TestChild &app = run.app;

        // The tray item the app registered (after its first frame), as a tray host sees it.
        QTRY_COMPARE_WITH_TIMEOUT(desktop.watcher.items().size(), 1, trayTimeoutMs);
        const TrayItem tray(desktop.watcher.items().constFirst());
        const QDBusConnection bus = desktop.daemon.connection();
        QCOMPARE(tray.property(bus, QStringLiteral("Title")).toString(), windowTitle);
        QCOMPARE(tray.property(bus, QStringLiteral("Status")).toString(), QStringLiteral("Active"));

        // Closed: hidden, still running, still on the stream.
        closeWindow(desktop);
        QTRY_COMPARE_WITH_TIMEOUT(window(desktop), QStringLiteral("unmapped"), trayTimeoutMs);
        const QString first = post(QStringLiteral("Trip to Lyon"));
        QTRY_COMPARE_WITH_TIMEOUT(
            desktop.daemon.calls(QStringLiteral("Notify")).size(), 1, trayTimeoutMs);
        QCOMPARE(desktop.daemon.calls(QStringLiteral("Notify")).constFirst().value(notifySummary),
            QVariant(QStringLiteral("Trip to Lyon")));
        QCOMPARE(app.process.state(), QProcess::Running);

        // The tray item's Activate (a left click on it) brings the window back.
        QVERIFY(tray.activate(bus));
        QTRY_COMPARE_WITH_TIMEOUT(window(desktop), QStringLiteral("viewable"), trayTimeoutMs);

        // Closed again, a click on the notification opens the app at that item's page.
        closeWindow(desktop);
        QTRY_COMPARE_WITH_TIMEOUT(window(desktop), QStringLiteral("unmapped"), trayTimeoutMs);
        QVERIFY(desktop.daemon.invokeAction(1, QStringLiteral("default")));
        const QByteArray openedFirst = "notification opened: window shown inbox item page "
            + first.toUtf8() + " comment dialog closed";
        QVERIFY2(app.waitForOutput(openedFirst), app.tail().constData());
        QTRY_COMPARE_WITH_TIMEOUT(window(desktop), QStringLiteral("viewable"), trayTimeoutMs);
        screenshot(desktop, QStringLiteral("tray-opened-item"));

        // A Reject (its comment is required) opens the comment dialog for it.
        closeWindow(desktop);
        QTRY_COMPARE_WITH_TIMEOUT(window(desktop), QStringLiteral("unmapped"), trayTimeoutMs);
        const QString second = post(QStringLiteral("Conference in Ghent"));
        QTRY_COMPARE_WITH_TIMEOUT(
            desktop.daemon.calls(QStringLiteral("Notify")).size(), 2, trayTimeoutMs);
        QVERIFY(desktop.daemon.invokeAction(2, QStringLiteral("reject")));
        const QByteArray openedSecond = "notification opened: window shown inbox item page "
            + second.toUtf8() + " comment dialog open";
        QVERIFY2(app.waitForOutput(openedSecond), app.tail().constData());
        QTRY_COMPARE_WITH_TIMEOUT(window(desktop), QStringLiteral("viewable"), trayTimeoutMs);
        screenshot(desktop, QStringLiteral("tray-reject-comment"));
        QCOMPARE(app.process.state(), QProcess::Running);
    }

    void withoutATrayClosingQuits()
    {
        AppRun run;
        QVERIFY2(run.desktop.start(false), qPrintable(run.desktop.error));
        startShown(run);
        if (QTest::currentTestFailed())
            return;
        closeWindow(run.desktop);
        QVERIFY2(run.app.process.waitForFinished(trayTimeoutMs), run.app.tail().constData());
        QCOMPARE(run.app.process.exitStatus(), QProcess::NormalExit);
        QCOMPARE(run.app.process.exitCode(), 0);
    }

    void keepInTrayOffClosingQuits()
    {
        AppRun run;
        QVERIFY2(run.desktop.start(true), qPrintable(run.desktop.error));
        {
            // The switch on the Profile page writes this (AppSettings, the installation's file).
            QSettings settings(
                run.data.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
            settings.setValue(QStringLiteral("desktop/keepInTray"), false);
        }
        startShown(run);
        if (QTest::currentTestFailed())
            return;
        QTRY_COMPARE_WITH_TIMEOUT(run.desktop.watcher.items().size(), 1, trayTimeoutMs);
        closeWindow(run.desktop);
        QVERIFY2(run.app.process.waitForFinished(trayTimeoutMs), run.app.tail().constData());
        QCOMPARE(run.app.process.exitStatus(), QProcess::NormalExit);
        QCOMPARE(run.app.process.exitCode(), 0);
    }

private:
    // An X server, the notification daemon and (withTray) the tray's watcher, for one app run.
    struct Desktop
    {
        XServer x;
        NotificationDaemonMock daemon;
        TrayWatcher watcher;
        QString error;

        bool start(bool withTray)
        {
            if (!x.start(&error))
                return false;
            const QString bus = qEnvironmentVariable("DBUS_SESSION_BUS_ADDRESS");
            if (!daemon.startOn(bus, QStringLiteral("actions body"))) {
                error = daemon.error();
                return false;
            }
            return !withTray || watcher.start(bus, daemon.connection(), &error);
        }
    };

    // One run of the app: the desktop it runs on, its data folder and its process (stopped
    // first).
    struct AppRun
    {
        Desktop desktop;
        QTemporaryDir data;
        TestChild app;
    };

    // Starts the app of run on its desktop (started): signed in, its new items notified from now
    // on, its window shown.
    void startShown(AppRun &run) const
    {
        startApp(run.app, run.desktop, run.data.path());
        if (QTest::currentTestFailed())
            return;
        QVERIFY2(run.app.waitForOutput("its new items are notified from now on"),
            run.app.tail().constData());
        QTRY_COMPARE_WITH_TIMEOUT(window(run.desktop), QStringLiteral("viewable"), trayTimeoutMs);
    }

    void startApp(TestChild &app, const Desktop &desktop, const QString &dataDir) const
    {
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        const QStringList keys = environment.keys();
        for (const QString &key : keys) {
            if (key.startsWith(u"TESSERA_") || key.startsWith(u"QT_") || key.startsWith(u"QML"))
                environment.remove(key);
        }
        environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("xcb"));
        environment.insert(QStringLiteral("DISPLAY"), desktop.x.display());
        environment.insert(
            QStringLiteral("TESSERA_PASSWORD"), m_ben.value(QStringLiteral("password")).toString());
        app.process.setProcessEnvironment(environment);
        app.process.setProcessChannelMode(QProcess::MergedChannels);
        app.process.start(QStringLiteral(TESSERA_APP_BINARY),
            { QStringLiteral("--data"), dataDir, QStringLiteral("--server"),
                m_server.url().toString(), QStringLiteral("--allow-plain-http"),
                QStringLiteral("--size"), QStringLiteral("390x844"), QStringLiteral("--sign-in"),
                m_ben.value(QStringLiteral("kind")).toString() + u':'
                    + m_ben.value(QStringLiteral("username")).toString() });
        QVERIFY2(app.process.waitForStarted(30000), qPrintable(app.process.errorString()));
    }

    static QString window(const Desktop &desktop)
    {
        return runX11Window(desktop.x.display(), QStringLiteral("state"), windowTitle);
    }

    static void closeWindow(const Desktop &desktop)
    {
        QCOMPARE(
            runX11Window(desktop.x.display(), QStringLiteral("close"), windowTitle), QString());
    }

    // With $TESSERA_TRAY_SCREENSHOTS set: the X screen as a PNG there (ImageMagick's import),
    // for a person to look at.
    static void screenshot(const Desktop &desktop, const QString &name)
    {
        const QString folder = qEnvironmentVariable("TESSERA_TRAY_SCREENSHOTS");
        if (folder.isEmpty())
            return;
        QProcess import;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("DISPLAY"), desktop.x.display());
        import.setProcessEnvironment(environment);
        import.start(QStringLiteral("import"),
            { QStringLiteral("-window"), QStringLiteral("root"), QStringLiteral("-crop"),
                QStringLiteral("390x844+0+0"), folder + u'/' + name + QStringLiteral(".png") });
        QVERIFY(import.waitForFinished(30000));
    }

    // A sub-system's leave request for Ben (approve; reject with a required comment): its id.
    QString post(const QString &title)
    {
        QJsonObject body = leaveRequestFor(m_ben.value(QStringLiteral("userId")).toString());
        body.insert(QStringLiteral("title"), title);
        body.insert(QStringLiteral("reference"), QStringLiteral("HR-%1").arg(++m_posted));
        const HttpResult created =
            httpRequest("POST", m_server.url(QStringLiteral("/v1/notifications")),
                compactJson(body), bearer(m_apiKey, "tray-" + QByteArray::number(m_posted)));
        if (created.status != 201)
            qWarning("notify answered %d: %s", created.status, created.body.constData());
        return created.json().value(QStringLiteral("id")).toString();
    }

    ServerProcess m_server;
    QJsonObject m_ben;
    QString m_apiKey;
    int m_posted = 0;
};

QTEST_GUILESS_MAIN(TestDesktopTray)
#include "tst_desktop_tray.moc"
