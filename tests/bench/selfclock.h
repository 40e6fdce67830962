#pragma once

// What the benchmarks and their peer programs read of themselves: one clock that compares between
// processes, and their own resident peak. Header only, Qt Core only: the peers (bench-push-
// subscribers, bench-peer-quickwindow) link no bench library, so that they stay what they
// measure. The app's own start-up probe (app/gui/startupprobe.cpp) reads the same two figures.
#include <QByteArray>
#include <QFile>
#include <QList>
#include <QString>

#include <time.h>

namespace tessera::bench {

// CLOCK_MONOTONIC in nanoseconds: comparable between processes on the machine.
inline qint64 monotonicNs()
{
    timespec now {};
    clock_gettime(CLOCK_MONOTONIC, &now);
    return qint64(now.tv_sec) * 1000000000LL + now.tv_nsec;
}

// This process's resident peak so far (Linux: VmHWM), KiB; 0 where it cannot be read.
inline qint64 ownPeakResidentKiB()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return 0;
    const QList<QByteArray> lines = status.readAll().split('\n');
    for (const QByteArray &line : lines) {
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    }
    return 0;
}

} // namespace tessera::bench
