#include "postgrescluster.h"

#include "childprocess.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QThread>
#include <QVersionNumber>

#include <algorithm>
#include <csignal>
#include <pwd.h>
#include <sys/types.h>
#include <unistd.h>

using namespace std::chrono_literals;

namespace tessera::test {

namespace {

constexpr int kPortAttempts = 5;

bool runningAsRoot()
{
    return ::geteuid() == 0;
}

// PostgreSQL's programs are not on PATH on Debian: /usr/lib/postgresql/<major>/bin.
QString findBinDir()
{
    const QString preferred = QStringLiteral("/usr/lib/postgresql/15/bin");
    if (QFileInfo(preferred + QStringLiteral("/initdb")).isExecutable())
        return preferred;
    const QString pgConfig = QStandardPaths::findExecutable(QStringLiteral("pg_config"));
    if (!pgConfig.isEmpty()) {
        const RunResult result = runProgram(pgConfig, { QStringLiteral("--bindir") }, 10s);
        const QString bindir = QString::fromLocal8Bit(result.output).trimmed();
        if (result.exitCode == 0 && QFileInfo(bindir + QStringLiteral("/initdb")).isExecutable())
            return bindir;
    }
    QDir versions(QStringLiteral("/usr/lib/postgresql"));
    QStringList names = versions.entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    std::sort(names.begin(), names.end(), [](const QString &a, const QString &b) {
        return QVersionNumber::fromString(a) > QVersionNumber::fromString(b);
    });
    for (const QString &name : names) {
        const QString bindir = versions.filePath(name + QStringLiteral("/bin"));
        if (QFileInfo(bindir + QStringLiteral("/initdb")).isExecutable())
            return bindir;
    }
    return {};
}

// The user's PG* settings and locale must not reach our programs: predictable, English output.
QProcessEnvironment cleanEnvironment()
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    const QStringList keys = environment.keys();
    for (const QString &key : keys) {
        if (key.startsWith(QLatin1String("PG")) || key.startsWith(QLatin1String("LC_"))
            || key == QLatin1String("LANG") || key == QLatin1String("LANGUAGE"))
            environment.remove(key);
    }
    environment.insert(QStringLiteral("LC_ALL"), QStringLiteral("C"));
    environment.insert(QStringLiteral("PGCONNECT_TIMEOUT"), QStringLiteral("5"));
    return environment;
}

RunResult run(const QStringList &command, std::chrono::milliseconds timeout)
{
    return runProgram(command.front(), command.mid(1), timeout, {}, cleanEnvironment());
}

// Alive and not a zombie (the postmaster is reparented when pg_ctl exits; a container's init
// may be slow to reap it).
bool processAlive(qint64 pid)
{
    if (pid <= 0)
        return false;
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return false;
    const QByteArray line = stat.readAll();
    const qsizetype close = line.lastIndexOf(')');
    if (close < 0 || close + 2 >= line.size())
        return false;
    const char state = line.at(close + 2);
    return state != 'Z' && state != 'X';
}

bool waitUntilGone(qint64 pid, std::chrono::milliseconds timeout)
{
    const QDeadlineTimer deadline(timeout);
    while (processAlive(pid)) {
        if (deadline.hasExpired())
            return false;
        QThread::msleep(20);
    }
    return true;
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// The start time of process pid (field 22 of /proc/PID/stat, clock ticks since boot): with the
// pid, it names one process even after the pid is reused. Empty when there is no such process.
QByteArray processStartTime(qint64 pid)
{
    const QByteArray line = readFile(QStringLiteral("/proc/%1/stat").arg(pid));
    const qsizetype close = line.lastIndexOf(')');
    if (pid <= 0 || close < 0)
        return {};
    // Fields from the third on (state) follow the command's ")".
    return line.mid(close + 2).split(' ').value(22 - 3);
}

const QString ownerFileName = QStringLiteral("owner");

// Clusters whose test process died without stopping them (SIGKILL, a ctest timeout) leave a
// postmaster and a folder behind: stops those postmasters and removes their folders. A cluster
// whose owner (pid and start time in its folder's owner file) still runs is left alone, and so
// is a folder without an owner file (not made by this class, or being made).
void reapOrphanedClusters(const QString &ownDirectory)
{
    const QDir temp(QDir::tempPath());
    const QFileInfoList entries = temp.entryInfoList(
        { QStringLiteral("tessera-pg-*") }, QDir::Dirs | QDir::NoDotAndDotDot | QDir::NoSymLinks);
    for (const QFileInfo &entry : entries) {
        const QString directory = entry.absoluteFilePath();
        if (directory == ownDirectory)
            continue;
        const QList<QByteArray> owner =
            readFile(directory + u'/' + ownerFileName).trimmed().split(' ');
        if (owner.size() != 2 || owner.at(1).isEmpty()
            || processStartTime(owner.at(0).toLongLong()) == owner.at(1))
            continue;
        const QString dataDirectory = directory + QStringLiteral("/data");
        const QByteArray pidFile = readFile(dataDirectory + QStringLiteral("/postmaster.pid"));
        const qint64 pid = pidFile.left(pidFile.indexOf('\n')).trimmed().toLongLong();
        // Only that cluster's postmaster: its command line names its data folder.
        const QByteArray commandLine = readFile(QStringLiteral("/proc/%1/cmdline").arg(pid));
        if (processAlive(pid) && commandLine.contains(QFile::encodeName(dataDirectory))) {
            qInfo("PostgresCluster: stopping postmaster %lld, left by a test that died (%s)", pid,
                qPrintable(directory));
            ::kill(static_cast<pid_t>(pid), SIGQUIT);
            if (!waitUntilGone(pid, 5s))
                ::kill(static_cast<pid_t>(pid), SIGKILL);
            waitUntilGone(pid, 5s);
        }
        QDir(directory).removeRecursively();
    }
}

} // namespace

PostgresCluster::PostgresCluster()
    : m_dir(QDir::tempPath() + QStringLiteral("/tessera-pg-XXXXXX"))
{ }

PostgresCluster::~PostgresCluster()
{
    stop();
}

QString PostgresCluster::dataDirectory() const
{
    return m_dir.filePath(QStringLiteral("data"));
}

QByteArray PostgresCluster::serverLog() const
{
    return readFile(m_dir.filePath(QStringLiteral("postgres.log")));
}

QString PostgresCluster::databaseUrl(const QString &name) const
{
    return QStringLiteral("postgresql://postgres@127.0.0.1:%1/%2")
        .arg(QString::number(m_port), name);
}

bool PostgresCluster::isRunning() const
{
    return processAlive(m_pid);
}

QStringList PostgresCluster::command(const QString &program, const QStringList &arguments) const
{
    QStringList result;
    if (runningAsRoot()) {
        QString runuser = QStandardPaths::findExecutable(QStringLiteral("runuser"));
        if (runuser.isEmpty())
            runuser = QStandardPaths::findExecutable(QStringLiteral("runuser"),
                { QStringLiteral("/usr/sbin"), QStringLiteral("/sbin") });
        result << (runuser.isEmpty() ? QStringLiteral("runuser") : runuser) << QStringLiteral("-u")
               << QStringLiteral("postgres") << QStringLiteral("--");
    }
    result << m_binDir + u'/' + program;
    result << arguments;
    return result;
}

bool PostgresCluster::prepare()
{
    if (!m_dir.isValid()) {
        m_error = QStringLiteral("cannot make a temporary folder: %1").arg(m_dir.errorString());
        return false;
    }
    // Who owns this cluster, for reapOrphanedClusters in a later test if this one dies.
    QFile owner(m_dir.filePath(ownerFileName));
    if (!owner.open(QIODevice::WriteOnly)
        || owner.write(QByteArray::number(::getpid()) + ' ' + processStartTime(::getpid()) + '\n')
            <= 0) {
        m_error = QStringLiteral("cannot write %1").arg(owner.fileName());
        return false;
    }
    owner.close();
    reapOrphanedClusters(QFileInfo(m_dir.path()).absoluteFilePath());
    m_binDir = findBinDir();
    if (m_binDir.isEmpty()) {
        m_error = QStringLiteral("no PostgreSQL found (looked in /usr/lib/postgresql/*/bin and "
                                 "pg_config --bindir); install postgresql-15");
        return false;
    }
    if (runningAsRoot()) {
        const passwd *postgres = ::getpwnam("postgres");
        if (!postgres) {
            m_error = QStringLiteral("running as root, but there is no user postgres to run "
                                     "initdb and pg_ctl as");
            return false;
        }
        const QByteArray path = QFile::encodeName(m_dir.path());
        if (::chown(path.constData(), postgres->pw_uid, postgres->pw_gid) != 0) {
            m_error = QStringLiteral("cannot give %1 to the user postgres").arg(m_dir.path());
            return false;
        }
    }
    const QStringList initdb = command(QStringLiteral("initdb"),
        { QStringLiteral("-D"), dataDirectory(), QStringLiteral("--auth=trust"),
            QStringLiteral("-U"), QStringLiteral("postgres"), QStringLiteral("-E"),
            QStringLiteral("UTF8"), QStringLiteral("--no-locale"), QStringLiteral("--no-sync"),
            QStringLiteral("--no-instructions") });
    const RunResult result = run(initdb, 120s);
    if (result.exitCode != 0) {
        m_error = QStringLiteral("initdb failed: ") + result.describe(initdb.join(u' '));
        return false;
    }
    return true;
}

bool PostgresCluster::start()
{
    if (isRunning())
        return true;
    m_error.clear();
    if (!m_prepared) {
        if (!prepare())
            return false;
        m_prepared = true;
    }
    bool portTaken = false;
    if (m_port != 0) {
        // A restart: same port, same data.
        return launch(m_port, &portTaken);
    }
    return retryWhilePortTaken(
        kPortAttempts,
        [this](bool *taken) {
            const quint16 port = freeLoopbackPort();
            if (port == 0) {
                m_error = QStringLiteral("no free port on 127.0.0.1");
                return false;
            }
            m_port = port; // databaseUrl() and the log name it from the start
            if (launch(port, taken))
                return true;
            m_port = 0;
            return false;
        },
        m_error);
}

bool PostgresCluster::launch(quint16 port, bool *portTaken)
{
    *portTaken = false;
    const QString logFile = m_dir.filePath(QStringLiteral("postgres.log"));
    const qsizetype logBefore = readFile(logFile).size();
    // pg_ctl passes -o through /bin/sh: quote the socket folder (a temporary path, no quotes).
    const QString options = QStringLiteral("-c listen_addresses=127.0.0.1 -p %1 -k '%2' "
                                           "-c fsync=off -c full_page_writes=off "
                                           "-c synchronous_commit=off")
                                .arg(port)
                                .arg(m_dir.path());
    const QStringList pgCtl = command(QStringLiteral("pg_ctl"),
        { QStringLiteral("-D"), dataDirectory(), QStringLiteral("-l"), logFile,
            QStringLiteral("-o"), options, QStringLiteral("-w"), QStringLiteral("-t"),
            QStringLiteral("30"), QStringLiteral("start") });
    const RunResult result = run(pgCtl, 60s);

    // The postmaster writes its pid on the first line of postmaster.pid.
    const QByteArray pidFile = readFile(dataDirectory() + QStringLiteral("/postmaster.pid"));
    const qint64 pid = pidFile.left(pidFile.indexOf('\n')).trimmed().toLongLong();
    if (result.exitCode == 0 && processAlive(pid)) {
        m_pid = pid;
        return true;
    }

    // Failed: leave nothing behind (pg_ctl may have given up on a postmaster still starting).
    if (processAlive(pid)) {
        ::kill(static_cast<pid_t>(pid), SIGQUIT);
        if (!waitUntilGone(pid, 5s))
            ::kill(static_cast<pid_t>(pid), SIGKILL);
        waitUntilGone(pid, 5s);
    }
    const QByteArray log = readFile(logFile).mid(logBefore);
    *portTaken = log.contains("Address already in use");
    m_error = QStringLiteral("PostgreSQL did not start on 127.0.0.1:%1: %2\nserver log:\n%3")
                  .arg(port)
                  .arg(result.describe(pgCtl.join(u' ')), QString::fromUtf8(log.right(4000)));
    return false;
}

void PostgresCluster::stop()
{
    if (m_pid == 0)
        return;
    if (processAlive(m_pid)) {
        const QStringList pgCtl = command(QStringLiteral("pg_ctl"),
            { QStringLiteral("-D"), dataDirectory(), QStringLiteral("-m"), QStringLiteral("fast"),
                QStringLiteral("-w"), QStringLiteral("-t"), QStringLiteral("30"),
                QStringLiteral("stop") });
        const RunResult result = run(pgCtl, 40s);
        if (result.exitCode != 0)
            qWarning("pg_ctl stop: %s", qPrintable(result.describe(pgCtl.join(u' '))));
        // No postgres may outlive us, whatever pg_ctl said.
        if (!waitUntilGone(m_pid, 5s)) {
            qWarning("postmaster %lld still there after pg_ctl stop: killing it", m_pid);
            ::kill(static_cast<pid_t>(m_pid), SIGKILL);
            waitUntilGone(m_pid, 5s);
        }
    }
    m_pid = 0;
}

bool PostgresCluster::createDatabase(const QString &name)
{
    static const QRegularExpression identifier(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]{0,62}$"));
    if (!identifier.match(name).hasMatch()) {
        m_error = QStringLiteral("not a plain database name: %1").arg(name);
        return false;
    }
    if (!isRunning()) {
        m_error = QStringLiteral("PostgreSQL is not running");
        return false;
    }
    // psql is a client: it may run as anyone (trust authentication over TCP on loopback).
    const QString psql = m_binDir + QStringLiteral("/psql");
    const QStringList arguments = {
        QStringLiteral("-X"),
        QStringLiteral("-q"),
        QStringLiteral("-v"),
        QStringLiteral("ON_ERROR_STOP=1"),
        QStringLiteral("-h"),
        host(),
        QStringLiteral("-p"),
        QString::number(m_port),
        QStringLiteral("-U"),
        user(),
        QStringLiteral("-d"),
        QStringLiteral("postgres"),
        QStringLiteral("-c"),
        QStringLiteral("CREATE DATABASE \"%1\"").arg(name),
    };
    const RunResult result = runProgram(psql, arguments, 60s, {}, cleanEnvironment());
    if (result.exitCode != 0) {
        m_error =
            QStringLiteral("creating database %1 failed: %2").arg(name, result.describe(psql));
        return false;
    }
    return true;
}

} // namespace tessera::test
