// The live stream's decision after a close (docs/DEPLOYMENT.md "Draining"): a 4000
// "reconnect" on an open stream (its node drains) connects again after a random wait of at most
// StreamClient::maxDrainDelay, not counted as a failure; any other close, and a 4000 before the
// hello (a draining node refusing a new stream), is a failure left to the backoff.
// tst_stream_drain shows it against real nodes.
#include "feed/streamclient.h"

#include <QRandomGenerator>
#include <QSet>
#include <QTest>

#include <limits>

using namespace tessera;
using namespace std::chrono_literals;

namespace {

// The wait in ms for a close, -1 when it is a failure (the backoff's).
qint64 waitAfter(int closeCode, bool wasOpen, quint32 random)
{
    return StreamClient::drainReconnectDelay(closeCode, wasOpen, random).value_or(-1ms).count();
}

const qint64 kMax = StreamClient::maxDrainDelay.count();

} // namespace

class TestStreamClientDrain : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void drainOnAnOpenStreamWaitsAtMostTheDrainDelay()
    {
        QCOMPARE(int(StreamClient::closeCodeReconnect), 4000);
        QVERIFY(kMax > 0);
        // The random draw picks the wait: from none up to the drain delay.
        QCOMPARE(waitAfter(4000, true, 0), qint64(0));
        QCOMPARE(waitAfter(4000, true, quint32(kMax)), kMax);
        QCOMPARE(waitAfter(4000, true, quint32(kMax + 1)), qint64(0));
        const qint64 top = waitAfter(4000, true, std::numeric_limits<quint32>::max());
        QVERIFY(top >= 0 && top <= kMax);
        // Many clients spread over the window instead of all at once.
        QRandomGenerator random(19);
        QSet<qint64> waits;
        for (int i = 0; i < 1000; ++i) {
            const qint64 wait = waitAfter(4000, true, random.generate());
            QVERIFY(wait >= 0 && wait <= kMax);
            waits.insert(wait);
        }
        QVERIFY2(waits.size() > 100, qPrintable(QString::number(waits.size())));
    }

    void otherClosesAreFailures()
    {
        // A draining node refusing a new stream before its hello: the backoff, so a client the
        // balancer sends there again does not loop.
        QCOMPARE(waitAfter(4000, false, 0), qint64(-1));
        for (const int code : { 0, 1000, 1001, 1006, 1009, 1011, 3999, 4001, 4401 })
            QVERIFY2(waitAfter(code, true, 0) == -1, qPrintable(QString::number(code)));
    }
};

QTEST_GUILESS_MAIN(TestStreamClientDrain)
#include "tst_streamclient_drain.moc"
