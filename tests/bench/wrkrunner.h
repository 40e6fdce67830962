#pragma once

#include <QString>
#include <QUrl>

#include <optional>

namespace tessera::bench {

// wrk (https://github.com/wg/wrk, Debian package wrk): an independent C load generator, as a
// cross-check of the in-process one. Optional: the benchmarks use it only when it is installed.
struct WrkResult
{
    double requestsPerSecond = 0;
    double p50us = 0;
    double p90us = 0;
    double p99us = 0;
    qint64 requests = 0;
    qint64 notOk = 0; // "Non-2xx or 3xx responses"
    QString socketErrors; // wrk's "Socket errors:" line, empty when there were none
};

QString wrkProgram(); // empty when wrk is not installed

// wrk -t threads -c connections -d seconds --latency url (bounded by its duration; the process is
// given a generous timeout on top). nullopt, with error, when wrk failed or printed no figures.
std::optional<WrkResult> runWrk(
    const QUrl &url, int threads, int connections, int seconds, QString *error);

} // namespace tessera::bench
