#pragma once

#include <QByteArray>
#include <QMap>
#include <QProcessEnvironment>
#include <QStringList>

#include <optional>

namespace tessera::bench {

// One start of a program that prints a "tessera-startup-probe:" line at its first frame.
struct ProbedStart
{
    qint64 startNs = 0; // just before posix_spawn
    qint64 frameNs = 0; // the child's first frame with rows swapped
    QByteArray page; // the page that frame showed: "home" or "inbox"
    qint64 maxRssKiB = 0; // the child's ru_maxrss (its whole life)
    qint64 vmHwmKiB = 0; // the child's VmHWM when it printed the frame
    int rows = 0;
    QMap<QByteArray, qint64> marks; // name -> CLOCK_MONOTONIC ns (the first of each name)
    QByteArray markList; // all marks in order, ms after the start

    double frameMs() const { return double(frameNs - startNs) / 1e6; }

    // Starts program (posix_spawn, standard output and error to files in folder), waits for it with
    // wait4 and reads its probe line. nullopt with *error when it did not start, failed, hung or
    // printed no frame.
    static std::optional<ProbedStart> launch(const QString &program, const QStringList &arguments,
        const QProcessEnvironment &environment, const QString &folder, QString *error);
};

} // namespace tessera::bench
