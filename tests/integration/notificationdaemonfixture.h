#pragma once

// A private D-Bus session bus for a test (its own dbus-daemon, never the desktop's) with
// python3-dbusmock's notification daemon on it (the template notification_daemon, with the
// capabilities the test asks for): it records every call (GetMethodCalls) and emits the daemon's
// signals on request (EmitSignal), as a person clicking a notification's button would make a real
// daemon do (startOn(): the daemon on a private bus the test already has). Nothing is skipped:
// without dbus-daemon or python3-dbusmock, start() fails and error() says what to install.
#include <QDBusArgument>
#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusMessage>
#include <QDBusVariant>
#include <QProcess>
#include <QStandardPaths>
#include <QTest>

namespace tessera::test {

class NotificationDaemonMock
{
public:
    // One recorded call: its arguments as the daemon got them.
    using Call = QVariantList;

    ~NotificationDaemonMock()
    {
        if (!m_connectionName.isEmpty())
            QDBusConnection::disconnectFromBus(m_connectionName);
        for (QProcess *process : { &m_mock, &m_bus }) {
            if (process->state() != QProcess::NotRunning) {
                process->terminate();
                if (!process->waitForFinished(5000))
                    process->kill();
                process->waitForFinished(5000);
            }
        }
    }

    bool start(const QString &capabilities)
    {
        const QString daemon = QStandardPaths::findExecutable(QStringLiteral("dbus-daemon"));
        if (daemon.isEmpty())
            return fail(QStringLiteral("dbus-daemon is missing: apt-get install dbus-daemon"));
        m_bus.start(daemon,
            { QStringLiteral("--session"), QStringLiteral("--nofork"),
                QStringLiteral("--print-address=1") });
        if (!m_bus.waitForStarted(5000))
            return fail(QStringLiteral("dbus-daemon did not start"));
        QByteArray line;
        const bool printed = QTest::qWaitFor(
            [&] {
                line += m_bus.readAllStandardOutput();
                return line.contains('\n');
            },
            10000);
        if (!printed)
            return fail(QStringLiteral("dbus-daemon printed no address"));
        return startOn(QString::fromUtf8(line.left(line.indexOf('\n')).trimmed()), capabilities);
    }

    // The same daemon on a bus that is already there (address: a private bus of the test's own,
    // as scripts/with-keyring.sh's session, where the app finds its keyring too).
    bool startOn(const QString &address, const QString &capabilities)
    {
        m_address = address;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"), m_address);
        m_mock.setProcessEnvironment(environment);
        m_mock.setProcessChannelMode(QProcess::MergedChannels);
        // DESIGN.md, second round, decision 15: Debian's interpreter, with Debian's modules.
        m_mock.start(QStringLiteral("/usr/bin/python3"),
            { QStringLiteral("-m"), QStringLiteral("dbusmock"), QStringLiteral("--template"),
                QStringLiteral("notification_daemon"), QStringLiteral("--parameters"),
                QStringLiteral("{\"capabilities\": \"%1\"}").arg(capabilities) });
        if (!m_mock.waitForStarted(5000))
            return fail(QStringLiteral("/usr/bin/python3 did not start"));

        m_connectionName = QStringLiteral("notification-test-%1").arg(quintptr(this));
        m_connection = QDBusConnection::connectToBus(m_address, m_connectionName);
        if (!m_connection.isConnected())
            return fail(QStringLiteral("cannot connect to the private bus: ")
                + m_connection.lastError().message());
        const bool up = QTest::qWaitFor(
            [&] {
                return m_mock.state() == QProcess::NotRunning
                    || m_connection.interface()
                           ->isServiceRegistered(QStringLiteral("org.freedesktop.Notifications"))
                           .value();
            },
            20000);
        if (!up || m_mock.state() == QProcess::NotRunning)
            return fail(QStringLiteral("the dbusmock notification daemon did not come up "
                                       "(apt-get install python3-dbusmock): ")
                + QString::fromUtf8(m_mock.readAll()));
        return true;
    }

    QDBusConnection connection() const { return m_connection; }
    QString address() const { return m_address; }
    QString error() const { return m_error; }

    // The calls of one method of the daemon (Notify, CloseNotification ...), in order.
    QList<Call> calls(const QString &method) const
    {
        QDBusMessage ask = mockCall(QStringLiteral("GetMethodCalls"));
        ask << method;
        const QDBusMessage reply = m_connection.call(ask);
        QList<Call> calls;
        if (reply.type() != QDBusMessage::ReplyMessage || reply.arguments().isEmpty())
            return calls;
        const auto records = reply.arguments().constFirst().value<QDBusArgument>();
        records.beginArray();
        while (!records.atEnd()) {
            quint64 timestamp = 0;
            QVariantList arguments;
            records.beginStructure();
            records >> timestamp >> arguments;
            records.endStructure();
            calls.append(arguments);
        }
        records.endArray();
        return calls;
    }

    // What a daemon sends when the person chooses an action (or clicks: "default").
    bool invokeAction(uint id, const QString &actionKey) const
    {
        return emitSignal(QStringLiteral("ActionInvoked"), QStringLiteral("us"),
            { QVariant::fromValue(QDBusVariant(id)),
                QVariant::fromValue(QDBusVariant(actionKey)) });
    }

private:
    bool fail(const QString &message)
    {
        m_error = message;
        return false;
    }

    QDBusMessage mockCall(const QString &method) const
    {
        return QDBusMessage::createMethodCall(QStringLiteral("org.freedesktop.Notifications"),
            QStringLiteral("/org/freedesktop/Notifications"),
            QStringLiteral("org.freedesktop.DBus.Mock"), method);
    }

    bool emitSignal(const QString &name, const QString &signature, const QVariantList &args) const
    {
        QDBusMessage call = mockCall(QStringLiteral("EmitSignal"));
        call << QStringLiteral("org.freedesktop.Notifications") << name << signature
             << QVariant::fromValue(args);
        const QDBusMessage reply = m_connection.call(call);
        if (reply.type() != QDBusMessage::ReplyMessage)
            qWarning("EmitSignal failed: %s", qPrintable(reply.errorMessage()));
        return reply.type() == QDBusMessage::ReplyMessage;
    }

    QProcess m_bus;
    QProcess m_mock;
    QString m_address;
    QString m_connectionName;
    QDBusConnection m_connection { QString() };
    QString m_error;
};

} // namespace tessera::test
