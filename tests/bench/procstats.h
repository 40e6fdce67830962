#pragma once

#include <QList>
#include <QString>

#include <optional>

namespace tessera::bench {

// Readings of another process from /proc (Linux).
struct ProcessMemory
{
    qint64 rssKiB = 0; // VmRSS: resident now
    qint64 peakRssKiB = 0; // VmHWM: the resident peak (since start, or since resetPeakRss)
};
std::optional<ProcessMemory> readProcessMemory(qint64 pid);

// Starts a new VmHWM period (writes 5 to /proc/PID/clear_refs); false when the kernel or the
// permissions do not allow it, and VmHWM then still counts from the process's start.
bool resetPeakRss(qint64 pid);

// User + system CPU time the process has used so far, all threads, in nanoseconds (the kernel
// counts in clock ticks, usually 10 ms).
std::optional<qint64> processCpuNs(qint64 pid);

// User + system CPU time of pid and all its descendants alive now (e.g. a PostgreSQL postmaster
// and its backends), in nanoseconds. Descendants that ended meanwhile are not counted.
std::optional<qint64> processTreeCpuNs(qint64 pid);

// The pids of the running children of this process started from program.
QList<qint64> childProcessesRunning(const QString &program);

// The pid of a running child of this process started from program (compared by the resolved
// /proc/PID/exe), or 0 when there is none.
qint64 childProcessRunning(const QString &program);

} // namespace tessera::bench
