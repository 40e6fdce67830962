#pragma once

// What the tray's tests start besides the server and the notification daemon: an X server of
// their own (Xvfb: the tray needs a windowing platform, the offscreen one has none), a
// StatusNotifierWatcher on the test's private session bus (tests/data/statusnotifierwatcher.py:
// the desktop's tray), the real app (the tessera binary) and a window manager's hands on its
// window (tests/data/x11window.py: is it shown, close it). Nothing is skipped: what is missing
// fails with what to install.
#include <QDBusConnection>
#include <QDBusMessage>
#include <QDBusVariant>
#include <QProcess>
#include <QStandardPaths>
#include <QTest>

namespace tessera::test {

inline constexpr int trayTimeoutMs = 90000; // generous: the machine may be busy

// A process of the test's, stopped (SIGTERM, then SIGKILL) when it goes.
class TestChild
{
public:
    TestChild() = default;
    TestChild(const TestChild &) = delete;
    TestChild &operator=(const TestChild &) = delete;
    ~TestChild() { stop(); }

    QProcess process;

    void stop()
    {
        if (process.state() == QProcess::NotRunning)
            return;
        process.terminate();
        if (!process.waitForFinished(10000))
            process.kill();
        process.waitForFinished(5000);
    }

    // Everything it wrote so far (stdout and stderr merged).
    QByteArray output()
    {
        m_output += process.readAll();
        return m_output;
    }

    // For a failure's message (QtTest keeps about a thousand characters of it): the lines that
    // say what the app did with notifications, its warnings and the end of what it wrote.
    QByteArray tail()
    {
        QByteArray picked;
        const QList<QByteArray> lines = output().split('\n');
        for (const QByteArray &line : lines) {
            if (line.contains("notification") || line.contains("arning"))
                picked += line.left(200) + '\n';
        }
        return picked.right(700) + "...\n" + output().right(250);
    }

    bool waitForOutput(const QByteArray &needle, int timeoutMs = trayTimeoutMs)
    {
        return QTest::qWaitFor(
                   [&] {
                       return output().contains(needle) || process.state() == QProcess::NotRunning;
                   },
                   timeoutMs)
            && output().contains(needle);
    }

private:
    QByteArray m_output;
};

// Xvfb on a free display (-displayfd).
class XServer
{
public:
    bool start(QString *error)
    {
        const QString xvfb = QStandardPaths::findExecutable(QStringLiteral("Xvfb"));
        if (xvfb.isEmpty()) {
            *error = QStringLiteral("Xvfb is missing: apt-get install xvfb");
            return false;
        }
        m_child.process.start(xvfb,
            { QStringLiteral("-displayfd"), QStringLiteral("1"), QStringLiteral("-screen"),
                QStringLiteral("0"), QStringLiteral("1280x1024x24"), QStringLiteral("-nolisten"),
                QStringLiteral("tcp") });
        QByteArray line;
        const bool printed = QTest::qWaitFor(
            [&] {
                line += m_child.process.readAllStandardOutput();
                return line.contains('\n') || m_child.process.state() == QProcess::NotRunning;
            },
            30000);
        if (!printed || !line.contains('\n')) {
            *error = QStringLiteral("Xvfb did not start: ")
                + QString::fromUtf8(m_child.process.readAllStandardError());
            return false;
        }
        m_display = u':' + QString::fromLatin1(line.trimmed());
        return true;
    }

    QString display() const { return m_display; }

private:
    TestChild m_child;
    QString m_display;
};

// The StatusNotifierWatcher on the bus at address.
class TrayWatcher
{
public:
    bool start(const QString &address, const QDBusConnection &connection, QString *error)
    {
        m_connection = connection;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"), address);
        m_child.process.setProcessEnvironment(environment);
        m_child.process.setProcessChannelMode(QProcess::MergedChannels);
        // DESIGN.md, second round, decision 15: Debian's interpreter, with Debian's modules.
        m_child.process.start(
            QStringLiteral("/usr/bin/python3"), { QStringLiteral(TESSERA_SNW_SCRIPT) });
        if (!m_child.waitForOutput("watching", 30000)) {
            *error = QStringLiteral("the StatusNotifierWatcher did not start (apt-get install "
                                    "python3-dbus python3-gi): ")
                + QString::fromUtf8(m_child.output());
            return false;
        }
        return true;
    }

    void stop() { m_child.stop(); }

    // RegisteredStatusNotifierItems as the watcher recorded them.
    QStringList items() const
    {
        QDBusMessage get =
            QDBusMessage::createMethodCall(QStringLiteral("org.kde.StatusNotifierWatcher"),
                QStringLiteral("/StatusNotifierWatcher"),
                QStringLiteral("org.freedesktop.DBus.Properties"), QStringLiteral("Get"));
        get << QStringLiteral("org.kde.StatusNotifierWatcher")
            << QStringLiteral("RegisteredStatusNotifierItems");
        const QDBusMessage reply = m_connection.call(get);
        if (reply.type() != QDBusMessage::ReplyMessage || reply.arguments().isEmpty())
            return {};
        return reply.arguments().constFirst().value<QDBusVariant>().variant().toStringList();
    }

private:
    TestChild m_child;
    QDBusConnection m_connection { QString() };
};

// A registered item ("NAME" or "NAME/PATH") as bus name and object path.
struct TrayItem
{
    QString service;
    QString path = QStringLiteral("/StatusNotifierItem");

    explicit TrayItem(const QString &registered)
    {
        const qsizetype slash = registered.indexOf(u'/');
        service = slash < 0 ? registered : registered.left(slash);
        if (slash >= 0)
            path = registered.mid(slash);
    }

    QVariant property(const QDBusConnection &bus, const QString &name) const
    {
        QDBusMessage get = QDBusMessage::createMethodCall(service, path,
            QStringLiteral("org.freedesktop.DBus.Properties"), QStringLiteral("Get"));
        get << QStringLiteral("org.kde.StatusNotifierItem") << name;
        const QDBusMessage reply = bus.call(get);
        if (reply.type() != QDBusMessage::ReplyMessage || reply.arguments().isEmpty())
            return {};
        return reply.arguments().constFirst().value<QDBusVariant>().variant();
    }

    // What a tray host calls on a left click.
    bool activate(const QDBusConnection &bus) const
    {
        QDBusMessage call = QDBusMessage::createMethodCall(service, path,
            QStringLiteral("org.kde.StatusNotifierItem"), QStringLiteral("Activate"));
        call << 0 << 0;
        return bus.call(call).type() == QDBusMessage::ReplyMessage;
    }
};

// tests/data/x11window.py on display: "viewable", "unmapped", "none"; close: true when sent.
inline QString runX11Window(const QString &display, const QString &command, const QString &title)
{
    QProcess helper;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("DISPLAY"), display);
    helper.setProcessEnvironment(environment);
    helper.start(QStringLiteral("/usr/bin/python3"),
        { QStringLiteral(TESSERA_X11WINDOW_SCRIPT), command, title });
    if (!helper.waitForFinished(30000)) {
        helper.kill();
        helper.waitForFinished(5000);
        return QStringLiteral("timeout");
    }
    if (helper.exitCode() != 0)
        return QStringLiteral("failed: ") + QString::fromUtf8(helper.readAllStandardError());
    return QString::fromUtf8(helper.readAllStandardOutput()).trimmed();
}

} // namespace tessera::test
