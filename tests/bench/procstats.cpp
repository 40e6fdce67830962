#include "procstats.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>

#include <unistd.h>

namespace tessera::bench {

namespace {

QByteArray readProcFile(qint64 pid, const char *name)
{
    QFile file(QStringLiteral("/proc/%1/%2").arg(pid).arg(QLatin1String(name)));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll(); // /proc files report size 0: readAll reads until the end
}

std::optional<qint64> statusKiB(const QByteArray &status, const QByteArray &key)
{
    for (const QByteArray &line : status.split('\n')) {
        if (!line.startsWith(QByteArray(key + ':')))
            continue;
        const QList<QByteArray> parts = line.mid(key.size() + 1).simplified().split(' ');
        bool ok = false;
        const qint64 value = parts.value(0).toLongLong(&ok);
        if (ok)
            return value;
    }
    return std::nullopt;
}

// The fields of /proc/PID/stat after "(comm)", which may itself hold spaces and parentheses.
QList<QByteArray> statFieldsAfterComm(qint64 pid)
{
    const QByteArray stat = readProcFile(pid, "stat");
    const qsizetype close = stat.lastIndexOf(')');
    if (close < 0)
        return {};
    return stat.mid(close + 1).simplified().split(' ');
}

// The ids of the running processes: the numeric folders of /proc.
QList<qint64> processIds()
{
    QList<qint64> pids;
    const QStringList entries = QDir(QStringLiteral("/proc")).entryList(QDir::Dirs);
    for (const QString &entry : entries) {
        bool isPid = false;
        const qint64 pid = entry.toLongLong(&isPid);
        if (isPid)
            pids.append(pid);
    }
    return pids;
}

// The parent of pid, or -1 when its stat cannot be read. After "(comm)": ppid is field 4 of
// stat(5), so index 1.
qint64 parentOf(qint64 pid)
{
    const QList<QByteArray> fields = statFieldsAfterComm(pid);
    return fields.size() >= 2 ? fields.at(1).toLongLong() : -1;
}

} // namespace

std::optional<ProcessMemory> readProcessMemory(qint64 pid)
{
    const QByteArray status = readProcFile(pid, "status");
    const auto rss = statusKiB(status, QByteArrayLiteral("VmRSS"));
    const auto hwm = statusKiB(status, QByteArrayLiteral("VmHWM"));
    if (!rss || !hwm)
        return std::nullopt;
    return ProcessMemory { *rss, *hwm };
}

bool resetPeakRss(qint64 pid)
{
    QFile file(QStringLiteral("/proc/%1/clear_refs").arg(pid));
    if (!file.open(QIODevice::WriteOnly))
        return false;
    return file.write("5") == 1;
}

std::optional<qint64> processCpuNs(qint64 pid)
{
    // After "(comm)": state is field 3 of stat(5), so utime (14) and stime (15) are at 11 and 12.
    const QList<QByteArray> fields = statFieldsAfterComm(pid);
    if (fields.size() < 13)
        return std::nullopt;
    bool userOk = false;
    bool systemOk = false;
    const qint64 ticks = fields.at(11).toLongLong(&userOk) + fields.at(12).toLongLong(&systemOk);
    const long ticksPerSecond = ::sysconf(_SC_CLK_TCK);
    if (!userOk || !systemOk || ticksPerSecond <= 0)
        return std::nullopt;
    return ticks * (1000000000LL / ticksPerSecond);
}

std::optional<qint64> processTreeCpuNs(qint64 pid)
{
    const auto own = processCpuNs(pid);
    if (!own)
        return std::nullopt;
    // Parent of every process, then the descendants of pid breadth first.
    QHash<qint64, QList<qint64>> children;
    const QList<qint64> pids = processIds();
    for (const qint64 child : pids) {
        const qint64 parent = parentOf(child);
        if (parent >= 0)
            children[parent].append(child);
    }
    qint64 total = *own;
    QList<qint64> queue = children.value(pid);
    while (!queue.isEmpty()) {
        const qint64 next = queue.takeFirst();
        total += processCpuNs(next).value_or(0);
        queue += children.value(next);
    }
    return total;
}

QList<qint64> childProcessesRunning(const QString &program)
{
    QList<qint64> pids;
    const QString wanted = QFileInfo(program).canonicalFilePath();
    const qint64 self = ::getpid();
    const QList<qint64> all = processIds();
    for (const qint64 pid : all) {
        if (parentOf(pid) != self)
            continue;
        if (QFileInfo(QStringLiteral("/proc/%1/exe").arg(pid)).canonicalFilePath() == wanted)
            pids.append(pid);
    }
    return pids;
}

qint64 childProcessRunning(const QString &program)
{
    const QList<qint64> pids = childProcessesRunning(program);
    return pids.isEmpty() ? 0 : pids.constFirst();
}

} // namespace tessera::bench
