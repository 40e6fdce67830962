#pragma once

// What one run of the push benchmark measured: the latencies, the deliveries and their span, the
// server's or broker's CPU time, and (to the screen) where the time went.
#include <QList>

namespace tessera::bench {

struct PushOutcome
{
    QList<qint64> latenciesNs;
    qint64 delivered = 0;
    qint64 firstSendNs = 0;
    qint64 lastReceiveNs = 0;
    qint64 brokerCpuNs = 0; // CPU time of tessera-server / mosquitto during the run
    // To the screen: POST written -> the first hint at the app after it, and that hint -> row.
    QList<qint64> toHintNs;
    QList<qint64> hintToRowNs;
    double deliveriesPerSecond() const
    {
        return lastReceiveNs > firstSendNs
            ? double(delivered) * 1e9 / double(lastReceiveNs - firstSendNs)
            : 0.0;
    }
};

} // namespace tessera::bench
